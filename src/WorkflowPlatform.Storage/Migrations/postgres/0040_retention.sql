-- Retention: how far the request-image purge has got, an index of finished requests by finish time,
-- and the request counts on erasure receipts. Forward-only.

CREATE TABLE retention_positions (
    name character varying(64) NOT NULL PRIMARY KEY,
    finished_at timestamp with time zone NOT NULL,
    instance_id character varying(100) NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

-- Retention job: finished requests in (finished_at, id) order. Partial, so open requests never enter it.
CREATE INDEX ix_workflow_instances_finished ON workflow_instances (finished_at, id)
    WHERE finished_at IS NOT NULL AND status IN ('completed', 'failed', 'expired', 'cancelled');

ALTER TABLE user_erasures ADD COLUMN requests_purged integer NOT NULL DEFAULT 0;
ALTER TABLE user_erasures ADD COLUMN request_images_deleted integer NOT NULL DEFAULT 0;
