import type { Queryable } from '@overfly/db';
import {
  type Channel,
  type Delivery,
  type DeliveryStatus,
  idempotencyKeyOf,
  notificationIdOf,
  type PlannedDelivery,
  type SourceOf,
  type SourceTopic,
} from './delivery.js';

interface Row {
  idempotency_key: string;
  notification_id: string;
  source_topic: SourceTopic;
  source_partition: number;
  source_offset: number;
  source_key: string | null;
  source_event_id: string;
  kind: string;
  channel: Channel;
  recipient_ref: string;
  event: unknown;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  provider_message_id: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  revision: number;
  resumes: number;
}

const toDelivery = (r: Row): Delivery => ({
  idempotencyKey: r.idempotency_key,
  notificationId: r.notification_id,
  sourceTopic: r.source_topic,
  sourcePartition: r.source_partition,
  sourceOffset: r.source_offset,
  sourceKey: r.source_key,
  sourceEventId: r.source_event_id,
  kind: r.kind,
  channel: r.channel,
  recipientRef: r.recipient_ref,
  event: r.event,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  providerMessageId: r.provider_message_id,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  revision: r.revision,
  resumes: r.resumes,
});

/**
 * Records the deliveries planned for events, PENDING (or SUPPRESSED with the reason), in one
 * statement; a key already there is left as it is, so an event read again plans nothing.
 * Returns how many rows were new.
 */
export async function recordPlanned(
  db: Queryable,
  planned: ReadonlyArray<{ source: SourceOf; delivery: PlannedDelivery }>,
  now: number,
): Promise<number> {
  if (planned.length === 0) return 0;
  const rows = planned.map(({ source, delivery }) => {
    const key = idempotencyKeyOf(source.eventId, delivery.channel, delivery.recipientRef);
    return {
      key,
      id: notificationIdOf(key),
      topic: source.topic,
      partition: source.partition,
      offset: Number(source.offset),
      skey: source.key,
      eventId: source.eventId,
      kind: delivery.kind,
      channel: delivery.channel,
      recipient: delivery.recipientRef,
      event: source.event,
      status: delivery.suppressedBecause === undefined ? 'PENDING' : 'SUPPRESSED',
      error: delivery.suppressedBecause ?? null,
    };
  });
  const result = await db.query(
    `INSERT INTO deliveries (idempotency_key, notification_id, source_topic, source_partition,
       source_offset, source_key, source_event_id, kind, channel, recipient_ref, event, status,
       last_error, next_attempt_at, created_at, updated_at)
     SELECT r.key, r.id, r.topic, r.partition, r.offset, r.skey, r."eventId", r.kind, r.channel,
       r.recipient, r.event, r.status, r.error, $2, $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(key text, id text, topic text, partition int,
       "offset" bigint, skey text, "eventId" text, kind text, channel text, recipient text,
       event jsonb, status text, error text)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [JSON.stringify(rows), now],
  );
  return result.rowCount ?? 0;
}

/**
 * Claims up to `limit` deliveries of a channel that are due (PENDING, FAILED past their
 * retry time) or whose sender died mid-send (SENDING past its lease): SENDING, one more
 * attempt, leased until now + leaseMs. SKIP LOCKED: two notifiers never claim the same row.
 */
export async function claimDue(
  db: Queryable,
  channel: Channel,
  now: number,
  limit: number,
  leaseMs: number,
): Promise<Delivery[]> {
  const result = await db.query<Row>(
    `WITH due AS (
       SELECT idempotency_key, status = 'SENDING' AS resumed FROM deliveries
        WHERE channel = $1
          AND ((status IN ('PENDING', 'FAILED') AND next_attempt_at <= $2)
               OR (status = 'SENDING' AND lease_until < $2))
        ORDER BY next_attempt_at, idempotency_key
        LIMIT $3
        FOR UPDATE SKIP LOCKED)
     UPDATE deliveries d
        SET status = 'SENDING', attempts = d.attempts + 1, lease_until = $2::bigint + $4::bigint,
            resumes = d.resumes + CASE WHEN due.resumed THEN 1 ELSE 0 END, updated_at = $2
       FROM due
      WHERE d.idempotency_key = due.idempotency_key
      RETURNING d.*`,
    [channel, now, limit, leaseMs],
  );
  return result.rows.map(toDelivery).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
}

/** What became of one send, for `markAll`. */
export type Outcome =
  | { key: string; status: 'SENT' | 'DELIVERED'; providerMessageId: string; at: number }
  | { key: string; status: 'FAILED'; error: string; retryAt: number; at: number }
  | { key: string; status: 'DEAD_LETTERED' | 'SUPPRESSED'; error: string; at: number };

/**
 * Marks many sends' outcomes in one statement, each only from SENDING (a late result changes
 * nothing): what markSent, markFailed, markSuppressed and markDeadLettered do one by one.
 */
export async function markAll(db: Queryable, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o) => ({
    key: o.key,
    status: o.status,
    provider: 'providerMessageId' in o ? o.providerMessageId : null,
    error: 'error' in o ? o.error : null,
    // bigint columns: a fractional time would fail the whole batch's statement.
    retry_at: o.status === 'FAILED' ? Math.ceil(o.retryAt) : null,
    at: Math.round(o.at),
  }));
  await db.query(
    `UPDATE deliveries d
        SET status = t.status,
            provider_message_id = COALESCE(t.provider, d.provider_message_id),
            last_error = t.error,
            next_attempt_at = COALESCE(t.retry_at, d.next_attempt_at),
            lease_until = NULL, updated_at = t.at, revision = d.revision + 1
       FROM jsonb_to_recordset($1::jsonb)
            AS t(key text, status text, provider text, error text, retry_at bigint, at bigint)
      WHERE d.idempotency_key = t.key AND d.status = 'SENDING'`,
    [JSON.stringify(rows)],
  );
}

/** The provider took it: SENT, with its id. Only from SENDING (a late result changes nothing). */
export async function markSent(
  db: Queryable,
  key: string,
  providerMessageId: string,
  now: number,
): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'SENT', provider_message_id = $2, lease_until = NULL,
            last_error = NULL, updated_at = $3, revision = revision + 1
      WHERE idempotency_key = $1 AND status = 'SENDING'`,
    [key, providerMessageId, now],
  );
}

/** An attempt failed and another will follow at `retryAt`. */
export async function markFailed(
  db: Queryable,
  key: string,
  error: string,
  retryAt: number,
  now: number,
): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'FAILED', last_error = $2, next_attempt_at = $3,
            lease_until = NULL, updated_at = $4, revision = revision + 1
      WHERE idempotency_key = $1 AND status = 'SENDING'`,
    [key, error, retryAt, now],
  );
}

/** Undeliverable: given up on; the relay writes its dead letter with its state. */
export async function markDeadLettered(
  db: Queryable,
  key: string,
  error: string,
  now: number,
): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'DEAD_LETTERED', last_error = $2, lease_until = NULL,
            updated_at = $3, revision = revision + 1
      WHERE idempotency_key = $1 AND status = 'SENDING'`,
    [key, error, now],
  );
}

/** States not yet told on notifications, oldest first. */
export async function unpublished(db: Queryable, limit: number): Promise<Delivery[]> {
  const result = await db.query<Row>(
    `SELECT * FROM deliveries WHERE published_revision < revision
      ORDER BY updated_at, idempotency_key LIMIT $1`,
    [limit],
  );
  return result.rows.map(toDelivery);
}

/** The relay told these revisions (a later one, if any, stays to tell). */
export async function markPublished(
  db: Queryable,
  told: ReadonlyArray<{ idempotencyKey: string; revision: number }>,
): Promise<void> {
  if (told.length === 0) return;
  await db.query(
    `UPDATE deliveries d SET published_revision = GREATEST(d.published_revision, t.revision)
       FROM jsonb_to_recordset($1::jsonb) AS t(key text, revision int)
      WHERE d.idempotency_key = t.key`,
    [JSON.stringify(told.map((t) => ({ key: t.idempotencyKey, revision: t.revision })))],
  );
}

/**
 * Forgets finished deliveries older than `before` (personal data minimisation: the source
 * event they hold). Their keys go with them, so `before` must be older than the source
 * topics' retention, or an event replayed from the start would be sent again.
 */
export async function purgeFinished(db: Queryable, before: number): Promise<number> {
  const result = await db.query(
    `DELETE FROM deliveries WHERE status IN ('SENT', 'DELIVERED', 'DEAD_LETTERED', 'SUPPRESSED')
        AND updated_at < $1 AND published_revision >= revision`,
    [before],
  );
  return result.rowCount ?? 0;
}
