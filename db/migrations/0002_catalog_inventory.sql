-- Catalog and inventory: products, barcodes and packagings, kits, box types, warehouses,
-- bins, docks, stock by (product, bin, lot), reservations per (product, warehouse), the
-- stock ledger and replenishment thresholds. Money is integer minor units; weights grams;
-- sizes millimetres; dates YYYY-MM-DD text; times UTC milliseconds.

CREATE TABLE products (
    id @ID@,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    weight_g INTEGER NOT NULL DEFAULT 0 CHECK (weight_g >= 0),
    length_mm INTEGER NOT NULL DEFAULT 0 CHECK (length_mm >= 0),
    width_mm INTEGER NOT NULL DEFAULT 0 CHECK (width_mm >= 0),
    height_mm INTEGER NOT NULL DEFAULT 0 CHECK (height_mm >= 0),
    unit_cost BIGINT NOT NULL DEFAULT 0 CHECK (unit_cost >= 0),
    price BIGINT NOT NULL DEFAULT 0 CHECK (price >= 0),
    currency TEXT NOT NULL,
    hs_code TEXT,
    country_of_origin TEXT,
    lot_tracked INTEGER NOT NULL DEFAULT 0 CHECK (lot_tracked IN (0, 1)),
    expiry_tracked INTEGER NOT NULL DEFAULT 0 CHECK (expiry_tracked IN (0, 1)),
    fragile INTEGER NOT NULL DEFAULT 0 CHECK (fragile IN (0, 1)),
    storage_class TEXT NOT NULL DEFAULT 'standard',
    is_kit INTEGER NOT NULL DEFAULT 0 CHECK (is_kit IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX products_name ON products (name);

-- Every code that identifies a product: its unit GTINs and free-form codes (quantity 1),
-- and packaging GTINs (a case of 12 has quantity 12). GTINs are stored as 14 digits.
CREATE TABLE product_barcodes (
    barcode TEXT PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('gtin', 'code')),
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    packaging TEXT
);
CREATE INDEX product_barcodes_product ON product_barcodes (product_id);

CREATE TABLE kit_components (
    kit_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    component_id BIGINT NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (kit_id, component_id)
);

CREATE TABLE box_types (
    id @ID@,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    inner_length_mm INTEGER NOT NULL CHECK (inner_length_mm > 0),
    inner_width_mm INTEGER NOT NULL CHECK (inner_width_mm > 0),
    inner_height_mm INTEGER NOT NULL CHECK (inner_height_mm > 0),
    tare_g INTEGER NOT NULL CHECK (tare_g >= 0),
    max_load_g INTEGER NOT NULL CHECK (max_load_g > 0),
    cost BIGINT NOT NULL DEFAULT 0 CHECK (cost >= 0),
    currency TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE warehouses (
    id @ID@,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL,
    timezone TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE bins (
    id @ID@,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    code TEXT NOT NULL,
    zone TEXT NOT NULL DEFAULT '',
    pick_sequence INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'storage'
        CHECK (kind IN ('storage', 'receiving', 'staging', 'damage', 'returns')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (warehouse_id, code)
);

CREATE TABLE docks (
    id @ID@,
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    door TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'both' CHECK (kind IN ('inbound', 'outbound', 'both')),
    UNIQUE (warehouse_id, door)
);

-- What is on the shelf: one row per product, bin and lot ('' when not lot-tracked).
CREATE TABLE stock (
    id @ID@,
    product_id BIGINT NOT NULL REFERENCES products (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    bin_id BIGINT NOT NULL REFERENCES bins (id),
    lot TEXT NOT NULL DEFAULT '',
    expiry TEXT,
    received_at BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 0),
    UNIQUE (product_id, bin_id, lot)
);
CREATE INDEX stock_bin ON stock (bin_id);
CREATE INDEX stock_product_warehouse ON stock (product_id, warehouse_id);

-- Per product and warehouse: on hand (the sum of its stock rows) and reserved for orders.
-- Reserving is one conditional update on this row, so the last unit goes to one order.
CREATE TABLE warehouse_stock (
    product_id BIGINT NOT NULL REFERENCES products (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    on_hand BIGINT NOT NULL CHECK (on_hand >= 0),
    reserved BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
    PRIMARY KEY (product_id, warehouse_id)
);

-- Append-only: every change of a stock row, with who, why and for what.
CREATE TABLE stock_ledger (
    id @ID@,
    at BIGINT NOT NULL,
    product_id BIGINT NOT NULL REFERENCES products (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    bin_id BIGINT NOT NULL REFERENCES bins (id),
    lot TEXT NOT NULL DEFAULT '',
    delta BIGINT NOT NULL CHECK (delta <> 0),
    kind TEXT NOT NULL
        CHECK (kind IN ('receipt', 'move', 'adjustment', 'pick', 'return', 'ship')),
    reason TEXT,
    reference TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    actor_user_id BIGINT
);
CREATE INDEX stock_ledger_stock ON stock_ledger (product_id, bin_id, lot);
CREATE INDEX stock_ledger_at ON stock_ledger (at);

CREATE TABLE replenishment_thresholds (
    product_id BIGINT NOT NULL REFERENCES products (id),
    warehouse_id BIGINT NOT NULL REFERENCES warehouses (id),
    reorder_point INTEGER NOT NULL CHECK (reorder_point >= 0),
    safety_stock INTEGER NOT NULL CHECK (safety_stock >= 0),
    lead_time_days INTEGER NOT NULL CHECK (lead_time_days >= 0),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (product_id, warehouse_id)
);
