-- Label printers an admin registered for a warehouse: carton labels go to these only, never
-- to a host and port a caller names.
CREATE TABLE printers (
    id @ID@,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL,
    port INTEGER NOT NULL DEFAULT 9100 CHECK (port BETWEEN 1 AND 65535),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (warehouse_id, code)
);
