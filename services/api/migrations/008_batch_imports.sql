-- Trajectory files uploaded for import jobs (PUT /v1/batch-imports/{name}): kept in
-- PostgreSQL so a worker on any machine reads them where it reads the jobs. One row per
-- name; a PUT of the same name replaces the file. Bounded by API_IMPORT_MAX_BYTES a file;
-- deleted through the api (DELETE /v1/batch-imports/{name}).
CREATE TABLE batch_imports (
  name text PRIMARY KEY,
  content bytea NOT NULL,
  bytes bigint NOT NULL,
  sha256 text NOT NULL,                  -- hex digest of content, for the uploader to check
  uploaded_by text NOT NULL,
  uploaded_at bigint NOT NULL
);
