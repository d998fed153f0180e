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

/** Haversine on the IUGG mean sphere (R = 6371.0088 km), written here, not imported. */
function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The en-route charge of one charging-zone passage, worked out here from Regulation (EU)
 * 2019/317 Annex VIII without packages/charges: d is the great circle from the passage's
 * entry to its exit in whole km (half up) less 20 km per take-off and landing in the zone,
 * ÷ 100; p = √(MTOW t / 50) to 2 decimals with MTOW to 0.1 t; amount = t × d × p in cents,
 * rounded once, half away from zero.
 */
function expectedCents(passage: readonly FirCrossing[], mtowKg: number): bigint {
  const first = passage[0]!;
  const last = passage.at(-1)!;
  const km = greatCircleKm(
    first.entryLatitude,
    first.entryLongitude,
    last.exitLatitude!,
    last.exitLongitude!,
  );
  const movements =
    passage.filter((c) => c.departureAirport).length +
    passage.filter((c) => c.arrivalAirport).length;
  const dKm = Math.max(0, Math.round(km) - 20 * movements);
  const mtowTenthsOfTonne = Math.round(mtowKg / 100);
  const p100 = Math.round(Math.sqrt(mtowTenthsOfTonne / 10 / 50) * 100);
  const numerator = FRENCH_UNIT_RATE_CENTS * BigInt(dKm) * BigInt(p100); // cents × 10^4
  const whole = numerator / 10_000n;
  return numerator % 10_000n >= 5_000n ? whole + 1n : whole;
}

/**
 * The passages of the flight, by the rule, from its FINAL crossings in sequence order: the
 * French FIRs in a row are one (France is one charging zone); every other FIR of this
 * flight is in no zone of the shipped tariff, so a passage of its own.
 */
function passagesOf(finals: readonly FirCrossing[]): FirCrossing[][] {
  const passages: FirCrossing[][] = [];
  for (const c of [...finals].sort((a, b) => a.sequence - b.sequence)) {
    const open = passages.at(-1);
    if (open && FRANCE.has(c.firId) && FRANCE.has(open.at(-1)!.firId)) open.push(c);
    else passages.push([c]);
  }
  return passages;
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
  it('invoices the A319’s passage through France to the cent and records the others UNPRICED', async () => {
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
        const ids = passagesOf(finals).map((p) => p[0]!.crossingId);
        const settled =
          finals.length >= 9 &&
          rows.length === ids.length &&
          ids.every((id) => rows.some((r) => r.crossing_id === id));
        return settled ? rows : null;
      },
      { timeoutMs: 150_000, intervalMs: 500, message: 'a settled line for every passage' },
    );

    const { type, mtowKg, source: mtowSource } = mtowKgOf('3946e9');
    expect(type).toBe('A319');
    const passages = passagesOf([...crossings.values()].filter((c) => c.status === 'FINAL'));
    const france = passages.find((p) => FRANCE.has(p[0]!.firId))!;
    // One passage through France: LFFF, then LFEE, priced on one great circle.
    expect(france.map((c) => c.firId)).toEqual(['LFFF', 'LFEE']);
    const french = lines.filter((l) => l.charging_zone === 'LF');
    expect(french).toHaveLength(1);
    const line = french[0]!;
    expect(line.crossing_id).toBe(france[0]!.crossingId);
    // The data starts airborne (8,200 ft after leaving Le Bourget): no take-off in the zone.
    expect(france.every((c) => !c.departureAirport && !c.arrivalAirport)).toBe(true);
    expect(line).toMatchObject({
      fir_id: 'LFFF',
      status: 'PRICED',
      currency: 'EUR',
      operator_icao: 'AFR',
      aircraft_type: 'A319',
      tariff_month: '2018-01',
      reason: null,
      // Each figure traced to its table row: the A319's MTOW row, the 2018 arrêté.
      distance_basis: 'GREAT_CIRCLE',
      mtow_source: mtowSource,
      exchange_rate_source: null,
    });
    expect(line.unit_rate_source).toMatch(/^Arrêté du 22 décembre 2017 fixant les taux unitaires/);
    expect(BigInt(line.amount_minor!)).toBe(expectedCents(france, mtowKg));
    const perFir = france.map((c) => c.greatCircleDistanceKm);
    console.log(
      `A319 ${mtowKg} kg: passage LF (LFFF → LFEE) ${greatCircleKm(france[0]!.entryLatitude, france[0]!.entryLongitude, france.at(-1)!.exitLatitude!, france.at(-1)!.exitLongitude!).toFixed(3)} km → ${line.amount_minor} cents (per FIR it was ${perFir.map((k) => k.toFixed(3)).join(' + ')} km)`,
    );

    const abroad = lines.filter((l) => l.charging_zone !== 'LF');
    expect(abroad.map((l) => l.fir_id)).toEqual(
      expect.arrayContaining(['EBBU', 'EHAA', 'EDWW', 'EKDK', 'ESMM']),
    );
    for (const other of abroad) {
      expect(other.status, other.fir_id).toBe('UNPRICED');
      expect(other.amount_minor, other.fir_id).toBeNull();
      expect(other.reason, other.fir_id).toMatch(/^[A-Z_]+: /);
      expect(other.unit_rate_source, other.fir_id).toBeNull();
      expect(other.distance_basis, other.fir_id).toBe('GREAT_CIRCLE');
      // None of these FIRs is in a charging zone of the shipped tariff: no zone, not ''.
      expect(other.charging_zone, other.fir_id).toBeNull();
    }

    // The month is over: consolidation invoices AFR the French passage and nothing else.
    const outcome = await consolidate(pool, { now: Date.UTC(2018, 1, 1, 1, 0), dueDays: 30 });
    expect(outcome).toMatchObject({ ran: true, invoices: 1, lines: 1 });
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
        total_minor: line.amount_minor,
      },
    ]);
    const after = await live();
    for (const after1 of after)
      expect(after1.invoice_id, after1.fir_id).toBe(
        after1.charging_zone === 'LF' ? invoice.rows[0]!.invoice_id : null,
      );
  });
});
