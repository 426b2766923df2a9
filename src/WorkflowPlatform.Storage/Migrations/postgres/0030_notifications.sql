-- Notifications: notification ways per application, the transactional outbox (events), deliveries with their
-- lease and retry state, the delivery log (attempts), and a request's own notification_url. Forward-only.

CREATE TABLE notification_endpoints (
    id uuid NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    application_id uuid NOT NULL,
    kind character varying(20) NOT NULL,
    url character varying(2048) NULL,
    email_to text NOT NULL,
    description character varying(500) NULL,
    event_types text NOT NULL,
    enabled boolean NOT NULL,
    secret character varying(200) NULL,
    previous_secret character varying(200) NULL,
    previous_secret_expires_at timestamp with time zone NULL,
    disabled_reason character varying(500) NULL,
    disabled_at timestamp with time zone NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
CREATE INDEX ix_notification_endpoints_workspace_id_application_id ON notification_endpoints (workspace_id, application_id);

CREATE TABLE notification_events (
    id character varying(64) NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    application_id uuid NULL,
    request_id character varying(100) NULL,
    type character varying(64) NOT NULL,
    sequence integer NOT NULL,
    payload_json text NOT NULL,
    dedupe_key character varying(300) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX ix_notification_events_workspace_id_dedupe_key ON notification_events (workspace_id, dedupe_key);
CREATE INDEX ix_notification_events_workspace_id_request_id_sequence ON notification_events (workspace_id, request_id, sequence);
CREATE INDEX ix_notification_events_workspace_id_created_at ON notification_events (workspace_id, created_at);

CREATE TABLE notification_deliveries (
    id uuid NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    event_id character varying(64) NOT NULL,
    event_type character varying(64) NOT NULL,
    endpoint_id uuid NULL,
    channel character varying(20) NOT NULL,
    url character varying(2048) NULL,
    status character varying(20) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NULL,
    lease_owner character varying(200) NULL,
    lease_token uuid NULL,
    lease_until timestamp with time zone NULL,
    last_status_code integer NULL,
    last_error character varying(1000) NULL,
    delivered_at timestamp with time zone NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
CREATE INDEX ix_notification_deliveries_status_next_attempt_at ON notification_deliveries (status, next_attempt_at);
CREATE INDEX ix_notification_deliveries_workspace_id_endpoint_id_created_at ON notification_deliveries (workspace_id, endpoint_id, created_at);
CREATE INDEX ix_notification_deliveries_workspace_id_event_id ON notification_deliveries (workspace_id, event_id);

CREATE TABLE notification_attempts (
    id uuid NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    delivery_id uuid NOT NULL,
    event_id character varying(64) NOT NULL,
    endpoint_id uuid NULL,
    number integer NOT NULL,
    outcome character varying(20) NOT NULL,
    status_code integer NULL,
    latency_ms double precision NOT NULL,
    response_excerpt character varying(512) NULL,
    error character varying(1000) NULL,
    node character varying(200) NULL,
    started_at timestamp with time zone NOT NULL
);
CREATE INDEX ix_notification_attempts_workspace_id_delivery_id_number ON notification_attempts (workspace_id, delivery_id, number);
CREATE INDEX ix_notification_attempts_workspace_id_event_id ON notification_attempts (workspace_id, event_id);

CREATE TABLE request_notification_urls (
    request_id character varying(100) NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    url character varying(2048) NOT NULL
);
