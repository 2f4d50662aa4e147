-- Cycle counts scheduled per zone: every `every_days` days each bin of the zone that holds
-- stock gets a count task per product in it. next_due_at moves on when the tasks are raised
-- (compare-and-set on its old value, so two nodes never raise them twice).
CREATE TABLE count_schedules (
    id @ID@,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    zone TEXT NOT NULL,
    every_days INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 366),
    next_due_at BIGINT NOT NULL,
    last_raised_at BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (warehouse_id, zone)
);
CREATE INDEX count_schedules_due ON count_schedules (next_due_at);
