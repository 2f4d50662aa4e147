-- Count stations: a station kind 'count' works count tasks (a bin's units, counted blind).
-- Widening a CHECK constraint has no portable SQL. SQLite: the documented writable_schema
-- edit (a looser CHECK leaves every stored row valid), then RESET reloads this connection's
-- schema and the CREATE TABLE below bumps the schema cookie so every other connection reloads
-- it too. PostgreSQL: the constraint dropped and added again.
@SQLITE@ PRAGMA writable_schema = ON;
@SQLITE@ UPDATE sqlite_master SET sql = replace(sql, '''load'', ''receive''',
    '''load'', ''count'', ''receive''') WHERE type = 'table' AND name = 'stations';
@SQLITE@ PRAGMA writable_schema = RESET;
@POSTGRESQL@ ALTER TABLE stations DROP CONSTRAINT stations_kind_check;
@POSTGRESQL@ ALTER TABLE stations ADD CONSTRAINT stations_kind_check
    CHECK (kind IN ('pick', 'pack', 'load', 'count', 'receive', 'return'));

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
