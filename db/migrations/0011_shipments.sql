-- Each warehouse's part of a released order is a shipment of its own: it is picked, packed,
-- loaded and shipped there, with its own status, and the order is shipped when every part is.
CREATE TABLE shipments (
    id @ID@,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    status TEXT NOT NULL,
    -- The station the part is in hand at while it is picked or packed, so no other takes it.
    station_id BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (order_id, warehouse_id)
);
CREATE INDEX shipments_warehouse ON shipments (warehouse_id, status, order_id);

-- Orders released before shipments existed get theirs, in the order's own status.
INSERT INTO shipments (order_id, warehouse_id, status, station_id, created_at, updated_at)
SELECT DISTINCT a.order_id, a.warehouse_id,
       CASE WHEN o.status = 'delivered' THEN 'shipped' ELSE o.status END,
       o.station_id, o.updated_at, o.updated_at
FROM order_allocations a JOIN orders o ON o.id = a.order_id
WHERE o.status IN ('released', 'picking', 'picked', 'packing', 'packed', 'staged', 'shipped',
                   'delivered');

-- Order settings beside the routing rules: whether a partly backordered order waits for the
-- rest ('wait') or is released with what is there ('ship_available').
CREATE TABLE order_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO order_settings (name, value) VALUES ('partial_shipments', 'wait');
