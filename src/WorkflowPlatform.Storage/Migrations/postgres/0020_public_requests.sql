-- Public requests API: idempotency, verification way + dispatch outcome, onboarding → verification chain.
-- Forward-only.

CREATE TABLE public_requests (
    id character varying(64) NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    application_id uuid NOT NULL,
    user_id character varying(256) NOT NULL,
    workflow character varying(100) NOT NULL,
    current_instance_id character varying(64) NOT NULL,
    next_workflow character varying(100) NULL,
    idempotency_key character varying(200) NULL,
    body_hash character varying(64) NULL,
    response_json text NULL,
    way_type character varying(20) NOT NULL,
    way_to character varying(320) NULL,
    locale character varying(20) NOT NULL,
    force_onboarding boolean NOT NULL,
    dispatch_status character varying(20) NOT NULL,
    dispatch_attempts integer NOT NULL,
    dispatch_error character varying(2000) NULL,
    dispatched_at timestamp with time zone NULL,
    next_dispatch_at timestamp with time zone NULL,
    completed_at timestamp with time zone NULL,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX ix_public_requests_workspace_id_application_id_idempotency_key ON public_requests (workspace_id, application_id, idempotency_key);
CREATE INDEX ix_public_requests_workspace_id_user_id ON public_requests (workspace_id, user_id);
