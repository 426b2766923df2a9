-- User profiles (registered face template + kept photo key) and erasure receipts.
-- Forward-only.

CREATE TABLE user_profiles (
    id uuid NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id character varying(256) NOT NULL,
    template bytea NULL,
    template_model character varying(100) NULL,
    photo_key character varying(512) NULL,
    registered_at timestamp with time zone NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX ix_user_profiles_workspace_id_user_id ON user_profiles (workspace_id, user_id);

CREATE TABLE user_erasures (
    id uuid NOT NULL PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id character varying(256) NOT NULL,
    templates_deleted integer NOT NULL,
    photos_deleted integer NOT NULL,
    erased_at timestamp with time zone NOT NULL
);
CREATE INDEX ix_user_erasures_workspace_id_user_id ON user_erasures (workspace_id, user_id);
