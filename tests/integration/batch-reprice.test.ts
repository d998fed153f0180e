// A tariff change after invoicing, as the billing office meets it: May 2018 is invoiced under
// the shipped tariff; a revised tariff version comes; a reprice job over May must leave the
// issued invoices as they were, credit each changed line at exactly what it billed, and bill
// each corrected line at the new rate on the next invoice — nothing for unchanged money.
// invoice-writer, the api and a batch worker run as their own processes on real Kafka, the
// registry and PostgreSQL.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AircraftTables,
  defaultTariff,
  describePassage,
  pricePassage,
  type ZonePassage,
} from '@overfly/charges';
import type { KafkaRuntime } from '@overfly/kafka';
import type { ChargeCalculated, FirCrossing } from '@overfly/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startWorkerProcess,
  type WorkerProcess,
} from '../../services/api/src/batch/test-support/worker-process.js';
import {
  spawnWriter,
  stopWriter,
  type WriterProcess,
} from '../../services/invoice-writer/src/test-support/child.js';
import {
  consolidate,
  createPool,
  dropSchema,
  type Pool,
  uniqueSchema,
} from '../../services/invoice-writer/src/test-support/db.js';
import { type ApiProcess, startApiProcess } from '../support/api-process.js';
import { testEndpoints } from '../support/endpoints.js';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { waitFor } from '../support/wait-for.js';

const { databaseUrl } = testEndpoints();
const SHIPPED = fileURLToPath(new URL('../../data/tariffs', import.meta.url));
const REVISED = '2026-12.test-revision';
/** data/tariffs/unit-rates.csv: zone LF 2018, 63.61 EUR (Arrêté du 22 décembre 2017). */
const LF_2018 = 6_361n;
/** The revised tariff's rates: test fixtures, not published rates. */
const LF_REVISED = 6_437n;
const LS_REVISED = 9_950n;
const KEY = 'reprice-test-billing-key-0123456789';

/** An A320 at 78,000 kg for every aircraft (a fixture; the MTOW acts the same on both tariffs). */
const aircraft: AircraftTables = {
  typeOf: () => ({ type: 'A320', source: 'test fixture' }),
  mtowOf: () => ({ kg: 78_000, source: 'test fixture' }),
};

function crossing(
  flight: string,
  callsign: string,
  seq: number,
  firId: string,
  day: number,
  distanceKm: number,
): FirCrossing {
  const entryTime = Date.UTC(2018, 4, day, 8 + seq);
  return {
    crossingId: `${flight}-${seq}-${firId}`,
    flightId: flight,
    icao24: flight.slice(0, 6),
    callsign,
    firId,
    firName: null,
    entryTime,
    exitTime: entryTime + 3_000_000,
    entryLatitude: 46 + seq / 2,
    entryLongitude: 2 + seq,
    exitLatitude: 46.5 + seq / 2,
    exitLongitude: 3 + seq,
    greatCircleDistanceKm: distanceKm,
    flownDistanceKm: distanceKm + 12,
    departureAirport: null,
    arrivalAirport: null,
    status: 'FINAL',
    sequence: seq,
    source: 'OPENSKY_LIVE',
    exitReason: 'BOUNDARY',
    nextFirId: null,
    producedAt: entryTime + 3_000_000,
  };
}

// Four flights of May 2018: two of Air France (one through two French FIRs: one passage of
// the LF zone), one of British Airways, one of Swiss through LSAS (no LS rate in the shipped
// tariff: UNPRICED, never invoiced).
const flights: Array<{ operator: string; crossings: FirCrossing[]; zone: string }> = [
  {
    operator: 'AFR',
    zone: 'LF',
    crossings: [crossing('3944a1-0510', 'AFR1001', 1, 'LFFF', 10, 412.3)],
  },
  {
    operator: 'AFR',
    zone: 'LF',
    crossings: [
      crossing('3944a2-0512', 'AFR1002', 1, 'LFRR', 12, 301.7),
      crossing('3944a2-0512', 'AFR1002', 2, 'LFFF', 12, 188.4),
    ],
  },
  {
    operator: 'BAW',
    zone: 'LF',
    crossings: [crossing('400a0b-0520', 'BAW301', 1, 'LFMM', 20, 520.9)],
  },
  {
    operator: 'SWR',
    zone: 'LS',
    crossings: [crossing('4b1801-0515', 'SWR12', 1, 'LSAS', 15, 233.1)],
  },
];

const passageOf = (f: (typeof flights)[number]): ZonePassage => {
  const first = f.crossings[0] as FirCrossing;
  return {
    passageId: first.crossingId,
    flightId: first.flightId,
    icao24: first.icao24,
    callsign: first.callsign,
    zone: f.zone,
    crossings: f.crossings,
  };
};

/** r = t × d/100 × √(MTOW/50), the factors in hundredths, rounded half-up to a cent. */
const expectedMinor = (rate: bigint, charge: ChargeCalculated) => {
  const units =
    BigInt(Math.round(charge.distanceFactor * 100)) *
    BigInt(Math.round((charge.weightFactor ?? 0) * 100));
  return Number((rate * units + 5_000n) / 10_000n);
};

interface Summary {
  invoiceId: string;
  invoiceNumber: string | null;
  documentType: string;
  operatorIcao: string;
  status: string;
  total: { amountMinor: number; currency: string };
  lineCount: number;
  relatedInvoiceId: string | null;
}
interface Detail extends Summary {
  lines: Array<{ crossingId: string; chargeId: string; amount: { amountMinor: number } }>;
  creditNotes: Summary[];
}

describe('a reprice after a tariff change', () => {
  let runtime: KafkaRuntime;
  let prefix: string;
  let writerSchema: string;
  let apiSchema: string;
  let writerPool: Pool;
  let writer: WriterProcess;
  let api: ApiProcess;
  let worker: WorkerProcess;
  let tariffDir: string;
  const before = new Map<string, ChargeCalculated>();
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${api.url}${path}`, { headers: { 'x-api-key': KEY } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const documents = async (type: 'INVOICE' | 'CREDIT_NOTE') =>
    (await get<{ items: Summary[] }>(`/v1/invoices?documentType=${type}&limit=100`)).items;

  beforeAll(async () => {
    ({ runtime, prefix } = await isolatedRuntime('reprice'));
    writerSchema = uniqueSchema('reprice_writer');
    apiSchema = uniqueSchema('reprice_api');
    writerPool = createPool({ url: databaseUrl, schema: writerSchema, max: 2 });

    // The revised tariff: the shipped one with LF 2018 changed and an LS rate added.
    tariffDir = mkdtempSync(join(tmpdir(), 'overfly-tariff-'));
    cpSync(SHIPPED, tariffDir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(tariffDir, 'tariff.json'), 'utf8'));
    writeFileSync(
      join(tariffDir, 'tariff.json'),
      JSON.stringify({ ...manifest, version: REVISED }),
    );
    const rates = readFileSync(join(tariffDir, 'unit-rates.csv'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('LF,2018-01'))
      .join('\n');
    writeFileSync(
      join(tariffDir, 'unit-rates.csv'),
      `${rates.trimEnd()}\nLF,2018-01,2018-12,64.37,EUR,"TEST FIXTURE: a revised rate for this test, not a published one"\nLS,2018-01,2018-12,99.50,EUR,"TEST FIXTURE: not a published rate (Switzerland bills in CHF)"\n`,
    );

    const away = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0');
    writer = await spawnWriter(prefix, writerSchema, { CONSOLIDATION_AT: `${away}:00` });
    const keys = JSON.stringify([{ key: KEY, role: 'admin', name: 'reprice test' }]);
    api = await startApiProcess(prefix, apiSchema, {
      API_KEYS: keys,
      BATCH_TARIFF_DIRS: tariffDir,
    });
    worker = startWorkerProcess(prefix, apiSchema, { BATCH_TARIFF_DIRS: tariffDir });

    // The crossings as fir-analyser sends them, their charges as fee-calculator prices them.
    const tariff = defaultTariff();
    const producer = await runtime.producer();
    const crossings = flights.flatMap((f) => f.crossings);
    await producer.send(
      'fir.crossings',
      crossings.map((c) => ({ key: c.icao24, value: c })),
    );
    const charges = flights.map((f) => {
      const passage = passageOf(f);
      const described = describePassage(passage);
      const charge = pricePassage(passage, described, {
        tariff,
        aircraft,
        options: { distanceBasis: 'GREAT_CIRCLE', calculatedAt: Date.UTC(2018, 4, 31) },
      });
      before.set(charge.crossingId, charge);
      return { key: charge.crossingId, value: charge };
    });
    await producer.send('charges.calculated', charges);

    // May is over: invoice-writer invoices Air France and British Airways.
    await waitFor(
      async () => {
        const { rows } = await writerPool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM invoice_lines',
        );
        return rows[0]?.n === 4;
      },
      { timeoutMs: 60_000, message: 'invoice-writer to record the four charges' },
    );
    await consolidate(writerPool, { now: Date.UTC(2018, 5, 1, 1), dueDays: 30 });
    await waitFor(
      async () => {
        const may = await documents('INVOICE');
        if (may.length !== 2) return false;
        const details = await Promise.all(
          may.map((i) => get<Detail>(`/v1/invoices/${i.invoiceId}`)),
        );
        return details.every((d) => d.lines.length === d.lineCount);
      },
      { timeoutMs: 60_000, message: "the api's read model to show May's two invoices, whole" },
    );
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    if (writer) await stopWriter(writer);
    await writerPool?.end();
    for (const schema of [writerSchema, apiSchema])
      if (schema) await dropSchema(databaseUrl, schema);
    if (tariffDir) rmSync(tariffDir, { recursive: true, force: true });
  });

  it('prices May under the shipped tariff to begin with', () => {
    for (const charge of before.values()) {
      if (charge.chargingZone === 'LS') {
        expect(charge.status).toBe('UNPRICED');
        continue;
      }
      expect(charge.status).toBe('PRICED');
      expect(charge.amount?.amountMinor).toBe(expectedMinor(LF_2018, charge));
    }
  });

  it('credits every changed invoiced line at what it billed and bills the new rate on the next invoice', async () => {
    const may = await documents('INVOICE');
    const mayDetails = await Promise.all(
      may.map((i) => get<Detail>(`/v1/invoices/${i.invoiceId}`)),
    );

    const created = await fetch(`${api.url}/v1/batch-jobs`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        operation: 'reprice',
        name: 'May 2018 under the revised tariff',
        filters: { from: '2018-05-01', to: '2018-05-31', tariffVersion: REVISED },
        options: { batchSize: 2 },
      }),
    });
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    const job = await waitFor(
      async () => {
        const j = await get<{ status: string; total: number; processed: number; failed: number }>(
          `/v1/batch-jobs/${jobId}`,
        );
        return j.status === 'SUCCEEDED' || j.status === 'FAILED' ? j : null;
      },
      { timeoutMs: 60_000, message: `reprice job ${jobId} to end` },
    );
    expect(job).toMatchObject({ status: 'SUCCEEDED', total: 4, processed: 4, failed: 0 });

    // Each item says what the passage billed and bills now.
    const { items } = await get<{
      items: Array<{
        key: string;
        status: string;
        output: { action: string; deltaMinor: number | null; is: { amountMinor: number | null } };
      }>;
    }>(`/v1/batch-jobs/${jobId}/items?limit=100`);
    expect(items.map((i) => i.output.action).sort()).toEqual([
      'REPRICED',
      'REPRICED',
      'REPRICED',
      'REPRICED',
    ]);
    const newAmount = new Map<string, number>();
    for (const item of items) {
      const old = before.get(item.key) as ChargeCalculated;
      const rate = old.chargingZone === 'LS' ? LS_REVISED : LF_REVISED;
      expect(item.output.is.amountMinor, item.key).toBe(expectedMinor(rate, old));
      newAmount.set(item.key, expectedMinor(rate, old));
      if (old.chargingZone === 'LF')
        expect(item.output.deltaMinor).toBe(
          expectedMinor(rate, old) - (old.amount?.amountMinor ?? 0),
        );
    }

    // A credit note against each May invoice, crediting each of its lines at exactly its amount.
    const credits = await waitFor(
      async () => {
        const notes = await documents('CREDIT_NOTE');
        // One credit note per invoiced line (invoice-writer credits line by line).
        const invoiced = mayDetails.reduce((sum, i) => sum + i.lineCount, 0);
        return notes.length >= invoiced ? notes : null;
      },
      { timeoutMs: 60_000, message: 'the credit notes' },
    );
    for (const invoice of mayDetails) {
      // invoice-writer's events carry each line, so the api holds the whole document.
      expect(invoice.lines.length).toBe(invoice.lineCount);
      expect(invoice.lineCount).toBeGreaterThan(0);
      const notes = credits.filter((n) => n.relatedInvoiceId === invoice.invoiceId);
      expect(notes.length, `credit notes of ${invoice.invoiceNumber}`).toBeGreaterThan(0);
      const noteLines = (
        await Promise.all(notes.map((n) => get<Detail>(`/v1/invoices/${n.invoiceId}`)))
      ).flatMap((n) => n.lines);
      expect(noteLines.map((l) => l.crossingId).sort()).toEqual(
        invoice.lines.map((l) => l.crossingId).sort(),
      );
      for (const line of noteLines) {
        const billed = invoice.lines.find((l) => l.crossingId === line.crossingId);
        expect(Math.abs(line.amount.amountMinor)).toBe(billed?.amount.amountMinor);
      }
      const credited = notes.reduce((sum, n) => sum + Math.abs(n.total.amountMinor), 0);
      expect(credited).toBe(invoice.total.amountMinor);
      // The issued invoice itself is never edited.
      const now = await get<Detail>(`/v1/invoices/${invoice.invoiceId}`);
      expect({ ...now, creditNotes: [] }).toEqual({ ...invoice, creditNotes: [] });
    }

    // June's run bills the corrected lines (and Swiss's first priced one) at the new rates.
    await consolidate(writerPool, { now: Date.UTC(2018, 6, 1, 1), dueDays: 30 });
    const { june, lines: juneLines } = await waitFor(
      async () => {
        const all = await documents('INVOICE');
        const june = all.filter((i) => !may.some((m) => m.invoiceId === i.invoiceId));
        if (june.length !== 3) return null;
        const details = await Promise.all(
          june.map((i) => get<Detail>(`/v1/invoices/${i.invoiceId}`)),
        );
        const lines = details.flatMap((d) => d.lines);
        return lines.length === 4 ? { june, lines } : null;
      },
      { timeoutMs: 60_000, message: 'the next invoices of AFR, BAW and SWR with their lines' },
    );
    expect(juneLines.map((l) => l.crossingId).sort()).toEqual([...before.keys()].sort());
    for (const line of juneLines)
      expect(line.amount.amountMinor, line.crossingId).toBe(newAmount.get(line.crossingId));

    // Per operator: invoiced − credited + re-invoiced is what the revised tariff bills.
    for (const operator of ['AFR', 'BAW', 'SWR']) {
      const sum = (docs: Summary[]) =>
        docs
          .filter((d) => d.operatorIcao === operator)
          .reduce((s, d) => s + Math.abs(d.total.amountMinor), 0);
      const revised = [...before.values()]
        .filter((c) => c.operatorIcao === operator)
        .reduce((s, c) => s + (newAmount.get(c.crossingId) ?? 0), 0);
      expect(sum(may) - sum(credits) + sum(june), operator).toBe(revised);
    }
  }, 180_000);

  it('run again, changes nothing: every passage is already under the version, no new document', async () => {
    const notesBefore = (await documents('CREDIT_NOTE')).length;
    const created = await fetch(`${api.url}/v1/batch-jobs`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        operation: 'reprice',
        name: 'May 2018 again',
        filters: { from: '2018-05-01', to: '2018-05-31', tariffVersion: REVISED },
      }),
    });
    const { jobId } = (await created.json()) as { jobId: string };
    await waitFor(
      async () => (await get<{ status: string }>(`/v1/batch-jobs/${jobId}`)).status === 'SUCCEEDED',
      {
        timeoutMs: 60_000,
        message: 'the second reprice to end',
      },
    );
    const { items } = await get<{ items: Array<{ output: { action: string } }> }>(
      `/v1/batch-jobs/${jobId}/items?limit=100`,
    );
    expect(items.map((i) => i.output.action)).toEqual(Array(4).fill('ALREADY_PRICED'));
    expect((await documents('CREDIT_NOTE')).length).toBe(notesBefore);
  }, 120_000);

  it('refuses a version no worker has, naming the field and the versions known', async () => {
    const response = await fetch(`${api.url}/v1/batch-jobs`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        operation: 'reprice',
        name: 'nowhere',
        filters: { from: '2018-05-01', to: '2018-05-31', tariffVersion: '1999-01.v0' },
      }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toContain('1999-01.v0');
    expect(problem.detail).toContain(REVISED);
  });
});
