-- Workflow engine: definition versions, definition snapshots, instances (requests), bookmarks,
-- journal, built-in imports. Forward-only.

CREATE TABLE workflow_definitions (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    key character varying(64) NOT NULL,
    version integer NOT NULL,
    status character varying(20) NOT NULL,
    name character varying(200) NOT NULL,
    description text NULL,
    definition_json text NOT NULL,
    hash character varying(80) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    published_at timestamp with time zone NULL,
    created_by character varying(256) NULL,
    published_by character varying(256) NULL,
    PRIMARY KEY (workspace_id, key, version)
);

CREATE TABLE workflow_snapshots (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    hash character varying(80) NOT NULL,
    definition_json text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    PRIMARY KEY (workspace_id, hash)
);

CREATE TABLE workflow_instances (
    id character varying(100) NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    definition_key character varying(64) NOT NULL,
    definition_version integer NOT NULL,
    definition_hash character varying(80) NOT NULL,
    status character varying(20) NOT NULL,
    outcome character varying(20) NULL,
    user_id character varying(200) NULL,
    application_id character varying(100) NULL,
    current_node_id character varying(64) NULL,
    context_json text NOT NULL,
    error_code character varying(100) NULL,
    error_message text NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NULL,
    finished_at timestamp with time zone NULL,
    active_bookmark character varying(200) NULL,
    recovery_count integer NOT NULL,
    journal_count integer NOT NULL,
    concurrency_version bigint NOT NULL,
    lease_owner character varying(200) NULL
);
-- Admin list (newest first, optionally by workflow, user or status).
CREATE INDEX ix_workflow_instances_workspace_created ON workflow_instances (workspace_id, created_at DESC);
CREATE INDEX ix_workflow_instances_workspace_key_created ON workflow_instances (workspace_id, definition_key, created_at DESC);
CREATE INDEX ix_workflow_instances_workspace_user_created ON workflow_instances (workspace_id, user_id, created_at DESC);
CREATE INDEX ix_workflow_instances_workspace_status_created ON workflow_instances (workspace_id, status, created_at DESC);
-- Sweeper: abandoned running instances, and unfinished instances past their TTL. Partial, so they stay small.
CREATE INDEX ix_workflow_instances_running_updated ON workflow_instances (updated_at) WHERE status = 'running';
CREATE INDEX ix_workflow_instances_open_expires ON workflow_instances (expires_at)
    WHERE expires_at IS NOT NULL AND status IN ('pending', 'running', 'awaiting_input');

CREATE TABLE workflow_bookmarks (
    instance_id character varying(100) NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    name character varying(200) NOT NULL,
    workspace_id uuid NOT NULL,
    ordinal integer NOT NULL,
    node_id character varying(64) NOT NULL,
    payload_json text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    resume_at timestamp with time zone NULL,
    consumed_at timestamp with time zone NULL,
    consumed_by character varying(200) NULL,
    resume_status character varying(20) NULL,
    resume_outcome character varying(20) NULL,
    PRIMARY KEY (instance_id, name)
);

CREATE TABLE workflow_journal (
    instance_id character varying(100) NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    sequence integer NOT NULL,
    workspace_id uuid NOT NULL,
    node_id character varying(64) NULL,
    module_type character varying(64) NULL,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone NOT NULL,
    duration_ms double precision NOT NULL,
    status character varying(20) NOT NULL,
    reason text NULL,
    rule text NULL,
    rule_value_json text NULL,
    port character varying(64) NULL,
    outputs_json text NULL,
    error_code character varying(100) NULL,
    error text NULL,
    PRIMARY KEY (instance_id, sequence)
);

CREATE TABLE workflow_builtins (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    key character varying(64) NOT NULL,
    hash character varying(80) NOT NULL,
    imported_at timestamp with time zone NOT NULL,
    published_at timestamp with time zone NULL,
    PRIMARY KEY (workspace_id, key)
);
