-- Shopify signs only the body of a webhook: its topic and event id are headers anyone who
-- captured a delivery can change. The SHA-256 of the raw body, unique per shop, makes a body
-- replayed under a new event id (or topic) one delivery. Rows from before carry none.
ALTER TABLE shopify_webhooks ADD COLUMN body_sha256 TEXT;
CREATE UNIQUE INDEX shopify_webhooks_body ON shopify_webhooks (shop_id, body_sha256);
