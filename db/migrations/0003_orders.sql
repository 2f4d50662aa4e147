-- Orders, their lines, where each line's units are reserved, and what happened to them.
ALTER TABLE warehouses ADD COLUMN routing_cost BIGINT NOT NULL DEFAULT 0;

CREATE TABLE orders (
    id @ID@,
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    customer_name TEXT NOT NULL DEFAULT '',
    customer_email TEXT NOT NULL DEFAULT '',
    customer_phone TEXT NOT NULL DEFAULT '',
    ship_name TEXT NOT NULL,
    ship_company TEXT NOT NULL DEFAULT '',
    ship_line1 TEXT NOT NULL,
    ship_line2 TEXT NOT NULL DEFAULT '',
    ship_city TEXT NOT NULL,
    ship_region TEXT NOT NULL DEFAULT '',
    ship_postal_code TEXT NOT NULL DEFAULT '',
    ship_country TEXT NOT NULL,
    ship_phone TEXT NOT NULL DEFAULT '',
    ship_latitude DOUBLE PRECISION,
    ship_longitude DOUBLE PRECISION,
    service_level TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    hold_reason TEXT,
    routing TEXT NOT NULL DEFAULT '',
    total BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (channel, external_id)
);
CREATE INDEX orders_status ON orders (status, id);
CREATE INDEX orders_created ON orders (created_at);

CREATE TABLE order_lines (
    id @ID@,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    line_no INTEGER NOT NULL,
    product_id BIGINT NOT NULL REFERENCES products (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    unit_price BIGINT NOT NULL CHECK (unit_price >= 0),
    allocated BIGINT NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= quantity),
    UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_product ON order_lines (product_id);

-- Units of a line reserved in a warehouse. Their sum per (product, warehouse) over open
-- orders is warehouse_stock.reserved; tally fsck checks it.
CREATE TABLE order_allocations (
    id @ID@,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    line_id BIGINT NOT NULL REFERENCES order_lines (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0)
);
CREATE INDEX order_allocations_order ON order_allocations (order_id);
CREATE INDEX order_allocations_stock ON order_allocations (product_id, warehouse_id);
CREATE INDEX order_allocations_warehouse ON order_allocations (warehouse_id, order_id);

CREATE TABLE order_events (
    id @ID@,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- A create request's first answer, replayed for a retry with the same key. The row is
-- written first, so a concurrent retry waits on its key instead of doing the work twice.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    order_id BIGINT REFERENCES orders (id),
    response TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

-- Stock signals for the alerts to come: low stock, out of stock, a backordered line.
CREATE TABLE stock_signals (
    id @ID@,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('low_stock', 'out_of_stock', 'backorder')),
    product_id BIGINT NOT NULL REFERENCES products (id),
    warehouse_id BIGINT REFERENCES warehouses (id),
    order_id BIGINT REFERENCES orders (id),
    available BIGINT NOT NULL,
    reorder_point BIGINT,
    quantity BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX stock_signals_at ON stock_signals (id);

CREATE TABLE routing_rules (
    priority INTEGER PRIMARY KEY,
    rule TEXT NOT NULL UNIQUE,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1))
);
INSERT INTO routing_rules (priority, rule, enabled) VALUES
    (1, 'ship_complete', 1), (2, 'fewest_warehouses', 1), (3, 'nearest', 1), (4, 'lowest_cost', 1);
