-- What the operations console asks for often: an order's scans, and the orders shipped
-- per hour and day on the dashboard.
CREATE INDEX scans_order ON scans (order_id, id);
CREATE INDEX order_events_at ON order_events (at);
