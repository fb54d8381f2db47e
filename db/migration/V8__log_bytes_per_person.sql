-- Stored log bytes per person (issue 10 M2, docs/security.md "Limits per user and per host"): each
-- stream knows whose it is and how many bytes it holds, so one person's streams together stay under
-- hearth.logs.max-bytes-per-person however many pods and builds they log from.

-- The person whose cluster (pod/<clusterId>/…) or build (build/<buildId>) the stream is; null for none.
ALTER TABLE log_stream ADD COLUMN owner_id uuid REFERENCES app_user (id) ON DELETE CASCADE;
-- Bytes (UTF-8) of the lines stored for this stream.
ALTER TABLE log_stream ADD COLUMN stored_bytes bigint NOT NULL DEFAULT 0;
-- The line that says the owner's limit was reached; nothing is stored after it.
ALTER TABLE log_stream ADD COLUMN cut_seq bigint;
CREATE INDEX log_stream_owner_idx ON log_stream (owner_id) WHERE owner_id IS NOT NULL;

UPDATE log_stream s SET owner_id = c.owner_id FROM cluster c
 WHERE s.stream LIKE 'pod/%' AND c.id = split_part(s.stream, '/', 2);
UPDATE log_stream s SET owner_id = b.owner_id FROM build b
 WHERE s.stream LIKE 'build/%' AND b.id::text = split_part(s.stream, '/', 2);
UPDATE log_stream s SET stored_bytes = l.bytes
  FROM (SELECT stream, sum(octet_length(text)) AS bytes FROM log_line GROUP BY stream) l
 WHERE l.stream = s.stream;
