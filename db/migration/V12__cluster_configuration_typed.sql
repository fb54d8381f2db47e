-- The validated ClusterConfiguration is stored in its typed form (cluster.StoredConfiguration), next to
-- the YAML text older replicas read during a rolling upgrade. Rows written before this version get it
-- from their YAML once, at the first start of a backend that knows the column
-- (cluster.StoredConfigurationBackfill); config_yaml can go once no replica older than this one runs.
ALTER TABLE cluster ADD COLUMN configuration text;
ALTER TABLE classroom ADD COLUMN configuration text;
