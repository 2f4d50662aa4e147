-- One number that every change to products moves on, in the same transaction: a node
-- keeps barcode lookups in memory and trusts them while this number stays the same.
CREATE TABLE catalog_state (
    id INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO catalog_state (id, version) VALUES (1, 0);
