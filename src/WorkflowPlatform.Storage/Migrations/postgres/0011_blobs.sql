-- Encrypted blobs (photos, document images) when the platform runs on PostgreSQL, so all nodes share them.
-- content is the BlobEncryption envelope (AES-256-GCM, key id in the header); size is the plaintext length.
-- COLLATE "C" lets the primary key's b-tree serve the LIKE 'folder/%' prefix deletes of retention and erasure.
-- Forward-only.

CREATE TABLE blobs (
    key text COLLATE "C" NOT NULL PRIMARY KEY,
    content bytea NOT NULL,
    size integer NOT NULL,
    created_at timestamp with time zone NOT NULL
);
