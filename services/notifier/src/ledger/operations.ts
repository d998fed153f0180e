import type { Queryable } from '@overfly/db';
import type { Channel, DeliveryStatus } from './delivery.js';

/** One delivery as an operator reads it: its state, never the message or the address. */
export interface DeliveryLine {
  notificationId: string;
  sourceTopic: string;
  sourceEventId: string;
  kind: string;
  channel: Channel;
  recipientRef: string;
  status: DeliveryStatus;
  attempts: number;
  resumes: number;
  providerMessageId: string | null;
  lastError: string | null;
  updatedAt: number;
}

/** Deliveries, newest change first, filtered by status and channel. */
export async function listDeliveries(
  db: Queryable,
  filter: { status?: DeliveryStatus; channel?: Channel },
  limit: number,
): Promise<DeliveryLine[]> {
  const { rows } = await db.query<DeliveryLine>(
    `SELECT notification_id AS "notificationId", source_topic AS "sourceTopic",
            source_event_id AS "sourceEventId", kind, channel, recipient_ref AS "recipientRef",
            status, attempts, resumes, provider_message_id AS "providerMessageId",
            last_error AS "lastError", updated_at AS "updatedAt"
       FROM deliveries
      WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR channel = $2)
      ORDER BY updated_at DESC, idempotency_key
      LIMIT $3`,
    [filter.status ?? null, filter.channel ?? null, limit],
  );
  return rows;
}

/**
 * Dead-lettered deliveries back to PENDING with their attempts reset, for the dispatcher to
 * send again (the same idempotency key): the ones named, or all. Returns the ids taken.
 */
export async function retryDeadLettered(
  db: Queryable,
  ids: readonly string[] | 'all',
  now: number,
): Promise<string[]> {
  const { rows } = await db.query<{ notification_id: string }>(
    `UPDATE deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = $2,
            last_error = NULL, updated_at = $2, revision = revision + 1
      WHERE status = 'DEAD_LETTERED' AND ($1::text[] IS NULL OR notification_id = ANY($1))
      RETURNING notification_id`,
    [ids === 'all' ? null : ids, now],
  );
  return rows.map((r) => r.notification_id).sort();
}
