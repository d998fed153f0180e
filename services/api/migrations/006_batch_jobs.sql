-- Batch jobs (the billing office's bulk work): asked for through the api, carried to the
-- workers on batch.commands, run by any worker process that claims them (a lease, so a
-- killed worker's job is taken over), progress on batch.progress. One row per job; one row
-- per item done, written in the same transaction as the job's counters and cursor, so a
-- resumed job never records an item twice.
CREATE TABLE batch_jobs (
  job_id text PRIMARY KEY,               -- the batch.commands commandId
  operation text NOT NULL,               -- export | report | validate
  name text NOT NULL,
  description text,
  filters jsonb NOT NULL,
  batch_size int NOT NULL,
  retry_attempts int NOT NULL,
  priority int NOT NULL,
  status text NOT NULL,                  -- ACCEPTED, RUNNING, SUCCEEDED, FAILED, CANCELLED, REJECTED
  requested_by text NOT NULL,
  operator_scope text,                   -- a tenant-scoped requester's operator: the job sees only its data
  total bigint,
  processed bigint NOT NULL DEFAULT 0,
  failed bigint NOT NULL DEFAULT 0,
  cursor text,                           -- the last item key done, in the operation's order
  message text,
  cancel_requested boolean NOT NULL DEFAULT false,
  worker text,
  lease_until bigint,
  created_at bigint NOT NULL,
  started_at bigint,
  finished_at bigint,
  updated_at bigint NOT NULL
);
CREATE INDEX batch_jobs_created ON batch_jobs (created_at DESC, job_id DESC);
CREATE INDEX batch_jobs_runnable ON batch_jobs (priority DESC, created_at)
  WHERE status IN ('ACCEPTED', 'RUNNING');

CREATE TABLE batch_job_items (
  job_id text NOT NULL REFERENCES batch_jobs ON DELETE CASCADE,
  seq bigserial NOT NULL,                -- order done, for the timeline and the results' order
  item_key text NOT NULL,
  status text NOT NULL,                  -- SUCCEEDED | FAILED
  attempts int NOT NULL,
  duration_ms double precision NOT NULL,
  error_category text,
  error text,
  quality double precision,              -- 0..1 where the operation scores its items
  output jsonb,
  finished_at bigint NOT NULL,
  PRIMARY KEY (job_id, item_key)
);
CREATE INDEX batch_job_items_seq ON batch_job_items (job_id, seq);
