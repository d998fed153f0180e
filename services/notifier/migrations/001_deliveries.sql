-- One row per notification: the idempotency key of (source event, channel, recipient) is the
-- primary key, so a redelivered event plans nothing new, and a row is claimed before its send
-- and marked after it, so a restart never sends what was marked sent.
-- Times are UTC epoch milliseconds, as on every Overfly topic.
CREATE TABLE deliveries (
  idempotency_key     text PRIMARY KEY,
  notification_id     text NOT NULL UNIQUE,
  source_topic        text NOT NULL,
  source_partition    integer NOT NULL,
  source_offset       bigint NOT NULL,
  source_key          text,
  source_event_id     text NOT NULL,
  kind                text NOT NULL,
  channel             text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'WEBHOOK')),
  recipient_ref       text NOT NULL,
  -- The source event (pseudonymous: no address or number), rendered at send time.
  event               jsonb NOT NULL,
  status              text NOT NULL
    CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'DEAD_LETTERED',
                      'SUPPRESSED')),
  attempts            integer NOT NULL DEFAULT 0,
  next_attempt_at     bigint NOT NULL,
  -- A SENDING row whose lease has passed was being sent by a process that died: sent again
  -- with the same idempotency key.
  lease_until         bigint,
  -- Claims of this row while it was still SENDING: sends a crash cut short, whose outcome
  -- was never marked (each one is a possible repeat at the receiver).
  resumes             integer NOT NULL DEFAULT 0,
  provider_message_id text,
  last_error          text,
  created_at          bigint NOT NULL,
  updated_at          bigint NOT NULL,
  -- Every state worth telling bumps revision; the relay publishes it on notifications and
  -- sets published_revision (a transactional outbox on the row itself).
  revision            integer NOT NULL DEFAULT 1,
  published_revision  integer NOT NULL DEFAULT 0
);

CREATE INDEX deliveries_due ON deliveries (channel, next_attempt_at)
  WHERE status IN ('PENDING', 'FAILED');
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'SENDING';
CREATE INDEX deliveries_unpublished ON deliveries (updated_at) WHERE published_revision < revision;
CREATE INDEX deliveries_finished ON deliveries (updated_at)
  WHERE status IN ('SENT', 'DELIVERED', 'DEAD_LETTERED', 'SUPPRESSED');
