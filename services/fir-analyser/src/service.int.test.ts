import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import type { FirCrossing, FlightEvent } from '@overfly/schemas';
import type { CrossingRecord, FlightEventRecord } from '@overfly/tracking';
import { crossingsOf } from '@overfly/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import {
  committedTotal,
  isolatedRuntime,
  withAdmin,
} from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { type Analyser, startAnalyser } from './analyser.js';
import {
  eventWithoutProducedAt,
  latestById,
  MANOEUVRES,
  positionsOf,
  publishPositions,
  withoutProducedAt,
} from './test-support/input.js';

// Three real recordings: a long-haul flight ending in a landing, a sparse (1-minute) one
// ending in the air, and two aircraft weaving in and out of French FIRs.
const files = [
  'trajectories/elal747.json.gz',
  'trajectories/flight_a319_opensky.csv',
  'trajectories/dreamliner_airfrance.json.gz',
].map(dataFile);

describe('fir-analyser on Kafka against the offline CLI core', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  let analyser: Analyser;
  const fatal: unknown[] = [];
  let positions: Awaited<ReturnType<typeof positionsOf>>;

  beforeAll(async () => {
    ctx = await isolatedRuntime('fir-analyser', 'fir-analyser');
    positions = await positionsOf(files);
    await publishPositions(ctx.runtime, positions);
    analyser = await startAnalyser({
      runtime: ctx.open('fir-analyser'),
      layer: defaultFirLayer(),
      airports: defaultAirports(),
      groupId: `${ctx.prefix}fir-analyser`,
      track: {},
      checkpointIntervalMs: 300,
      restoreTimeoutMs: 60_000,
      logger: {
        debug() {},
        info() {},
        warn() {},
        error() {},
        child() {
          return this;
        },
      },
      onFatal: (error) => fatal.push(error),
    });
    await waitFor(
      async () =>
        (await committedTotal(`${ctx.prefix}fir-analyser`, `${ctx.prefix}flights.updates`)) ===
        positions.length,
      { timeoutMs: 90_000, message: 'every position processed and committed' },
    );
  });

  afterAll(async () => {
    await analyser?.stop();
  });

  it('publishes, for every crossing, what the CLI computes from the same files', async () => {
    expect(fatal).toEqual([]);
    const published: FirCrossing[] = [];
    await ctx.runtime.readToEnd('fir.crossings', (m) => {
      if (m.value) published.push(m.value);
    });
    const service = latestById(published);

    const offline: CrossingRecord[] = [];
    async function* replay() {
      yield* positions;
    }
    // Without the end-of-file flush: a stream has no end, so this is exactly what the
    // service should have published so far.
    await crossingsOf(
      replay(),
      { layer: defaultFirLayer(), airports: defaultAirports() },
      { crossing: (c) => offline.push(c), event: () => {} },
      { flush: false },
    );
    const cli = latestById(offline);

    expect(service.size).toBeGreaterThan(20);
    expect([...service.keys()].sort()).toEqual([...cli.keys()].sort());
    for (const [id, record] of service) expect(withoutProducedAt(record), id).toEqual(cli.get(id));
    // The A319's data ends in the air: its last crossing stays open, in both.
    expect([...service.values()].some((c) => c.status === 'PROVISIONAL')).toBe(true);
  });

  it('publishes the holdings the CLI core finds, evidence and all', async () => {
    const published = new Map<string, Omit<FlightEvent, 'producedAt'>>();
    await ctx.runtime.readToEnd('flight.events', (m) => {
      if (m.value && MANOEUVRES.has(m.value.type)) {
        published.set(m.value.eventId, eventWithoutProducedAt(m.value));
      }
    });
    const offline = new Map<string, FlightEventRecord>();
    async function* replay() {
      yield* positions;
    }
    await crossingsOf(
      replay(),
      { layer: defaultFirLayer(), airports: defaultAirports() },
      { crossing: () => {}, event: (e) => MANOEUVRES.has(e.type) && offline.set(e.eventId, e) },
      { flush: false },
    );
    // The B787 sample's three level patterns (packages/tracking's manoeuvres-samples.test.ts
    // says which). Its return to Paris comes with its landing, which its data confirms only
    // by ending: a stream never ends, so neither the service nor this core has it yet.
    expect([...offline.values()].map((e) => e.type)).toEqual(['HOLDING', 'HOLDING', 'HOLDING']);
    expect([...published.keys()].sort()).toEqual([...offline.keys()].sort());
    for (const [id, event] of offline) expect(published.get(id), id).toEqual(event);
  });

  it('gives the El Al 747 its five FIRs, take-off at LIRF and landing at LLBG', async () => {
    const published: FirCrossing[] = [];
    await ctx.runtime.readToEnd('fir.crossings', (m) => {
      if (m.value?.icao24 === '738043') published.push(m.value);
    });
    const finals = [...latestById(published).values()].sort((a, b) => a.sequence - b.sequence);
    expect(finals.map((c) => c.firId)).toEqual(['LIRR', 'LIBB', 'LGGG', 'LCCC', 'LLLL']);
    expect(finals.every((c) => c.status === 'FINAL')).toBe(true);
    expect(finals[0]?.departureAirport).toBe('LIRF');
    expect(finals.at(-1)?.arrivalAirport).toBe('LLBG');
  });

  it('keeps one state record per tracked aircraft in its compacted changelog', async () => {
    const keys = new Set<string>();
    await ctx.runtime.readToEnd('fir-analyser.state', (m) => {
      if (m.key && m.value) keys.add(m.key);
      else if (m.key) keys.delete(m.key);
    });
    const group = `${ctx.prefix}fir-analyser`;
    expect(keys.has(`${group}/~meta`)).toBe(true);
    for (const icao24 of ['738043', '3946e9']) expect(keys.has(`${group}/${icao24}`)).toBe(true);
    const [state] = await withAdmin((admin) =>
      admin.describeTopics([`${ctx.prefix}fir-analyser.state`]),
    );
    expect(state?.cleanupPolicy).toBe('compact');
  });
});
