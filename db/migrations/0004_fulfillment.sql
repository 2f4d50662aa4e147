-- Scan-verified fulfillment: carriers and shipping rules, stations and their stored step,
-- the scan log, pick tasks and batches, cartons and their contents, trailer manifests,
-- count tasks, cost of goods shipped and fulfillment settings.

-- Units of an allocation that have left the building: reserved stock is what is allocated
-- and not yet shipped.
ALTER TABLE order_allocations ADD COLUMN shipped BIGINT NOT NULL DEFAULT 0;

CREATE TABLE carriers (
    id @ID@,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    pickup_days TEXT NOT NULL DEFAULT '',
    tracking_url TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE carrier_services (
    id @ID@,
    carrier_id BIGINT NOT NULL REFERENCES carriers (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    service_level TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (carrier_id, code)
);

-- First match by priority: an order's service level, destination country and weight pick
-- the carrier service. A NULL condition matches anything.
CREATE TABLE shipping_rules (
    priority INTEGER PRIMARY KEY,
    service_level TEXT,
    country TEXT,
    min_weight_g INTEGER,
    max_weight_g INTEGER,
    carrier_service_id BIGINT NOT NULL REFERENCES carrier_services (id)
);

-- A station's current step is stored, so a restart or another device resumes it.
CREATE TABLE stations (
    id @ID@,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('pick', 'pack', 'load', 'receive', 'return')),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    user_id BIGINT,
    state TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The station an order is in hand at while it is picked or packed, so no other takes it.
ALTER TABLE orders ADD COLUMN station_id BIGINT;

-- Every scan, right or wrong. scan_id is the client's own id: a repeat returns `response`.
CREATE TABLE scans (
    id @ID@,
    scan_id TEXT UNIQUE,
    station_id BIGINT NOT NULL REFERENCES stations (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    user_id BIGINT,
    actor TEXT NOT NULL,
    at BIGINT NOT NULL,
    scanned_at BIGINT,
    step TEXT NOT NULL,
    barcode TEXT NOT NULL,
    expected TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL,
    order_id BIGINT,
    product_id BIGINT,
    bin_id BIGINT,
    units BIGINT NOT NULL DEFAULT 0,
    response TEXT NOT NULL
);
CREATE INDEX scans_at ON scans (at);
CREATE INDEX scans_station ON scans (station_id, id);

-- Orders picked together onto one cart, each into its tote (slot).
CREATE TABLE pick_batches (
    id @ID@,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'picking', 'done')),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE pick_batch_orders (
    batch_id BIGINT NOT NULL REFERENCES pick_batches (id),
    slot INTEGER NOT NULL,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    PRIMARY KEY (batch_id, slot)
);
CREATE INDEX pick_batch_orders_order ON pick_batch_orders (order_id);

-- One instruction: take `quantity` of a product (and lot) from a bin for an order line.
CREATE TABLE pick_tasks (
    id @ID@,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    line_id BIGINT NOT NULL REFERENCES order_lines (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    bin_id BIGINT NOT NULL REFERENCES bins (id),
    lot TEXT NOT NULL DEFAULT '',
    expiry TEXT,
    sequence INTEGER NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    picked BIGINT NOT NULL DEFAULT 0 CHECK (picked >= 0 AND picked <= quantity),
    short BIGINT NOT NULL DEFAULT 0 CHECK (short >= 0),
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'short'))
);
CREATE INDEX pick_tasks_order ON pick_tasks (order_id, id);
CREATE INDEX pick_tasks_open ON pick_tasks (product_id, warehouse_id) WHERE status = 'open';

CREATE TABLE manifests (
    id @ID@,
    carrier_id BIGINT NOT NULL REFERENCES carriers (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    closed_at BIGINT,
    closed_by TEXT
);

CREATE TABLE cartons (
    id @ID@,
    sscc TEXT NOT NULL UNIQUE,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    seq INTEGER NOT NULL,
    box_type_id BIGINT REFERENCES box_types (id),
    box_code TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'packed', 'staged', 'loaded', 'shipped')),
    expected_weight_g INTEGER NOT NULL DEFAULT 0,
    weight_g INTEGER,
    carrier_service_id BIGINT REFERENCES carrier_services (id),
    tracking_number TEXT,
    manifest_id BIGINT REFERENCES manifests (id),
    override_reason TEXT,
    override_by TEXT,
    created_at BIGINT NOT NULL,
    packed_at BIGINT,
    loaded_at BIGINT,
    UNIQUE (order_id, seq)
);
CREATE INDEX cartons_status ON cartons (warehouse_id, status);
CREATE INDEX cartons_manifest ON cartons (manifest_id);
CREATE INDEX cartons_tracking ON cartons (tracking_number);

CREATE TABLE carton_items (
    carton_id BIGINT NOT NULL REFERENCES cartons (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    expected BIGINT NOT NULL DEFAULT 0,
    packed BIGINT NOT NULL DEFAULT 0 CHECK (packed >= 0),
    PRIMARY KEY (carton_id, product_id)
);

-- A bin to count again: a short pick found less than the books said.
CREATE TABLE count_tasks (
    id @ID@,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    bin_id BIGINT NOT NULL REFERENCES bins (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done')),
    created_at BIGINT NOT NULL
);

-- Units flagged as damaged at pick or pack, moved to the damage bin through the ledger.
CREATE TABLE damage_reports (
    id @ID@,
    at BIGINT NOT NULL,
    station_id BIGINT REFERENCES stations (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    bin_id BIGINT NOT NULL REFERENCES bins (id),
    lot TEXT NOT NULL DEFAULT '',
    order_id BIGINT,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL
);

-- Cost of goods shipped, per order line and warehouse, in the product's currency.
CREATE TABLE cost_of_goods (
    id @ID@,
    at BIGINT NOT NULL,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    quantity BIGINT NOT NULL,
    unit_cost BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL
);
CREATE INDEX cost_of_goods_at ON cost_of_goods (at);

CREATE TABLE fulfillment_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO fulfillment_settings (name, value) VALUES
    ('weight_tolerance_percent', '5'), ('weight_tolerance_min_g', '30'),
    ('carton_padding_mm', '10'), ('sscc_extension', '0'), ('sscc_company_prefix', '0614141'),
    ('cost_per_shipped_error', '2500'), ('seconds_per_scan', '2'),
    ('labour_rate_per_hour', '1800'), ('currency', 'EUR'), ('expiry_warning_days', '30');
