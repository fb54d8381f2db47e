-- Guided demo step 7, "Make it a web app" (issue 14; docs/guided-demo.md): the participant's greeting built
-- with the WAGI template of their language, run as the pod and Service hello-web, and checked by the
-- platform asking the app (as its owner) until it answered 200 with the greeting.
ALTER TABLE demo_step DROP CONSTRAINT demo_step_number_check;
ALTER TABLE demo_step ADD CONSTRAINT demo_step_number_check CHECK (number BETWEEN 1 AND 7);

ALTER TABLE demo_progress
    -- The last build of the web variant (its source is the WAGI template with the participant's greeting).
    ADD COLUMN web_build_id    uuid REFERENCES build (id) ON DELETE SET NULL,
    -- What the last "run the web app" applied, where; web_error is why applying it failed.
    ADD COLUMN web_cluster_id  text,
    ADD COLUMN web_image       text,
    ADD COLUMN web_error       text,
    -- Set once the app answered 200 with the greeting, so a settled step 7 asks the cluster nothing.
    ADD COLUMN web_verified_at timestamptz;
