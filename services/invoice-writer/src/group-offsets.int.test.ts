// Issue 10, finding 7: the writer's real progress is in PostgreSQL (consumer_offsets); the
// consumer group's committed offsets, which every lag monitor and dashboard reads, must
// follow it, so a drained writer shows no lag.
import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import type { ChargeCalculated } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime, withAdmin } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { sampleCharge } from './test-support/charges.js';
import { startTestWriter } from './test-support/writer.js';

const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('writer_group_offsets');
let pool: Pool | undefined;
afterAll(async () => {
  await pool?.end();
  await dropSchema(databaseUrl, schema);
});

/** Partition → next offset, from three places: the topic's end, PostgreSQL, the group. */
async function positions(prefix: string, db: Pool) {
  const topic = `${prefix}charges.calculated`;
  return withAdmin(async (admin) => {
    const ends = new Map(
      (await admin.topicOffsets(topic)).map((p) => [p.partition, Number(p.high)]),
    );
    const committed = await admin.committedOffsets(`${prefix}invoice-writer`, topic);
    const { rows } = await db.query<{ partition: number; next_offset: number }>(
      'SELECT partition, next_offset FROM consumer_offsets',
    );
    const stored = new Map(rows.map((r) => [r.partition, r.next_offset]));
    const of = (m: Map<number, number | string | null>) =>
      [...ends.keys()].sort().map((p) => Number(m.get(p) ?? 0));
    return { end: of(ends), stored: of(stored), committed: of(committed) };
  });
}

describe('invoice-writer consumer-group offsets', () => {
  it('match the end of every partition once input stops and the lines are written', {
    timeout: 180_000,
  }, async () => {
    const env = await isolatedRuntime('writer-group-offsets');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    const producer = await env.runtime.producer();
    const charges = Array.from({ length: 3_000 }, (_, n) => sampleCharge(n));
    await producer.send(
      'charges.calculated',
      charges.map((c) => ({ key: c.crossingId, value: c })),
    );
    // What bills nothing still moves the position: a refused charge last on partition 0, a
    // tombstone last on partition 1.
    const refused: ChargeCalculated = { ...sampleCharge(9_999), distanceKm: -1 };
    await producer.send('charges.calculated', [
      { key: refused.crossingId, value: refused, partition: 0 },
      { key: 'gone', value: null, partition: 1 },
    ]);

    const writer = await startTestWriter(env, pool);
    try {
      const db = pool;
      const drained = await waitFor(
        async () => {
          const p = await positions(env.prefix, db);
          return p.stored.every((s, i) => s === p.end[i]) ? p : null;
        },
        { timeoutMs: 120_000, message: 'PostgreSQL to hold every partition settled' },
      );
      const storedAt = Date.now();
      console.log(
        `drained: end ${drained.end.join(',')}; group then ${drained.committed.join(',')}`,
      );
      const lagging = await waitFor(
        async () => {
          const p = await positions(env.prefix, db);
          return p.committed.every((c, i) => c === p.end[i]) ? p : null;
        },
        { timeoutMs: 10_000, intervalMs: 100, message: 'the group offsets to reach the end' },
      ).catch(async (error: unknown) => {
        const p = await positions(env.prefix, db);
        throw new Error(
          `${String(error)}: end ${p.end.join(',')}, stored ${p.stored.join(',')}, group ${p.committed.join(',')}`,
        );
      });
      console.log(`group offsets at the end ${Date.now() - storedAt} ms after PostgreSQL`);
      expect(lagging.committed).toEqual(lagging.end);
      expect((await env.runtime.readDeadLetters()).letters).toHaveLength(1);
    } finally {
      await writer.stop();
    }
  });
});
