// invoice-writer SIGKILLed mid-stream, restarted each time as a supervisor would, against
// an undisturbed run of the same 10,000 charges: the same live lines and amounts, none
// doubled. crash.int.test.ts (CI) kills it 5 times, crash.chaos.test.ts
// (`pnpm test:chaos`) 10 times.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import type { ChargeCalculated } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from '../migrations-dir.js';
import { sampleCharge } from './charges.js';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const { databaseUrl } = testEndpoints();
const OPERATORS = ['SWR', 'DLH', 'AFR', 'BAW', 'KLM', 'EZY', 'RYR'];
const CROSSINGS = 8_500;
const REPRICED = 1_500;
const DAY = 86_400_000;

/** The first calculation of crossing n: mostly PRICED, some EXEMPT, some UNPRICED. */
function firstCharge(n: number): ChargeCalculated {
  const operatorIcao = OPERATORS[n % OPERATORS.length]!;
  const base = { operatorIcao, flightDate: 20_148 + (n % 31), calculatedAt: 1_741_000_000_000 };
  if (n % 23 === 0)
    return sampleCharge(n, {
      ...base,
      status: 'EXEMPT',
      amount: null,
      unitRate: null,
      tariffVersion: null,
      exemptionCode: 'STATE',
      reason: 'state flight',
    });
  if (n % 29 === 0)
    return sampleCharge(n, {
      ...base,
      status: 'UNPRICED',
      amount: null,
      unitRate: null,
      tariffVersion: null,
      serviceUnits: null,
      reason: 'unknown aircraft type',
    });
  return sampleCharge(n, base);
}

/** A later calculation of the same crossing under a new tariff version and amount. */
function repricedCharge(n: number): ChargeCalculated {
  const first = firstCharge(n);
  return {
    ...sampleCharge(n, { operatorIcao: first.operatorIcao, flightDate: first.flightDate }),
    chargeId: `chg_${n}_v2`,
    tariffVersion: '2025-03.v2',
    amount: { amountMinor: 2_000 + (n % 89), currency: 'EUR' },
    calculatedAt: first.calculatedAt + DAY,
  };
}

/**
 * 10,000 charges: 8,500 crossings, 1,500 of them re-priced 2,000 messages later (and so,
 * in most runs, in another batch than their first version).
 */
function chargeStream(): ChargeCalculated[] {
  const out: ChargeCalculated[] = [];
  let repriced = 0;
  for (let n = 0; n < CROSSINGS; n++) {
    out.push(firstCharge(n));
    const old = n - 2_000;
    if (old >= 0 && old % 4 === 0 && repriced < REPRICED) {
      out.push(repricedCharge(old));
      repriced++;
    }
  }
  for (let old = 4 * repriced; repriced < REPRICED; old += 4, repriced++)
    out.push(repricedCharge(old));
  return out;
}

function startWriter(
  prefix: string,
  schema: string,
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}invoice-writer`,
      DATABASE_SCHEMA: schema,
      // The broker's minimum: a killed member's partitions move on after 6 s, not 30.
      KAFKA_SESSION_TIMEOUT: '6s',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return { child, output: () => output.slice(-4_000) };
}

async function stopWriter(run: { child: ChildProcess }): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGTERM');
  await once(run.child, 'exit');
}

const pools: Pool[] = [];

async function openSchema(schema: string): Promise<Pool> {
  const pool = createPool({ url: databaseUrl, schema, max: 2 });
  pools.push(pool);
  await migrate(pool, MIGRATIONS_DIR, { schema });
  return pool;
}

const storedTotal = async (pool: Pool) =>
  Number(
    (
      await pool.query<{ n: string | null }>(
        'SELECT coalesce(sum(next_offset), 0) AS n FROM consumer_offsets',
      )
    ).rows[0]?.n ?? 0,
  );

interface LiveLine {
  crossing_id: string;
  charge_id: string;
  tariff_version: string;
  status: string;
  amount_minor: number | null;
  currency: string | null;
  operator_icao: string | null;
  exemption_code: string | null;
  reason: string | null;
}

async function ledger(pool: Pool) {
  const live = await pool.query<LiveLine>(
    `SELECT crossing_id, charge_id, tariff_version, status, amount_minor, currency,
            operator_icao, exemption_code, reason
       FROM invoice_lines WHERE superseded_by IS NULL ORDER BY crossing_id`,
  );
  const totals = await pool.query<{ rows: number; sum: number | null; duplicates: number }>(
    `SELECT (SELECT count(*)::int FROM invoice_lines) AS rows,
            (SELECT sum(amount_minor)::bigint FROM invoice_lines
              WHERE superseded_by IS NULL AND status = 'PRICED') AS sum,
            (SELECT count(*)::int FROM (
               SELECT 1 FROM invoice_lines GROUP BY crossing_id, tariff_version, revision
               HAVING count(*) > 1) d) AS duplicates`,
  );
  const t = totals.rows[0]!;
  return { live: live.rows, rows: t.rows, sum: Number(t.sum), duplicates: t.duplicates };
}

/** Registers the test: the writer killed `killCount` times while the charges are published. */
export function describeWriterCrash(killCount: number): void {
  const schemas = { calm: uniqueSchema('writer_calm'), killed: uniqueSchema('writer_killed') };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await dropSchema(databaseUrl, schemas.calm);
    await dropSchema(databaseUrl, schemas.killed);
  });

  describe('invoice-writer killed with SIGKILL', () => {
    it(`writes the same live lines and amounts as an undisturbed run, after ${killCount} kills mid-stream`, {
      timeout: 600_000,
    }, async () => {
      const charges = chargeStream();
      expect(charges).toHaveLength(10_000);
      const records = (list: ChargeCalculated[]) =>
        list.map((c) => ({ key: c.crossingId, value: c }));
      const calm = await isolatedRuntime('writer-calm');
      const killed = await isolatedRuntime('writer-killed');
      const calmDb = await openSchema(schemas.calm);
      const killedDb = await openSchema(schemas.killed);

      // The reference run, left alone.
      await (await calm.runtime.producer()).send('charges.calculated', records(charges));
      const reference = startWriter(calm.prefix, schemas.calm);
      try {
        await waitFor(
          async () => {
            if (reference.child.exitCode !== null)
              throw new Error(`writer exited early:\n${reference.output()}`);
            return (await storedTotal(calmDb)) === charges.length;
          },
          { timeoutMs: 180_000, intervalMs: 250, message: 'the undisturbed run to finish' },
        );
      } finally {
        await stopWriter(reference);
      }

      // The same charges published in killCount + 1 parts, the writer killed once in each
      // but the last while the publishing goes on: each run is killed as soon as it has
      // stored progress of its own.
      const producer = await killed.runtime.producer();
      const parts = killCount + 1;
      const size = Math.ceil(charges.length / parts);
      const part = (i: number) => records(charges.slice(i * size, (i + 1) * size));
      const kills: number[] = [];
      let stored = 0;
      await producer.send('charges.calculated', part(0));
      for (let i = 0; i < parts - 1; i++) {
        const run = startWriter(killed.prefix, schemas.killed);
        const before = stored;
        try {
          await waitFor(
            async () => {
              if (run.child.exitCode !== null)
                throw new Error(`writer exited early:\n${run.output()}`);
              stored = await storedTotal(killedDb);
              return stored > before;
            },
            { timeoutMs: 120_000, intervalMs: 20, message: `progress after restart ${i}` },
          );
        } catch (error) {
          run.child.kill('SIGKILL');
          throw error;
        }
        const publishing = producer.send('charges.calculated', part(i + 1));
        run.child.kill('SIGKILL');
        await once(run.child, 'exit');
        await publishing;
        kills.push(stored);
      }
      const last = startWriter(killed.prefix, schemas.killed);
      try {
        await waitFor(
          async () => {
            if (last.child.exitCode !== null)
              throw new Error(`writer exited early:\n${last.output()}`);
            return (await storedTotal(killedDb)) === charges.length;
          },
          { timeoutMs: 180_000, intervalMs: 250, message: 'the killed run to finish' },
        );
      } finally {
        await stopWriter(last);
      }
      expect(kills).toHaveLength(killCount);
      // Every kill landed mid-stream, each later than the one before.
      expect(kills.every((k, i) => k < charges.length && (i === 0 || k > kills[i - 1]!))).toBe(
        true,
      );
      console.log(`killed at stored offsets ${kills.join(', ')} of ${charges.length}`);

      // What the input bills, worked out here: the latest calculation of each crossing.
      const latest = new Map<string, ChargeCalculated>();
      for (const c of charges) {
        const seen = latest.get(c.crossingId);
        if (!seen || c.calculatedAt > seen.calculatedAt) latest.set(c.crossingId, c);
      }
      const billed = [...latest.values()].reduce(
        (sum, c) => sum + (c.status === 'PRICED' ? c.amount!.amountMinor : 0),
        0,
      );

      const expected = await ledger(calmDb);
      const actual = await ledger(killedDb);
      expect(expected.live).toHaveLength(CROSSINGS);
      expect(expected.sum).toBe(billed);
      expect(actual.sum).toBe(expected.sum);
      expect(actual.live).toHaveLength(expected.live.length);
      expect(actual.live).toEqual(expected.live);
      expect(actual.live.map((l) => l.charge_id).sort()).toEqual(
        [...latest.values()].map((c) => c.chargeId).sort(),
      );
      expect(actual.duplicates).toBe(0);
      expect(expected.duplicates).toBe(0);
      // One row per version actually replaced: a re-price read in the same run as its first
      // version collapses to one row, so the history may differ, never the live lines.
      expect(actual.rows).toBeGreaterThanOrEqual(CROSSINGS);
      expect(actual.rows).toBeLessThanOrEqual(charges.length);
      expect(await storedTotal(killedDb)).toBe(charges.length);
      expect(await storedTotal(calmDb)).toBe(charges.length);
      console.log(
        `${actual.live.length} live lines, ${actual.sum} cents in both runs; rows: ${actual.rows} killed, ${expected.rows} undisturbed`,
      );
    });
  });
}
