import type { Queryable } from '@overfly/db';
import type { StoredDeadLetter } from '@overfly/kafka';
import type { DeadLetterRow, NotificationRow } from '../schemas/ops.js';
import { encodeCursor } from '../server/cursor.js';

type Filter = Record<string, string | boolean | undefined>;

/** `WHERE` from equality filters (column ← value) plus the keyset bound. */
function where(
  filters: Filter,
  after: { at: number; id: string } | null,
  key: [string, string],
  params: unknown[],
): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const clauses = Object.entries(filters)
    .filter(([, v]) => v !== undefined)
    .map(([column, v]) => `${column} = ${p(v)}`);
  if (after) clauses.push(`(${key[0]}, ${key[1]}) < (${p(after.at)}, ${p(after.id)})`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

export async function listNotifications(
  db: Queryable,
  filters: { channel?: string; status?: string; sourceEventId?: string },
  page: { limit: number; after: { at: number; id: string } | null },
): Promise<{ items: NotificationRow[]; next: string | null }> {
  const params: unknown[] = [];
  const w = where(
    { channel: filters.channel, status: filters.status, source_event_id: filters.sourceEventId },
    page.after,
    ['updated_at', 'notification_id'],
    params,
  );
  params.push(page.limit + 1);
  const { rows } = await db.query<NotificationRow>(
    `SELECT notification_id AS "notificationId", source_topic AS "sourceTopic",
            source_event_id AS "sourceEventId", channel, recipient_ref AS "recipientRef", template,
            status, attempts, provider_message_id AS "providerMessageId", last_error AS "lastError",
            created_at::float8 AS "createdAt", updated_at::float8 AS "updatedAt"
       FROM notifications ${w} ORDER BY updated_at DESC, notification_id DESC LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items,
    next:
      rows.length > page.limit && last ? encodeCursor(last.updatedAt, last.notificationId) : null,
  };
}

const LETTER_COLUMNS = `id, source_topic AS "sourceTopic", source_partition AS "sourcePartition",
  source_offset AS "sourceOffset", service, error_code AS "errorCode", error_message AS "errorMessage",
  retriable, attempts, failed_at::float8 AS "failedAt", replayed_at::float8 AS "replayedAt"`;

export async function listDeadLetters(
  db: Queryable,
  filters: { service?: string; errorCode?: string; sourceTopic?: string },
  page: { limit: number; after: { at: number; id: string } | null },
): Promise<{ items: DeadLetterRow[]; next: string | null }> {
  const params: unknown[] = [];
  const w = where(
    { service: filters.service, error_code: filters.errorCode, source_topic: filters.sourceTopic },
    page.after,
    ['failed_at', 'id'],
    params,
  );
  params.push(page.limit + 1);
  const { rows } = await db.query<DeadLetterRow>(
    `SELECT ${LETTER_COLUMNS} FROM dead_letters ${w}
      ORDER BY failed_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items,
    next: rows.length > page.limit && last ? encodeCursor(last.failedAt, last.id) : null,
  };
}

/** The letters of `ids` as the replay tool takes them (original bytes and headers). */
export async function lettersToReplay(
  db: Queryable,
  ids: readonly string[],
): Promise<StoredDeadLetter[]> {
  const { rows } = await db.query<{
    id: string;
    source_topic: string;
    source_partition: number;
    source_offset: string;
    original_key: Buffer | null;
    original_value: Buffer | null;
    original_headers: Record<string, string>;
    service: string;
    error_code: string;
    error_message: string;
    retriable: boolean;
    attempts: number;
    failed_at: string;
  }>('SELECT * FROM dead_letters WHERE id = ANY($1) ORDER BY failed_at, id', [ids]);
  return rows.map((r) => ({
    id: r.id,
    letter: {
      sourceTopic: r.source_topic,
      sourcePartition: r.source_partition,
      sourceOffset: r.source_offset,
      originalKey: r.original_key,
      originalValue: r.original_value,
      originalHeaders: r.original_headers,
      service: r.service,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      retriable: r.retriable,
      attempts: r.attempts,
      failedAt: Number(r.failed_at),
    },
  }));
}

export async function markReplayed(
  db: Queryable,
  ids: readonly string[],
  at: number,
): Promise<void> {
  await db.query('UPDATE dead_letters SET replayed_at = $2 WHERE id = ANY($1)', [ids, at]);
}
