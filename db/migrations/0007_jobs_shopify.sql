-- The outbox and job queue: a side effect (a Shopify call, later an email) is a row written
-- in the transaction of the change that causes it, run by whichever node claims it first.
CREATE TABLE jobs (
    id @ID@,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',  -- what it is about, e.g. 'order:42', 'shop:1'
    payload TEXT NOT NULL DEFAULT '{}',
    -- At most one pending or running job per key (a recurring sync, one fulfillment per
    -- trailer and order).
    dedupe_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 25,
    run_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);
CREATE INDEX jobs_subject ON jobs (subject, id);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE status IN ('pending', 'running');

-- A connected Shopify shop. The access token and webhook secret are sealed (libsodium
-- secretbox, key from the configuration) and never leave the server.
CREATE TABLE shopify_shops (
    id @ID@,
    shop_domain TEXT NOT NULL UNIQUE,
    api_version TEXT NOT NULL,
    api_base_url TEXT NOT NULL,
    location_id TEXT NOT NULL,
    access_token TEXT NOT NULL,
    webhook_secret TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'uninstalled')),
    notify_customer INTEGER NOT NULL DEFAULT 1 CHECK (notify_customer IN (0, 1)),
    push_inventory INTEGER NOT NULL DEFAULT 0 CHECK (push_inventory IN (0, 1)),
    sync_interval_s INTEGER NOT NULL DEFAULT 300,
    -- Orders updated up to this moment (UTC ms) are known: the next sync asks from here.
    synced_until BIGINT NOT NULL DEFAULT 0,
    last_sync_at BIGINT,
    last_sync_error TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every webhook as received, before anything is done with it: nothing received is lost.
-- (shop, event id) is unique, so a delivery repeated, even at the same moment, is one row.
CREATE TABLE shopify_webhooks (
    id @ID@,
    shop_id BIGINT NOT NULL REFERENCES shopify_shops (id),
    event_id TEXT NOT NULL,
    webhook_id TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'processed', 'failed')),
    result TEXT NOT NULL DEFAULT '',
    processed_at BIGINT,
    UNIQUE (shop_id, event_id)
);
CREATE INDEX shopify_webhooks_received ON shopify_webhooks (received_at);

-- Which shop an order came from, and the Shopify updated_at Tally last applied, so an
-- older update that arrives late changes nothing.
CREATE TABLE shopify_orders (
    order_id BIGINT PRIMARY KEY REFERENCES orders (id),
    shop_id BIGINT NOT NULL REFERENCES shopify_shops (id),
    shopify_updated_at BIGINT NOT NULL DEFAULT 0
);

-- Fulfillments created in Shopify for an order's shipped cartons.
CREATE TABLE shopify_fulfillments (
    id @ID@,
    shop_id BIGINT NOT NULL REFERENCES shopify_shops (id),
    order_id BIGINT NOT NULL REFERENCES orders (id),
    manifest_id BIGINT,
    fulfillment_order_id TEXT NOT NULL,
    fulfillment_id TEXT NOT NULL UNIQUE,
    tracking_numbers TEXT NOT NULL DEFAULT '',
    units TEXT NOT NULL DEFAULT '{}',  -- the units it covered per SKU, as JSON
    created_at BIGINT NOT NULL
);
CREATE INDEX shopify_fulfillments_order ON shopify_fulfillments (order_id);

-- The last available quantity pushed to Shopify per SKU, so only changes are sent.
CREATE TABLE shopify_inventory (
    shop_id BIGINT NOT NULL REFERENCES shopify_shops (id),
    sku TEXT NOT NULL,
    inventory_item_id TEXT NOT NULL DEFAULT '',
    pushed BIGINT,
    pushed_at BIGINT,
    PRIMARY KEY (shop_id, sku)
);
