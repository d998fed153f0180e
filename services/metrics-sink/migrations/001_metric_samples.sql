-- metrics-sink's tables, made for Grafana's PostgreSQL data source. Every service publishes a
-- MetricsSnapshot to system.metrics every METRICS_PUBLISH_INTERVAL; each sample of it is a
-- row here. Times are timestamptz (Grafana's time column), values double precision.

-- One row per sample of a snapshot. Partitioned by UTC day: the service creates today's and
-- the next METRICS_PARTITION_LEAD_DAYS partitions (metric_samples_YYYYMMDD) at start and
-- every hour, and drops whole days past METRICS_RETENTION, which costs nothing like a
-- DELETE. The primary key is the series (name, service, instance, labels) at one instant:
-- a snapshot delivered again inserts nothing (ON CONFLICT DO NOTHING). PostgreSQL wants the
-- partition key in every unique constraint of a partitioned table; taken_at is in it anyway.
-- name leads the key, so a panel's "WHERE name = … AND taken_at BETWEEN …" is one index range
-- per partition the time range touches.
CREATE TABLE metric_samples (
  taken_at    timestamptz NOT NULL,
  service     text NOT NULL,
  instance    text NOT NULL,
  name        text NOT NULL,
  kind        text NOT NULL
    CHECK (kind IN ('COUNTER', 'GAUGE', 'HISTOGRAM', 'SUMMARY', 'UNKNOWN')),
  -- Label names to values, keys sorted; labels_hash is the first 128 bits of SHA-256 of
  -- that text (hex), so the key stays small whatever the labels.
  labels      jsonb NOT NULL,
  labels_hash text NOT NULL,
  value       double precision NOT NULL,
  PRIMARY KEY (name, service, instance, labels_hash, taken_at)
) PARTITION BY RANGE (taken_at);

-- The last value of every series, for "now" panels (stat, gauge, table) that should not scan
-- a day of samples. Written in the same statement as the samples; a snapshot older than the
-- row (a redelivery, a replay) leaves it as it is. A series not seen for METRICS_RETENTION
-- is deleted with the partitions. A restarted process is a new instance: filter on
-- taken_at (e.g. the last two publish intervals) to see only live instances.
CREATE TABLE metric_series_latest (
  name        text NOT NULL,
  service     text NOT NULL,
  instance    text NOT NULL,
  labels_hash text NOT NULL,
  labels      jsonb NOT NULL,
  kind        text NOT NULL,
  value       double precision NOT NULL,
  taken_at    timestamptz NOT NULL,
  PRIMARY KEY (name, service, instance, labels_hash)
);

CREATE INDEX metric_series_latest_taken_at ON metric_series_latest (taken_at);

-- Counters as rates: for every sample of one cumulative metric in [range_from, range_to],
-- the increase since the series' previous sample (a drop is a reset: the increase is the
-- new value), over how many seconds, per second and per minute. Cumulative means COUNTER,
-- every HISTOGRAM sample (_bucket, _sum, _count) and a SUMMARY's _sum and _count. Samples up
-- to 10 minutes before range_from are read so the first point of the range has a previous
-- one. A series' first sample has none and is left out.
--   SELECT taken_at AS time, service, sum(per_minute) AS "messages/min"
--   FROM metrics.metric_counter_rates('overfly_messages_consumed_total', $__timeFrom(), $__timeTo())
--   GROUP BY 1, 2 ORDER BY 1
-- search_path is the schema the migration ran in, so the function reads its own table
-- whatever the caller's search_path (Grafana's is usually public).
CREATE FUNCTION metric_counter_rates(
  metric_name text,
  range_from timestamptz,
  range_to timestamptz
)
RETURNS TABLE (
  taken_at   timestamptz,
  service    text,
  instance   text,
  name       text,
  labels     jsonb,
  value      double precision,
  increase   double precision,
  seconds    double precision,
  per_second double precision,
  per_minute double precision
)
LANGUAGE sql
STABLE
SET search_path FROM CURRENT
AS $$
  SELECT d.taken_at, d.service, d.instance, d.name, d.labels, d.value, d.increase, d.seconds,
         d.increase / d.seconds, d.increase / d.seconds * 60
  FROM (
    SELECT s.taken_at, s.service, s.instance, s.name, s.labels, s.value,
           CASE WHEN s.value >= lag(s.value) OVER w THEN s.value - lag(s.value) OVER w
                ELSE s.value END AS increase,
           extract(epoch FROM s.taken_at - lag(s.taken_at) OVER w)::double precision AS seconds
    FROM metric_samples s
    WHERE s.name = metric_name
      AND s.taken_at >= range_from - interval '10 minutes'
      AND s.taken_at <= range_to
      AND (s.kind IN ('COUNTER', 'HISTOGRAM')
           OR (s.kind = 'SUMMARY' AND (s.name LIKE '%\_sum' OR s.name LIKE '%\_count')))
    WINDOW w AS (PARTITION BY s.service, s.instance, s.labels_hash ORDER BY s.taken_at)
  ) d
  WHERE d.taken_at >= range_from AND d.seconds > 0
$$;
