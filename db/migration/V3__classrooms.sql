-- Classrooms (issue 6; DESIGN §1, §10, §11): seats, join codes, warm pools, the progress board.

-- A cluster pre-provisioned for a classroom seat belongs to nobody until a participant takes the
-- seat (it counts against no one's personal quota while it waits); the hand-out sets the owner.
ALTER TABLE cluster ALTER COLUMN owner_id DROP NOT NULL;

CREATE TABLE classroom (
    id               uuid        PRIMARY KEY,
    name             text        NOT NULL,
    -- The instructor who created it; only they (and admins) see its board.
    instructor_id    uuid        NOT NULL REFERENCES app_user (id),
    seat_count       integer     NOT NULL,
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    -- The ClusterConfiguration every seat's cluster gets (normalised YAML).
    config_yaml      text        NOT NULL,
    -- Lifetime of a seat's cluster from its hand-out; NULL = until the class ends.
    ttl_seconds      bigint,
    -- Optional guided-demo track (rust or c).
    demo_track       text,
    -- The join code in force; it is shown to the instructor on the board, so it is kept as is.
    join_code        text        NOT NULL UNIQUE,
    code_expires_at  timestamptz NOT NULL,
    code_max_uses    integer     NOT NULL,
    code_uses        integer     NOT NULL DEFAULT 0,
    code_revoked_at  timestamptz,
    -- When the instructor asked for all seats to be provisioned ahead of the start.
    provisioned_at   timestamptz,
    ended_at         timestamptz,
    created_at       timestamptz NOT NULL,
    version          bigint      NOT NULL DEFAULT 0
);
CREATE INDEX classroom_instructor_idx ON classroom (instructor_id, created_at);
CREATE INDEX classroom_open_idx ON classroom (ends_at) WHERE ended_at IS NULL;

CREATE TABLE seat (
    id                uuid        PRIMARY KEY,
    classroom_id      uuid        NOT NULL REFERENCES classroom (id) ON DELETE CASCADE,
    number            integer     NOT NULL,
    participant_id    uuid        REFERENCES app_user (id),
    -- The seat's current cluster (a reset replaces it); the old one's record stays in cluster.
    cluster_id        text        REFERENCES cluster (id) ON DELETE SET NULL,
    -- The newest event of the seat's cluster or of the seat itself: the board's "last activity".
    last_activity_at  timestamptz,
    UNIQUE (classroom_id, number),
    UNIQUE (classroom_id, participant_id)
);
CREATE INDEX seat_cluster_idx ON seat (cluster_id) WHERE cluster_id IS NOT NULL;
CREATE INDEX seat_participant_idx ON seat (participant_id) WHERE participant_id IS NOT NULL;

-- One participant's time in a seat: what the end-of-class summary is made of, kept when they leave.
CREATE TABLE seat_occupancy (
    id                bigserial   PRIMARY KEY,
    seat_id           uuid        NOT NULL REFERENCES seat (id) ON DELETE CASCADE,
    classroom_id      uuid        NOT NULL REFERENCES classroom (id) ON DELETE CASCADE,
    participant_id    uuid        NOT NULL REFERENCES app_user (id),
    joined_at         timestamptz NOT NULL,
    -- When a cluster of this seat was first READY for them (at once for a warm seat).
    first_ready_at    timestamptz,
    -- Guided-demo steps completed; step 1 is "your cluster is ready" (DESIGN §11).
    steps_completed   integer     NOT NULL DEFAULT 0,
    left_at           timestamptz
);
CREATE INDEX seat_occupancy_seat_idx ON seat_occupancy (seat_id) WHERE left_at IS NULL;
CREATE INDEX seat_occupancy_classroom_idx ON seat_occupancy (classroom_id, joined_at);
