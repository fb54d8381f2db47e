-- Guided demo (issue 5; DESIGN §10, §11): each participant's progress through the six steps, and the
-- builds of their source on their cluster's host.

-- The participant's repository path in every per-host registry (hearth-registry:5000/<namespace>/…):
-- derived from the user name under OCI's path-component rules, unique, fixed once given, so no two
-- people ever share (or can name) each other's path.
ALTER TABLE app_user ADD COLUMN registry_namespace text UNIQUE;

CREATE TABLE build (
    id             uuid        PRIMARY KEY,
    owner_id       uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    cluster_id     text        NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    -- The host the request went to: only its agent's results are applied.
    host_id        uuid        NOT NULL,
    language       text        NOT NULL,
    source_sha256  text        NOT NULL,
    -- Chosen by the backend inside the owner's registry namespace; the tag counts the owner's builds.
    image          text        NOT NULL,
    tag_number     integer     NOT NULL,
    digest         text,
    status         text        NOT NULL,
    message        text,
    created_at     timestamptz NOT NULL,
    started_at     timestamptz,
    finished_at    timestamptz,
    -- With its cluster (or sooner): the image lives in that cluster host's registry.
    expires_at     timestamptz NOT NULL,
    UNIQUE (owner_id, tag_number)
);
CREATE INDEX build_owner_idx ON build (owner_id, created_at DESC);
CREATE INDEX build_open_idx ON build (created_at) WHERE status IN ('QUEUED', 'RUNNING');

CREATE TABLE demo_progress (
    user_id          uuid        PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    language         text        NOT NULL,
    -- The participant's source (at most 64 KiB of UTF-8); NULL until saved — the page shows the template.
    source           text,
    -- An edited pod manifest; NULL means the default one, filled in with the current image.
    manifest         text,
    cluster_id       text        REFERENCES cluster (id) ON DELETE SET NULL,
    last_build_id    uuid        REFERENCES build (id) ON DELETE SET NULL,
    -- The last run: what was applied, where. run_error is why the last apply failed, if it did.
    run_cluster_id   text,
    run_namespace    text,
    run_pod          text,
    run_uid          text,
    run_container    text,
    run_image        text,
    run_at           timestamptz,
    run_error        text,
    -- Once the pod's container has terminated: its exit code and reason, so the cluster is not asked again.
    run_exit_code    integer,
    run_exit_reason  text,
    started_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          bigint      NOT NULL DEFAULT 0
);

-- Each step's state as last evaluated, with when it entered it: the page and the classroom board
-- (demoStep = the number of DONE steps) read these without asking any cluster.
CREATE TABLE demo_step (
    user_id  uuid        NOT NULL REFERENCES demo_progress (user_id) ON DELETE CASCADE,
    number   smallint    NOT NULL CHECK (number BETWEEN 1 AND 6),
    state    text        NOT NULL,
    detail   text,
    since    timestamptz NOT NULL,
    PRIMARY KEY (user_id, number)
);
