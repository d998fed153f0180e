import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FirCrossing, PositionUpdate } from '@overfly/schemas';
import { readTrajectory } from '@overfly/trajectories';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consolidate,
  createPool,
  dropSchema,
  MIGRATIONS_DIR,
  migrate,
  type Pool,
  uniqueSchema,
} from '../../services/invoice-writer/src/test-support/db.js';
import { dataFile } from '../support/data-files.js';
import { testEndpoints } from '../support/endpoints.js';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { waitFor } from '../support/wait-for.js';

const file = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const A319 = dataFile('trajectories/flight_a319_opensky.csv');
const services = {
  'fir-analyser': file('../../services/fir-analyser/src/main.ts'),
  'fee-calculator': file('../../services/fee-calculator/src/main.ts'),
  'invoice-writer': file('../../services/invoice-writer/src/main.ts'),
};
const FRANCE = new Set(['LFBB', 'LFEE', 'LFFF', 'LFMM', 'LFRR']);
/** data/tariffs/unit-rates.csv: zone LF, 2018-01..2018-12, 63.61 EUR (Arrêté du 22 décembre 2017). */
const FRENCH_UNIT_RATE_CENTS = 6_361n;

/** The rows of one of the repository's CSV tables, by column name (comment lines skipped). */
function table(relative: string): Array<Record<string, string>> {
  return parse(readFileSync(dataFile(relative)), {
    bom: true,
    columns: true,
    comment: '#',
    comment_no_infix: true,
    skip_empty_lines: true,
  });
}

/**
 * MTOW of the aircraft as the tables say: registry → type → override, else the ps table; with
 * the source a charge names for it (the override row's, or the ps table's file, column and row).
 */
function mtowKgOf(icao24: string): { type: string; mtowKg: number; source: string } {
  const type = table('aircraft/registry.csv').find((r) => r.icao24 === icao24)?.type;
  if (!type) throw new Error(`${icao24} is not in data/aircraft/registry.csv`);
  const override = table('aircraft/mtow-overrides.csv').find((r) => r.type === type);
  const reference = table('aircraft/ps-aircraft-params-20250328.csv').find((r) => r.ICAO === type);
  const mtowKg = Number(override?.mtow_kg ?? reference?.MTOM_kg);
  if (!Number.isFinite(mtowKg)) throw new Error(`no MTOW for ${type}`);
  const source =
    override?.source ??
    `ps-aircraft-params-20250328.csv (pycontrails, Apache-2.0), MTOM_kg of ${type}`;
  return { type, mtowKg, source };
}

/**
 * The en-route charge of one crossing, worked out here from Regulation (EU) 2019/317
 * Annex VIII without packages/charges: d in whole km (half up) less 20 km per take-off and
 * landing in the zone, ÷ 100; p = √(MTOW t / 50) to 2 decimals with MTOW to 0.1 t;
 * amount = t × d × p in cents, rounded once, half away from zero.
 */
function expectedCents(crossing: FirCrossing, mtowKg: number): bigint {
  const movements = (crossing.departureAirport ? 1 : 0) + (crossing.arrivalAirport ? 1 : 0);
  const dKm = Math.max(0, Math.round(crossing.greatCircleDistanceKm) - 20 * movements);
  const mtowTenthsOfTonne = Math.round(mtowKg / 100);
  const p100 = Math.round(Math.sqrt(mtowTenthsOfTonne / 10 / 50) * 100);
  const numerator = FRENCH_UNIT_RATE_CENTS * BigInt(dKm) * BigInt(p100); // cents × 10^4
  const whole = numerator / 10_000n;
  return numerator % 10_000n >= 5_000n ? whole + 1n : whole;
}

function start(name: keyof typeof services, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', services[name]], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, output: () => output.slice(-4_000) };
}

interface Line {
  crossing_id: string;
  fir_id: string;
  status: string;
  amount_minor: number | null;
  currency: string | null;
  reason: string | null;
  operator_icao: string | null;
  aircraft_type: string | null;
  tariff_month: string;
  invoice_id: string | null;
  charging_zone: string | null;
  distance_basis: string | null;
  mtow_source: string | null;
  unit_rate_source: string | null;
  exchange_rate_source: string | null;
}

const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('billing_pipeline');
const running: Array<ReturnType<typeof start>> = [];
let pool: Pool;
let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;

beforeAll(async () => {
  ctx = await isolatedRuntime('billing');
  pool = createPool({ url: databaseUrl, schema, max: 2 });
  await migrate(pool, MIGRATIONS_DIR, { schema });
});
afterAll(async () => {
  for (const s of running) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) continue;
    s.child.kill('SIGTERM');
    await once(s.child, 'exit');
  }
  await pool?.end();
  await dropSchema(databaseUrl, schema);
});

describe('billing pipeline: positions → crossings → charges → invoice lines', () => {
  it('invoices the A319 French FIRs to the cent and records the others UNPRICED', async () => {
    const positions: PositionUpdate[] = [];
    for await (const row of readTrajectory(A319)) if (row.ok) positions.push(row.position);
    expect(positions.length).toBeGreaterThan(100);
    // Priced at its real date, 2 January 2018, with the French rate of that year.
    expect(new Date(positions[0]!.positionTime).toISOString().slice(0, 10)).toBe('2018-01-02');
    const producer = await ctx.runtime.producer();
    await producer.send(
      'flights.updates',
      positions.map((p) => ({ key: p.icao24, value: p })),
    );

    for (const name of ['fir-analyser', 'fee-calculator', 'invoice-writer'] as const)
      running.push(
        start(name, {
          TOPIC_PREFIX: ctx.prefix,
          KAFKA_GROUP_ID: `${ctx.prefix}${name}`,
          DATABASE_SCHEMA: schema,
          CHECKPOINT_INTERVAL: '500ms',
        }),
      );
    const alive = () => {
      for (const s of running)
        if (s.child.exitCode !== null) throw new Error(`${s.name} exited:\n${s.output()}`);
    };

    // What the analyser published: the last record of each crossing.
    const crossings = new Map<string, FirCrossing>();
    const readCrossings = async () => {
      await ctx.runtime.readToEnd('fir.crossings', (m) => {
        if (m.value) crossings.set(m.value.crossingId, m.value);
      });
    };
    const live = async () =>
      (
        await pool.query<Line>(
          `SELECT crossing_id, fir_id, status, amount_minor, currency, reason, operator_icao,
                  aircraft_type, tariff_month, invoice_id, charging_zone, distance_basis,
                  mtow_source, unit_rate_source, exchange_rate_source
             FROM invoice_lines WHERE superseded_by IS NULL ORDER BY crossing_id`,
        )
      ).rows;
    const lines = await waitFor(
      async () => {
        alive();
        await readCrossings();
        const rows = await live();
        const finals = [...crossings.values()].filter((c) => c.status === 'FINAL');
        const settled =
          finals.length >= 9 &&
          rows.length === crossings.size &&
          finals.every((c) => {
            const line = rows.find((r) => r.crossing_id === c.crossingId);
            return line !== undefined && !line.reason?.startsWith('CROSSING_NOT_FINAL');
          });
        return settled ? rows : null;
      },
      { timeoutMs: 150_000, intervalMs: 500, message: 'a settled line for every crossing' },
    );

    const { type, mtowKg, source: mtowSource } = mtowKgOf('3946e9');
    expect(type).toBe('A319');
    const french = lines.filter((l) => FRANCE.has(l.fir_id));
    expect(french.map((l) => l.fir_id).sort()).toEqual(['LFEE', 'LFFF']);
    for (const line of french) {
      const crossing = crossings.get(line.crossing_id)!;
      expect(crossing.status).toBe('FINAL');
      // The data starts airborne (8,200 ft after leaving Le Bourget): no take-off in the zone.
      expect(crossing.departureAirport).toBeNull();
      expect(crossing.arrivalAirport).toBeNull();
      expect(line).toMatchObject({
        status: 'PRICED',
        currency: 'EUR',
        operator_icao: 'AFR',
        aircraft_type: 'A319',
        tariff_month: '2018-01',
        reason: null,
        // Each figure traced to its table row: the A319's MTOW row, the 2018 arrêté.
        charging_zone: 'LF',
        distance_basis: 'GREAT_CIRCLE',
        mtow_source: mtowSource,
        exchange_rate_source: null,
      });
      expect(line.unit_rate_source).toMatch(
        /^Arrêté du 22 décembre 2017 fixant les taux unitaires/,
      );
      expect(BigInt(line.amount_minor!), line.fir_id).toBe(expectedCents(crossing, mtowKg));
    }
    const cents = Object.fromEntries(french.map((l) => [l.fir_id, l.amount_minor]));
    console.log(
      `A319 ${mtowKg} kg: LFFF ${crossings.get(french.find((l) => l.fir_id === 'LFFF')!.crossing_id)!.greatCircleDistanceKm.toFixed(3)} km → ${cents.LFFF} cents, LFEE ${crossings.get(french.find((l) => l.fir_id === 'LFEE')!.crossing_id)!.greatCircleDistanceKm.toFixed(3)} km → ${cents.LFEE} cents`,
    );

    const abroad = lines.filter((l) => !FRANCE.has(l.fir_id));
    expect(abroad.map((l) => l.fir_id)).toEqual(
      expect.arrayContaining(['EBBU', 'EHAA', 'EDWW', 'EKDK', 'ESMM']),
    );
    for (const line of abroad) {
      expect(line.status, line.fir_id).toBe('UNPRICED');
      expect(line.amount_minor, line.fir_id).toBeNull();
      expect(line.reason, line.fir_id).toMatch(/^[A-Z_]+: /);
      expect(line.unit_rate_source, line.fir_id).toBeNull();
      expect(line.distance_basis, line.fir_id).toBe('GREAT_CIRCLE');
      // None of these FIRs is in a charging zone of the shipped tariff: no zone, not ''.
      expect(line.charging_zone, line.fir_id).toBeNull();
    }

    // The month is over: consolidation invoices AFR the two French lines and nothing else.
    const outcome = await consolidate(pool, { now: Date.UTC(2018, 1, 1, 1, 0), dueDays: 30 });
    expect(outcome).toMatchObject({ ran: true, invoices: 1, lines: 2 });
    const invoice = await pool.query<{
      invoice_id: string;
      operator_icao: string;
      total_minor: number;
    }>(
      "SELECT invoice_id, operator_icao, total_minor FROM invoices WHERE document_type = 'INVOICE'",
    );
    expect(invoice.rows).toEqual([
      {
        invoice_id: expect.any(String),
        operator_icao: 'AFR',
        total_minor: french.reduce((s, l) => s + l.amount_minor!, 0),
      },
    ]);
    const after = await live();
    for (const line of after)
      expect(line.invoice_id, line.fir_id).toBe(
        FRANCE.has(line.fir_id) ? invoice.rows[0]!.invoice_id : null,
      );
  });
});
