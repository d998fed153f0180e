import type { Queryable } from '@overfly/db';
import type { MessageOf } from '@overfly/kafka';

/** notifications → `notifications`: a delivery's state from a later offset than the row's. */
export async function applyNotifications(
  db: Queryable,
  messages: readonly MessageOf<'notifications'>[],
): Promise<void> {
  const latest = new Map<string, object>();
  for (const m of messages) {
    const n = m.value;
    if (n === null) continue;
    latest.set(n.notificationId, {
      notification_id: n.notificationId,
      source_topic: n.sourceTopic,
      source_event_id: n.sourceEventId,
      channel: n.channel,
      recipient_ref: n.recipientRef,
      template: n.template,
      status: n.status,
      attempts: n.attempts,
      provider_message_id: n.providerMessageId,
      last_error: n.lastError,
      created_at: n.createdAt,
      updated_at: n.updatedAt,
      src_partition: m.partition,
      src_offset: m.offset,
    });
  }
  if (latest.size === 0) return;
  await db.query(
    `INSERT INTO notifications
     SELECT * FROM jsonb_populate_recordset(NULL::notifications, $1::jsonb)
     ON CONFLICT (notification_id) DO UPDATE SET
       status = EXCLUDED.status, attempts = EXCLUDED.attempts,
       provider_message_id = EXCLUDED.provider_message_id, last_error = EXCLUDED.last_error,
       updated_at = EXCLUDED.updated_at, src_partition = EXCLUDED.src_partition,
       src_offset = EXCLUDED.src_offset
     WHERE EXCLUDED.src_offset > notifications.src_offset
        OR EXCLUDED.src_partition <> notifications.src_partition`,
    [JSON.stringify([...latest.values()])],
  );
}

/** dead.letter → `dead_letters`, once per record of the dead-letter topic. */
export async function applyDeadLetters(
  db: Queryable,
  messages: readonly MessageOf<'dead.letter'>[],
): Promise<void> {
  const rows = [];
  for (const m of messages) {
    const d = m.value;
    if (d === null) continue;
    rows.push({
      id: `${m.partition}:${m.offset}`,
      source_topic: d.sourceTopic,
      source_partition: d.sourcePartition,
      source_offset: d.sourceOffset,
      service: d.service,
      error_code: d.errorCode,
      error_message: d.errorMessage,
      retriable: d.retriable,
      attempts: d.attempts,
      failed_at: d.failedAt,
      original_key: d.originalKey === null ? null : `\\x${d.originalKey.toString('hex')}`,
      original_value: d.originalValue === null ? null : `\\x${d.originalValue.toString('hex')}`,
      original_headers: d.originalHeaders,
      replayed_at: null,
    });
  }
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO dead_letters
     SELECT * FROM jsonb_populate_recordset(NULL::dead_letters, $1::jsonb)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
