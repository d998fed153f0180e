// invoice-writer across a PostgreSQL outage, as its own process: it must neither exit nor
// print a stack trace nor dead-letter a valid charge, and must bill exactly what an
// undisturbed run bills. The platform's PostgreSQL is stopped (tests/support/outage.ts); the
// registry keeps its schemas there too, so both sides use schemas they cached before.
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import type { ChargeCalculated } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime, withAdmin } from '../../../tests/support/kafka-runtime.js';
import { outage } from '../../../tests/support/outage.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { sampleCharge } from './test-support/charges.js';
import {
  logLines,
  type ReadyAnswer,
  readiness,
  spawnWriter,
  stackTraces,
  stopWriter,
  type WriterProcess,
} from './test-support/child.js';
import { ledger, storedTotal } from './test-support/ledger.js';
import { startTestWriter } from './test-support/writer.js';

const { databaseUrl } = testEndpoints();
const DAY = 86_400_000;
const schemas: string[] = [];
const pools: Pool[] = [];
const writers: WriterProcess[] = [];

afterAll(async () => {
  for (const writer of writers) if (writer.exited() === null) writer.child.kill('SIGKILL');
  await Promise.all(pools.map((p) => p.end()));
  for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

function freshSchema(label: string): string {
  const schema = uniqueSchema(label);
  schemas.push(schema);
  return schema;
}

/** A pool on `schema` for the test's own reads (the writer makes and migrates its own). */
function poolOn(schema: string): Pool {
  const pool = createPool({ url: databaseUrl, schema, max: 2 });
  pools.push(pool);
  return pool;
}

async function spawn(
  prefix: string,
  schema: string,
  env: Record<string, string> = {},
): Promise<WriterProcess> {
  const writer = await spawnWriter(prefix, schema, env);
  writers.push(writer);
  return writer;
}

/**
 * `crossings` first calculations, then a re-price (new tariff version, new amount, a day
 * later) of every fourth of them: lines and the lines they replace.
 */
function chargeStream(crossings: number): ChargeCalculated[] {
  const first = Array.from({ length: crossings }, (_, n) =>
    n % 17 === 0
      ? sampleCharge(n, {
          status: 'EXEMPT',
          amount: null,
          unitRate: null,
          tariffVersion: null,
          exemptionCode: 'STATE',
          reason: 'state flight',
        })
      : sampleCharge(n),
  );
  const repriced = first
    .filter((_, n) => n % 4 === 1)
    .map((c, i) => ({
      ...c,
      chargeId: `${c.chargeId}_v2`,
      tariffVersion: '2025-03.v2',
      amount: { amountMinor: 3_000 + (i % 71), currency: 'EUR' },
      calculatedAt: c.calculatedAt + DAY,
    }));
  return [...first, ...repriced];
}

const records = (list: ChargeCalculated[]) => list.map((c) => ({ key: c.crossingId, value: c }));

describe('invoice-writer and a PostgreSQL outage', () => {
  it('waits out 15 s of PostgreSQL down while writing, then bills what an undisturbed run bills', {
    timeout: 300_000,
  }, async () => {
    const charges = chargeStream(4_000);
    const half = Math.floor(charges.length / 2);

    // The reference: the same charges, written with no outage.
    const calm = await isolatedRuntime('pg-outage-calm');
    const calmSchema = freshSchema('pg_outage_calm');
    const calmDb = poolOn(calmSchema);
    await migrate(calmDb, MIGRATIONS_DIR, { schema: calmSchema });
    await (await calm.runtime.producer()).send('charges.calculated', records(charges));
    const reference = await startTestWriter(calm, calmDb);
    try {
      await waitFor(async () => (await storedTotal(calmDb)) === charges.length, {
        timeoutMs: 120_000,
        message: 'the undisturbed run to settle every charge',
      });
    } finally {
      await reference.stop();
    }

    // The disturbed run: half the charges, PostgreSQL stopped while they are written, the
    // other half sent while it is down.
    const env = await isolatedRuntime('pg-outage');
    const schema = freshSchema('pg_outage');
    const db = poolOn(schema);
    const producer = await env.runtime.producer();
    await producer.send('charges.calculated', records(charges.slice(0, half)));
    // A session shorter than the outage: the writer must stay in its group while it waits
    // (a member silent for 10 s loses its partitions, and the group rebalances).
    const writer = await spawn(env.prefix, schema, { KAFKA_SESSION_TIMEOUT: '10s' });
    await waitFor(
      async () => {
        if (writer.exited() !== null) throw new Error(`writer exited:\n${writer.output()}`);
        return (await storedTotal(db).catch(() => 0)) > 0;
      },
      { timeoutMs: 120_000, message: 'the writer to settle its first charges' },
    );
    let readyWhileDown: Awaited<ReturnType<typeof readiness>> = null;
    const times = await outage('postgres', 15_000, async () => {
      await producer.send('charges.calculated', records(charges.slice(half)));
      readyWhileDown = await waitFor(
        async () => {
          if (writer.exited() !== null) throw new Error(`writer exited:\n${writer.output()}`);
          const answer = await readiness(writer);
          return answer?.status === 503 ? answer : null;
        },
        { timeoutMs: 10_000, message: '/health/ready to say not ready' },
      );
    });
    console.log(`PostgreSQL down for ${times.restartedAt - times.stoppedAt} ms`);
    expect(writer.exited(), writer.output().slice(-3_000)).toBeNull();
    expect(readyWhileDown).toMatchObject({ status: 503, failing: ['postgres'] });

    await waitFor(
      async () => {
        if (writer.exited() !== null) throw new Error(`writer exited:\n${writer.output()}`);
        return (await storedTotal(db)) === charges.length;
      },
      { timeoutMs: 120_000, message: 'the disturbed run to settle every charge' },
    );
    await waitFor(async () => (await readiness(writer))?.status === 200, {
      message: '/health/ready to say ready again',
    });
    // The group's offsets follow the progress PostgreSQL holds, outage or not (finding 7).
    await waitFor(
      async () => {
        const topic = `${env.prefix}charges.calculated`;
        return withAdmin(async (admin) => {
          const committed = await admin.committedOffsets(`${env.prefix}invoice-writer`, topic);
          const ends = await admin.topicOffsets(topic);
          return ends.every((e) => (committed.get(e.partition) ?? '0') === e.high);
        });
      },
      // Within seconds, not at once: a commit counts only once the coordinator took it, and
      // after an outage the consumer may still be joining again (a 6 s session) before its
      // commits are sent. 10 s was missed once in a full CI run on a loaded machine.
      { timeoutMs: 30_000, message: 'the group offsets to reach the end of every partition' },
    );
    expect(await stopWriter(writer)).toBe(0);

    const output = writer.output();
    expect(stackTraces(output)).toEqual([]);
    const waiting = logLines(output, /^waiting for PostgreSQL at /);
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    // One line per outage, not one per attempt (the pool may see it go away twice: the
    // stop, then a refused reconnection after a first answer of the restarting server).
    expect(waiting.length).toBeLessThanOrEqual(2);
    expect(logLines(output, /^PostgreSQL at .* answers again/).length).toBe(waiting.length);
    // Its partitions stayed with it: loaded once, never again after a rebalance.
    expect(logLines(output, /^positions loaded$/)).toHaveLength(1);
    const letters = await env.runtime.readDeadLetters();
    expect(letters.letters).toEqual([]);

    const expected = await ledger(calmDb);
    const actual = await ledger(db);
    expect(expected.live).toHaveLength(4_000);
    expect(actual.live).toEqual(expected.live);
    expect(actual.duplicates).toBe(0);
    expect(actual.stored).toBe(expected.stored);
  });

  it('started while PostgreSQL is down: waits, says so, then migrates and writes', {
    timeout: 300_000,
  }, async () => {
    const charges = chargeStream(400);
    const env = await isolatedRuntime('pg-start-down');
    const schema = freshSchema('pg_start_down');
    await (await env.runtime.producer()).send('charges.calculated', records(charges));

    let writer: WriterProcess | undefined;
    let ready: Awaited<ReturnType<typeof readiness>> = null;
    await outage('postgres', 15_000, async () => {
      writer = await spawn(env.prefix, schema);
      const w = writer;
      ready = await waitFor(
        async () => {
          if (w.exited() !== null) throw new Error(`writer exited:\n${w.output()}`);
          const answer = await readiness(w);
          return answer?.status === 503 ? answer : null;
        },
        { timeoutMs: 60_000, message: '/health/ready to answer not ready' },
      );
      // Still there some seconds on: waiting, not crash-looping.
      await sleep(5_000);
      expect(w.exited(), w.output()).toBeNull();
    });
    const w = writer!;
    // Not ready, naming what it waits for: PostgreSQL, or first the schema registry, which
    // keeps its schemas in the same PostgreSQL and so is away with it (which of the two
    // depends on whether the registry still answers from its cache).
    const answer = ready as unknown as ReadyAnswer;
    expect(answer.status).toBe(503);
    expect(answer.failing.length).toBeGreaterThan(0);
    for (const name of answer.failing) expect(['postgres', 'registry']).toContain(name);
    if (answer.failing.includes('postgres')) {
      const check = answer.checks.find((c) => c.name === 'postgres');
      expect(check?.error).toMatch(
        /waiting for PostgreSQL at 127\.0\.0\.1:\d+\/\w+ since .* \(ECONNREFUSED\)$/,
      );
    }

    const db = poolOn(schema);
    await waitFor(
      async () => {
        if (w.exited() !== null) throw new Error(`writer exited:\n${w.output()}`);
        return (await storedTotal(db).catch(() => 0)) === charges.length;
      },
      { timeoutMs: 120_000, message: 'the writer to migrate and settle every charge' },
    );
    expect((await readiness(w))?.status).toBe(200);
    expect(await stopWriter(w)).toBe(0);

    const output = w.output();
    expect(stackTraces(output)).toEqual([]);
    // One line per wait, for PostgreSQL or for the registry it takes down with it.
    const waitingForDb = logLines(output, /^waiting for PostgreSQL at /);
    const waitingForRegistry = logLines(output, /^waiting for the schema registry$/);
    expect(waitingForDb.length + waitingForRegistry.length).toBeGreaterThan(0);
    expect(waitingForDb.length).toBeLessThanOrEqual(1);
    if (waitingForDb[0]) expect(waitingForDb[0].reason).toBe('ECONNREFUSED');
    expect(logLines(output, /^database migrated$/)).toHaveLength(1);
    expect((await env.runtime.readDeadLetters()).letters).toEqual([]);
    expect((await ledger(db)).live).toHaveLength(400);
  });
});
