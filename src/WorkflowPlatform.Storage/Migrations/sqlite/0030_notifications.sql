-- Notifications: notification ways per application, the transactional outbox (events), deliveries with their
-- lease and retry state, the delivery log (attempts), and a request's own notification_url. Forward-only.
-- Timestamps are UTC ticks (INTEGER).

CREATE TABLE notification_endpoints (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    application_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT NULL,
    email_to TEXT NOT NULL,
    description TEXT NULL,
    event_types TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    secret TEXT NULL,
    previous_secret TEXT NULL,
    previous_secret_expires_at INTEGER NULL,
    disabled_reason TEXT NULL,
    disabled_at INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_notification_endpoints_workspace_id_application_id ON notification_endpoints (workspace_id, application_id);

CREATE TABLE notification_events (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    application_id TEXT NULL,
    request_id TEXT NULL,
    type TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    payload_json TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_notification_events_workspace_id_dedupe_key ON notification_events (workspace_id, dedupe_key);
CREATE INDEX ix_notification_events_workspace_id_request_id_sequence ON notification_events (workspace_id, request_id, sequence);
CREATE INDEX ix_notification_events_workspace_id_created_at ON notification_events (workspace_id, created_at);

CREATE TABLE notification_deliveries (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    endpoint_id TEXT NULL,
    channel TEXT NOT NULL,
    url TEXT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NULL,
    lease_owner TEXT NULL,
    lease_token TEXT NULL,
    lease_until INTEGER NULL,
    last_status_code INTEGER NULL,
    last_error TEXT NULL,
    delivered_at INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_notification_deliveries_status_next_attempt_at ON notification_deliveries (status, next_attempt_at);
CREATE INDEX ix_notification_deliveries_workspace_id_endpoint_id_created_at ON notification_deliveries (workspace_id, endpoint_id, created_at);
CREATE INDEX ix_notification_deliveries_workspace_id_event_id ON notification_deliveries (workspace_id, event_id);

CREATE TABLE notification_attempts (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    delivery_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    endpoint_id TEXT NULL,
    number INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    status_code INTEGER NULL,
    latency_ms REAL NOT NULL,
    response_excerpt TEXT NULL,
    error TEXT NULL,
    node TEXT NULL,
    started_at INTEGER NOT NULL
);
CREATE INDEX ix_notification_attempts_workspace_id_delivery_id_number ON notification_attempts (workspace_id, delivery_id, number);
CREATE INDEX ix_notification_attempts_workspace_id_event_id ON notification_attempts (workspace_id, event_id);

CREATE TABLE request_notification_urls (
    request_id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    url TEXT NOT NULL
);
