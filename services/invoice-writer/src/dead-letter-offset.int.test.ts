import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import type { ChargeCalculated } from '@overfly/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { sampleCharge } from './test-support/charges.js';
import { startTestWriter } from './test-support/writer.js';
import type { InvoiceWriter } from './writer.js';

const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('writer_dead_letter');
let pool: Pool;
let env: Awaited<ReturnType<typeof isolatedRuntime>>;
const running: InvoiceWriter[] = [];

beforeAll(async () => {
  env = await isolatedRuntime('invoice-writer-dl');
  pool = createPool({ url: databaseUrl, schema, max: 4 });
  await migrate(pool, MIGRATIONS_DIR, { schema });
});
afterAll(async () => {
  await Promise.all(running.map((w) => w.stop()));
  await pool?.end();
  await dropSchema(databaseUrl, schema);
});

/** A writer instance of the one consumer group; every instance of a test is a restart. */
async function startWriter(): Promise<InvoiceWriter> {
  const writer = await startTestWriter(env, pool);
  running.push(writer);
  return writer;
}

async function stopWriter(writer: InvoiceWriter): Promise<void> {
  running.splice(running.indexOf(writer), 1);
  await writer.stop();
}

async function send(partition: number, values: Array<ChargeCalculated | null>): Promise<void> {
  const producer = await env.runtime.producer();
  await producer.send(
    'charges.calculated',
    values.map((value, i) => ({ key: value?.crossingId ?? `tombstone-${i}`, value, partition })),
  );
}

/** The next offset PostgreSQL holds for a partition (what a restart seeks to); -1 for none. */
async function storedOffset(partition: number): Promise<number> {
  const { rows } = await pool.query<{ next_offset: number }>(
    'SELECT next_offset FROM consumer_offsets WHERE group_id = $1 AND partition = $2',
    [`${env.prefix}invoice-writer`, partition],
  );
  return rows[0]?.next_offset ?? -1;
}

const lineOf = async (charge: ChargeCalculated) =>
  (await pool.query('SELECT 1 FROM invoice_lines WHERE crossing_id = $1', [charge.crossingId]))
    .rowCount === 1;

/** `partition:offset` of the source message of every dead letter there is now. */
async function deadLettered(): Promise<string[]> {
  const { letters } = await env.runtime.readDeadLetters();
  return letters.map((l) => `${l.letter.sourcePartition}:${l.letter.sourceOffset}`);
}

describe('invoice-writer, when the last message of a partition is dead-lettered', () => {
  it('stores the offset past it, so a restarted writer does not dead-letter it again', async () => {
    const good = sampleCharge(1);
    const bad = sampleCharge(2, { distanceKm: -5 });
    const first = await startWriter();
    await send(0, [good, bad]);
    await waitFor(async () => (await deadLettered()).length > 0, { message: 'the dead letter' });
    expect(await lineOf(good)).toBe(true);
    await stopWriter(first);
    const storedAtStop = await storedOffset(0);

    // A new instance of the group resumes from PostgreSQL's offset. The charge sent after
    // the restart is written only once everything before it on the partition was handled.
    await startWriter();
    const later = sampleCharge(3);
    await send(0, [later]);
    await waitFor(() => lineOf(later), { message: 'the charge sent after the restart' });

    expect(await deadLettered()).toEqual(['0:1']);
    expect(storedAtStop).toBe(2);
    expect(await storedOffset(0)).toBe(3);
  });

  it('makes that step durable at once, not only at shutdown', async () => {
    const bad = sampleCharge(4, { amount: { amountMinor: 10, currency: 'EUU' } });
    await send(1, [sampleCharge(5), bad]);
    await waitFor(async () => (await deadLettered()).includes('1:1'), {
      message: 'the dead letter of partition 1',
    });
    await waitFor(async () => (await storedOffset(1)) === 2, {
      timeoutMs: 10_000,
      message: 'the stored offset of partition 1 past its dead letter',
    });
  });

  it('steps over a dead letter or a tombstone that is the first message of a partition', async () => {
    await send(2, [sampleCharge(6, { crossingId: 'not-a-crossing' })]);
    await send(3, [null]);
    await waitFor(async () => (await storedOffset(2)) === 1 && (await storedOffset(3)) === 1, {
      timeoutMs: 10_000,
      message: 'the stored offsets of partitions 2 and 3 past their only message',
    });
    expect((await deadLettered()).filter((id) => id.startsWith('2:'))).toEqual(['2:0']);
  });
});
