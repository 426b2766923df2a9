-- Public requests API: idempotency, verification way + dispatch outcome, onboarding → verification chain.
-- Forward-only. Timestamps are UTC ticks (INTEGER).

CREATE TABLE public_requests (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    application_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    workflow TEXT NOT NULL,
    current_instance_id TEXT NOT NULL,
    next_workflow TEXT NULL,
    idempotency_key TEXT NULL,
    body_hash TEXT NULL,
    response_json TEXT NULL,
    way_type TEXT NOT NULL,
    way_to TEXT NULL,
    locale TEXT NOT NULL,
    force_onboarding INTEGER NOT NULL,
    dispatch_status TEXT NOT NULL,
    dispatch_attempts INTEGER NOT NULL,
    dispatch_error TEXT NULL,
    dispatched_at INTEGER NULL,
    next_dispatch_at INTEGER NULL,
    completed_at INTEGER NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_public_requests_workspace_id_application_id_idempotency_key ON public_requests (workspace_id, application_id, idempotency_key);
CREATE INDEX ix_public_requests_workspace_id_user_id ON public_requests (workspace_id, user_id);
