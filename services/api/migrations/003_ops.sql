-- notifications (key notificationId): every delivery's latest state, from the notifier.
CREATE TABLE notifications (
  notification_id text PRIMARY KEY,
  source_topic text NOT NULL,
  source_event_id text NOT NULL,
  channel text NOT NULL,
  recipient_ref text NOT NULL,
  template text NOT NULL,
  status text NOT NULL,
  attempts int NOT NULL,
  provider_message_id text,
  last_error text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  src_partition int NOT NULL,
  src_offset bigint NOT NULL
);
CREATE INDEX notifications_updated ON notifications (updated_at DESC, notification_id DESC);
CREATE INDEX notifications_event ON notifications (source_event_id);

-- dead.letter: what a service gave up on, with the original bytes for a replay.
CREATE TABLE dead_letters (
  id text PRIMARY KEY,            -- '<partition>:<offset>' in dead.letter
  source_topic text NOT NULL,
  source_partition int NOT NULL,
  source_offset text NOT NULL,
  service text NOT NULL,
  error_code text NOT NULL,
  error_message text NOT NULL,
  retriable boolean NOT NULL,
  attempts int NOT NULL,
  failed_at bigint NOT NULL,
  original_key bytea,
  original_value bytea,
  original_headers jsonb NOT NULL,
  replayed_at bigint
);
CREATE INDEX dead_letters_failed ON dead_letters (failed_at DESC, id DESC);
