-- A kit line is allocated as its components: one row per component and warehouse, whose
-- product is the component and whose per_unit is how many of it one kit holds (1 for a line
-- of a plain product). The line's allocated kits are its components' quantity / per_unit.
ALTER TABLE order_allocations ADD COLUMN per_unit BIGINT NOT NULL DEFAULT 1 CHECK (per_unit > 0);
