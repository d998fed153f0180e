import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../../tests/support/endpoints.js';
import { MIGRATIONS_DIR } from '../migrations-dir.js';
import type { SourceOf } from './delivery.js';
import { listDeliveries, retryDeadLettered } from './operations.js';
import {
  claimDue,
  markAll,
  markDeadLettered,
  markFailed,
  markPublished,
  markSent,
  recordPlanned,
  unpublished,
} from './store.js';

const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('notifier_ledger');
let pool: Pool;

beforeAll(async () => {
  pool = createPool({ url: databaseUrl, schema, max: 6 });
  await migrate(pool, MIGRATIONS_DIR, { schema });
});
afterAll(async () => {
  await pool?.end();
  await dropSchema(databaseUrl, schema);
});

const source = (n: number): SourceOf => ({
  topic: 'passenger.events',
  partition: n % 3,
  offset: String(n),
  key: `P${n}`,
  eventId: `evt-${n}`,
  event: { eventId: `evt-${n}`, passengerId: `P${n}` },
});
const email = (ref: string) => ({
  channel: 'EMAIL' as const,
  recipientRef: ref,
  kind: 'REFUND_OFFERED',
});

describe('the delivery ledger', () => {
  it('plans an event once however often it is read', async () => {
    const planned = [1, 2, 3].map((n) => ({ source: source(n), delivery: email(`C${n}`) }));
    expect(await recordPlanned(pool, planned, 1_000)).toBe(3);
    expect(await recordPlanned(pool, planned, 2_000)).toBe(0);
    expect(
      await recordPlanned(pool, [...planned, { source: source(4), delivery: email('C4') }], 3_000),
    ).toBe(1);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries');
    expect(rows[0]?.n).toBe(4);
  });

  it('lets two dispatchers claim disjoint deliveries, each once', async () => {
    const [a, b] = await Promise.all([
      claimDue(pool, 'EMAIL', 10_000, 3, 60_000),
      claimDue(pool, 'EMAIL', 10_000, 3, 60_000),
    ]);
    const keys = [...(a ?? []), ...(b ?? [])].map((d) => d.idempotencyKey);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
    expect(await claimDue(pool, 'EMAIL', 20_000, 10, 60_000)).toEqual([]);
  });

  it('takes back a send whose lease passed (its process died), with one more attempt', async () => {
    const again = await claimDue(pool, 'EMAIL', 70_001, 10, 60_000);
    expect(again).toHaveLength(4);
    expect(again.every((d) => d.attempts === 2 && d.status === 'SENDING' && d.resumes === 1)).toBe(
      true,
    );
  });

  it('never sends again what was marked sent; retries a failure only when due', async () => {
    const [first, second, ...rest] = await claimDue(pool, 'EMAIL', 200_000, 10, 60_000);
    expect(rest).toHaveLength(2);
    for (const d of rest) await markSent(pool, d.idempotencyKey, 'smtp-0', 200_001);
    await markSent(pool, first!.idempotencyKey, 'smtp-1', 200_001);
    await markFailed(pool, second!.idempotencyKey, 'SMTP 421', 300_000, 200_001);
    // A late result for a row no longer SENDING changes nothing.
    await markSent(pool, second!.idempotencyKey, 'late', 200_002);
    expect(
      (await claimDue(pool, 'EMAIL', 299_999, 10, 60_000)).map((d) => d.idempotencyKey),
    ).toEqual([]);
    const due = await claimDue(pool, 'EMAIL', 300_000, 10, 60_000);
    expect(due.map((d) => d.idempotencyKey)).toEqual([second!.idempotencyKey]);
    const sent = await pool.query(
      'SELECT status, provider_message_id FROM deliveries WHERE idempotency_key = $1',
      [first!.idempotencyKey],
    );
    expect(sent.rows[0]).toEqual({ status: 'SENT', provider_message_id: 'smtp-1' });
  });

  it('hands the relay each state once it is newer than what it told', async () => {
    const first = await unpublished(pool, 100);
    expect(first.length).toBe(4);
    await markPublished(pool, first);
    expect(await unpublished(pool, 100)).toEqual([]);
    // The one retried above, still SENDING; its lease has passed.
    const [d] = await claimDue(pool, 'EMAIL', 10_000_000, 1, 60_000);
    await markSent(pool, d!.idempotencyKey, 'smtp-2', 10_000_001);
    expect((await unpublished(pool, 100)).map((u) => [u.idempotencyKey, u.status])).toEqual([
      [d!.idempotencyKey, 'SENT'],
    ]);
  });

  it('lists deliveries for an operator, filtered, and sends dead-lettered ones again', async () => {
    const sent = await listDeliveries(pool, { status: 'SENT', channel: 'EMAIL' }, 10);
    expect(sent.length).toBe(4);
    expect(sent.every((l) => l.status === 'SENT' && l.providerMessageId !== null)).toBe(true);
    const [d] = await claimDue(pool, 'EMAIL', 20_000_000, 1, 60_000);
    expect(d).toBeUndefined();
    await recordPlanned(pool, [{ source: source(9), delivery: email('C9') }], 30_000_000);
    const [nine] = await claimDue(pool, 'EMAIL', 30_000_000, 1, 60_000);
    await markDeadLettered(pool, nine!.idempotencyKey, 'refused: SMTP 550', 30_000_001);
    expect(await retryDeadLettered(pool, 'all', 30_000_002)).toEqual([nine!.notificationId]);
    const [again] = await claimDue(pool, 'EMAIL', 30_000_002, 1, 60_000);
    expect(again).toMatchObject({ notificationId: nine!.notificationId, attempts: 1 });
    expect(await retryDeadLettered(pool, [nine!.notificationId], 30_000_003)).toEqual([]);
  });

  it('marks a batch of outcomes in one statement, each only from SENDING', async () => {
    const planned = [20, 21, 22, 23].map((n) => ({ source: source(n), delivery: email(`C${n}`) }));
    await recordPlanned(pool, planned, 40_000_000);
    // The one the test before left SENDING comes back too (its lease has passed).
    const claimed = (await claimDue(pool, 'EMAIL', 40_000_000, 10, 60_000)).filter((x) =>
      ['evt-20', 'evt-21', 'evt-22', 'evt-23'].includes(x.sourceEventId),
    );
    expect(claimed).toHaveLength(4);
    const [a, b, c, d] = claimed.map((x) => x.idempotencyKey) as [string, string, string, string];
    await markAll(pool, [
      { key: a, status: 'SENT', providerMessageId: 'smtp-a', at: 40_000_001 },
      // Fractional times (a jittered backoff) are whole ms in bigint columns, not an error
      // that fails every mark of the batch.
      { key: b, status: 'FAILED', error: 'SMTP 421', retryAt: 40_099_999.25, at: 40_000_001.4 },
      { key: c, status: 'SUPPRESSED', error: 'no e-mail address', at: 40_000_001 },
      { key: d, status: 'DEAD_LETTERED', error: 'refused: SMTP 550', at: 40_000_001 },
    ]);
    // A second word on the same sends changes nothing: none is SENDING any more.
    await markAll(pool, [{ key: a, status: 'DEAD_LETTERED', error: 'late', at: 40_000_002 }]);
    const { rows } = await pool.query(
      `SELECT idempotency_key AS key, status, provider_message_id AS provider, last_error AS error,
              next_attempt_at AS "retryAt" FROM deliveries WHERE idempotency_key = ANY($1)`,
      [[a, b, c, d]],
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get(a)).toMatchObject({ status: 'SENT', provider: 'smtp-a', error: null });
    expect(byKey.get(b)).toMatchObject({
      status: 'FAILED',
      error: 'SMTP 421',
      retryAt: 40_100_000,
    });
    expect(byKey.get(c)).toMatchObject({ status: 'SUPPRESSED', error: 'no e-mail address' });
    expect(byKey.get(d)).toMatchObject({ status: 'DEAD_LETTERED', error: 'refused: SMTP 550' });
  });
});
