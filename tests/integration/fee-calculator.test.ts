import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import type { ChargeCalculated, FirCrossing } from '@overfly/schemas';
import type { CrossingRecord } from '@overfly/tracking';
import { crossingsOf } from '@overfly/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionsOf } from '../../services/fir-analyser/src/test-support/input.js';
import { dataFile } from '../support/data-files.js';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { waitFor } from '../support/wait-for.js';

const main = fileURLToPath(new URL('../../services/fee-calculator/src/main.ts', import.meta.url));

describe('fee-calculator on Kafka', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  let service: ChildProcess;
  let output = '';
  const crossings: CrossingRecord[] = [];

  beforeAll(async () => {
    ctx = await isolatedRuntime('fee', 'fir-analyser');
    // Real crossings: the El Al 747's, as the analyser emits them (PROVISIONAL then FINAL).
    const positions = await positionsOf([dataFile('trajectories/elal747.json.gz')]);
    async function* replay() {
      yield* positions;
    }
    await crossingsOf(
      replay(),
      { layer: defaultFirLayer(), airports: defaultAirports() },
      {
        crossing: (c) => crossings.push(c),
        event: () => {},
      },
    );
    const producer = await ctx.runtime.producer();
    const now = Date.now();
    await producer.send(
      'fir.crossings',
      crossings.map((c) => ({ key: c.icao24, value: { ...c, producedAt: now } })),
    );
    // Crossings no charge can come from: each is refused, never priced.
    const last = { ...crossings.at(-1)!, producedAt: now };
    const broken: FirCrossing[] = [
      { ...last, crossingId: 'broken-1', greatCircleDistanceKm: -5 },
      { ...last, crossingId: 'broken-2', greatCircleDistanceKm: 80_000 },
      { ...last, crossingId: 'broken-3', flownDistanceKm: Number.NaN },
      { ...last, crossingId: 'broken-4', entryTime: Date.UTC(1990, 0, 1) },
      { ...last, crossingId: 'broken-5', exitTime: last.entryTime - 60_000 },
    ];
    await producer.send(
      'fir.crossings',
      broken.map((b) => ({ key: b.icao24, value: b })),
    );

    service = spawn(process.execPath, ['--import', 'tsx', main], {
      env: {
        ...process.env,
        TOPIC_PREFIX: ctx.prefix,
        KAFKA_GROUP_ID: `${ctx.prefix}fee`,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    service.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
  });

  afterAll(async () => {
    if (service && service.exitCode === null) {
      service.kill('SIGTERM');
      await once(service, 'exit');
    }
  });

  it('publishes one charge per passage (El Al crosses no charging zone: one per FINAL crossing), priced from every input', async () => {
    const charges = new Map<string, ChargeCalculated>();
    await waitFor(
      async () => {
        if (service.exitCode !== null) throw new Error(`fee-calculator exited:\n${output}`);
        await ctx.runtime.readToEnd('charges.calculated', (m) => {
          if (m.value && m.key) charges.set(m.key, m.value);
        });
        return (
          charges.size ===
          new Set(crossings.filter((c) => c.status === 'FINAL').map((c) => c.crossingId)).size
        );
      },
      { timeoutMs: 90_000, intervalMs: 1_000, message: 'a charge for every passage' },
    );
    const lirr = [...charges.values()].find((c) => c.firId === 'LIRR')!;
    expect(lirr).toMatchObject({
      crossingId: crossings.find((c) => c.firId === 'LIRR')!.crossingId,
      aircraftType: 'B744',
      operatorIcao: 'ELY',
      weightFactor: 2.82, // sqrt(396.9 t / 50) = 2.8174 -> 2.82
      // Where the figures come from: the reference table's row, the regulation's distance.
      mtowKg: 396_894,
      mtowSource: 'ps-aircraft-params-20250328.csv (pycontrails, Apache-2.0), MTOM_kg of B744',
      distanceBasis: 'GREAT_CIRCLE',
      unitRateSource: null,
      exchangeRateSource: null,
    });
    // 611.2 km entry->exit, less 20 km for the take-off from LIRF inside LIRR.
    expect(lirr.distanceKm).toBeCloseTo(591.22, 2);
    // The sample tariff has no rate for Italy: a reason, never a guess.
    expect(lirr.status).toBe('UNPRICED');
    expect(lirr.amount).toBeNull();
    expect(lirr.reason).toMatch(/^NO_CHARGING_ZONE|^NO_UNIT_RATE/);
    // No zone is null, not a placeholder.
    expect(lirr.chargingZone === null).toBe(lirr.reason!.startsWith('NO_CHARGING_ZONE'));
  });

  it('refuses to dead.letter, with its reason, every crossing no charge can come from', async () => {
    const letters = await waitFor(
      async () => {
        const read = await ctx.runtime.readDeadLetters({
          sourceTopic: `${ctx.prefix}fir.crossings`,
        });
        return read.letters.length >= 5 ? read.letters : null;
      },
      { timeoutMs: 60_000, message: 'the five broken crossings in dead.letter' },
    );
    expect(letters).toHaveLength(5);
    const reasons = letters.map((l) => `${l.letter.errorCode}: ${l.letter.errorMessage}`).sort();
    expect(reasons).toEqual([
      expect.stringMatching(
        /^CHARGES_CROSSING_INVALID: .*entryTime 1990-01-01T00:00:00.000Z is outside 2000-01-01/,
      ),
      expect.stringMatching(/^CHARGES_CROSSING_INVALID: .*exitTime .* is before entryTime/),
      expect.stringMatching(
        /^CHARGES_DISTANCE_INVALID: .*flownDistanceKm NaN in crossing broken-3/,
      ),
      expect.stringMatching(
        /^CHARGES_DISTANCE_INVALID: .*greatCircleDistanceKm -5 in crossing broken-1/,
      ),
      expect.stringMatching(
        /^CHARGES_DISTANCE_INVALID: .*greatCircleDistanceKm 80000 is more than half the Earth's circumference/,
      ),
    ]);
    for (const letter of letters) expect(letter.letter.service).toBe('fee-calculator');
    const keys = new Set<string>();
    await ctx.runtime.readToEnd('charges.calculated', (m) => {
      if (m.key) keys.add(m.key);
    });
    expect([...keys].filter((k) => k.startsWith('broken-'))).toEqual([]);
  });
});
