-- Foundation schema (issue 2): people, API tokens, hosts, clusters, their events, and the audit log.
-- Times are timestamptz; ids of user-facing rows are UUIDs except clusters, whose short id
-- (c-7k2m9x) is also the Docker name component (DESIGN §4).

CREATE TABLE app_user (
    id            uuid        PRIMARY KEY,
    -- OIDC `sub`: the only stable identity a Keycloak user has; names and emails may change.
    subject       text        NOT NULL UNIQUE,
    username      text        NOT NULL,
    email         text,
    display_name  text,
    roles         text[]      NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL
);

CREATE TABLE api_token (
    id            uuid        PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    -- SHA-256 of the secret, hex; the secret itself is shown once and never stored.
    token_hash    text        NOT NULL UNIQUE,
    -- First characters of the secret, so a person can tell their tokens apart in a list.
    token_prefix  text        NOT NULL,
    scopes        text[]      NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_token_user_idx ON api_token (user_id);

CREATE TABLE host (
    id                    uuid        PRIMARY KEY,
    name                  text        NOT NULL UNIQUE,
    status                text        NOT NULL,
    agent_token_hash      text        NOT NULL UNIQUE,
    memory_mib            integer     NOT NULL,
    cpu_millis            integer     NOT NULL,
    max_clusters          integer     NOT NULL,
    allocated_memory_mib  integer     NOT NULL DEFAULT 0,
    cluster_count         integer     NOT NULL DEFAULT 0,
    advertise_address     text,
    agent_version         text,
    enrolled_at           timestamptz NOT NULL,
    last_heartbeat_at     timestamptz,
    version               bigint      NOT NULL DEFAULT 0
);

CREATE TABLE cluster (
    id                     text        PRIMARY KEY,
    name                   text        NOT NULL,
    owner_id               uuid        NOT NULL REFERENCES app_user (id),
    phase                  text        NOT NULL,
    step                   text,
    message                text,
    host_id                uuid        REFERENCES host (id),
    api_endpoint           text,
    -- The ClusterConfiguration as the user sent it (normalised YAML), so agents and UI show the same.
    config_yaml            text        NOT NULL,
    generation             bigint      NOT NULL DEFAULT 1,
    -- AES-GCM ciphertext of the admin kubeconfig (DESIGN §9), set once the agent reports it.
    kubeconfig_ciphertext  bytea,
    created_at             timestamptz NOT NULL,
    expires_at             timestamptz NOT NULL,
    deleted_at             timestamptz,
    version                bigint      NOT NULL DEFAULT 0
);
CREATE INDEX cluster_owner_idx ON cluster (owner_id, created_at);
CREATE INDEX cluster_phase_idx ON cluster (phase, created_at);
CREATE INDEX cluster_expiry_idx ON cluster (expires_at) WHERE phase NOT IN ('DELETED');

CREATE TABLE cluster_event (
    id          bigserial   PRIMARY KEY,
    cluster_id  text        NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    phase       text        NOT NULL,
    step        text,
    message     text        NOT NULL
);
CREATE INDEX cluster_event_cluster_idx ON cluster_event (cluster_id, id);

CREATE TABLE audit_event (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL,
    -- NULL actor = the system itself (the reaper, an agent report).
    actor_id     uuid        REFERENCES app_user (id),
    actor_name   text        NOT NULL,
    -- How the actor authenticated: oidc, token:<token id>, or system.
    via          text        NOT NULL,
    action       text        NOT NULL,
    target_type  text        NOT NULL,
    target_id    text        NOT NULL,
    detail       text
);
CREATE INDEX audit_event_target_idx ON audit_event (target_type, target_id);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, at);
