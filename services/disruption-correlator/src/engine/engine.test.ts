import { describe, expect, it } from 'vitest';
import { DAY_END, eventTimeOfRecord, handMadeDay, keyOf } from '../test-support/day.js';
import { Harness, type InputRecord, onTopic } from '../test-support/harness.js';
import { at, schedule, scheduleIdOf } from '../test-support/records.js';
import type { DisruptionOutput } from './finding.js';

const LH100 = scheduleIdOf('LH100', 'EDDF');
const leg = (extra: Partial<Parameters<typeof schedule>[0]> = {}) =>
  onTopic.schedule(
    schedule({ flight: 'LH100', from: 'EDDF', to: 'EGLL', dep: '08:00', arr: '09:40', ...extra }),
  );

/** A small deterministic generator (mulberry32), for reproducible interleavings. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The partition a record would be on: three per topic, by key. */
function channelOf(record: InputRecord): string {
  let h = 0;
  for (const c of keyOf(record)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${record.topic}/${h % 3}`;
}

const CHANNELS = [
  'flight.events',
  'flight.schedules',
  'external.weather',
  'passenger.manifests',
].flatMap((t) => [0, 1, 2].map((p) => `${t}/${p}`));

/**
 * Runs the day through an engine as a consumer would: every partition's records in order,
 * the partitions interleaved at random (or `order` given), `advance` after each record, and
 * at the end every partition idle.
 */
function runDay(records: readonly InputRecord[], seed: number | null, stopAfter?: number): Harness {
  const h = new Harness();
  for (const c of CHANNELS) h.engine.register(c);
  const queues = new Map<string, InputRecord[]>();
  for (const r of [...records].sort((a, b) => eventTimeOfRecord(a) - eventTimeOfRecord(b))) {
    const c = channelOf(r);
    queues.set(c, [...(queues.get(c) ?? []), r]);
  }
  const next = random(seed ?? 1);
  let fed = 0;
  for (;;) {
    const open = [...queues.entries()].filter(([, q]) => q.length > 0);
    if (open.length === 0 || (stopAfter !== undefined && fed >= stopAfter)) break;
    const [channel, queue] =
      seed === null
        ? (open[0] as [string, InputRecord[]])
        : (open[Math.floor(next() * open.length)] as [string, InputRecord[]]);
    h.feed(queue.shift() as InputRecord, channel);
    fed++;
    h.published.push(...h.engine.advance());
  }
  if (stopAfter === undefined) {
    for (const c of CHANNELS) h.engine.setIdle(c, true);
    h.published.push(...h.engine.advance());
  }
  return h;
}

const summaryOf = (published: readonly DisruptionOutput[]) =>
  published.map((p) => `${p.eventId} ${p.lifecycle} ${p.severity} ${p.summary}`);

describe('the engine', () => {
  it('evaluates only what the watermark has passed, at multiples of the step', () => {
    const h = new Harness();
    h.feedAll([leg(), leg({ estDep: '08:30', updatedAt: '07:32' })]);
    expect(h.until(at('07:34'))).toEqual([]); // 07:35 not passed yet
    const [delay] = h.until(at('07:35'));
    expect(delay).toMatchObject({
      type: 'DELAY',
      windowStart: at('06:35'),
      windowEnd: at('07:35'),
    });
  });

  it('waits for the slowest partition: the watermark is the least of them', () => {
    const h = new Harness();
    h.engine.register('schedules');
    h.engine.register('weather');
    h.feedAll([leg(), leg({ estDep: '08:30', updatedAt: '07:32' })], 'schedules');
    h.until(at('09:00'), ['schedules']);
    expect(h.of('DELAY')).toEqual([]); // weather has said nothing yet
    h.until(at('07:40'), ['weather']);
    expect(h.of('DELAY')).toHaveLength(1);
  });

  it('keeps an input behind the watermark in its window while that window is not evaluated', () => {
    const h = new Harness();
    h.feed(leg());
    h.until(at('07:31'));
    // The watermark is 07:31, the last evaluation 07:30: 07:30:30 is behind the one, not the other.
    expect(h.feed(leg({ estDep: '08:31', updatedAt: at('07:30') + 30_000 }))).toBe(
      'behind_watermark',
    );
    h.until(at('07:35'));
    expect(h.of('DELAY')[0]?.windowStart).toBe(at('06:35'));
    expect(h.of('DELAY')[0]?.affectedFlights[0]?.expectedArrivalDelayMinutes).toBe(31);
  });

  it('folds an input older than the last evaluation into the state, never re-opening that evaluation', () => {
    const h = new Harness();
    h.feed(leg());
    h.until(at('08:00'));
    expect(h.feed(leg({ estDep: '08:30', updatedAt: '07:32' }))).toBe('folded');
    h.until(at('08:05'));
    // Detected at the next evaluation (08:05, window from 07:05), not back-dated to 07:35.
    expect(h.of('DELAY').map((d) => [d.lifecycle, d.windowStart])).toEqual([
      ['DETECTED', at('07:05')],
    ]);
  });

  it('lets an input older than the state retention expire', () => {
    const h = new Harness({ retentionMs: 3_600_000 });
    h.feed(leg());
    h.until(at('10:00'));
    expect(h.feed(leg({ estDep: '08:30', updatedAt: '07:32' }))).toBe('expired');
  });
});

describe('the hand-made day', () => {
  const day = handMadeDay();
  const reference = runDay(day, null);

  it('shows each story it was made of', () => {
    const types = (type: DisruptionOutput['type']) =>
      reference
        .of(type)
        .filter((p) => p.lifecycle === 'DETECTED')
        .map((p) => p.airportIcao ?? p.operatorIcao);
    expect(types('CASCADING_DELAY')).toEqual(['EDDF']);
    expect(types('WEATHER_IMPACT')).toEqual(['EDDF']);
    expect(types('DIVERSION')).toEqual(['LFPG']);
    expect(types('HOLDING')).toEqual(['EGLL']);
    expect(types('CANCELLATION')).toEqual(['EGLL']);
    expect(reference.of('CASCADING_DELAY')[0]?.rootCauseScheduleId).toBe(LH100);
    // Everything that opened has closed by the end of the day.
    const opened = new Set(reference.published.map((p) => p.disruptionId));
    const closed = new Set(
      reference.published.filter((p) => p.lifecycle === 'RESOLVED').map((p) => p.disruptionId),
    );
    expect([...opened].filter((id) => !closed.has(id))).toEqual([]);
    expect(reference.engine.lastEvaluation).toBe(DAY_END - 5 * 60_000);
  });

  it('gives the same publications however its partitions interleave', () => {
    for (const seed of [7, 42, 2025, 31337])
      expect(summaryOf(runDay(day, seed).published)).toEqual(summaryOf(reference.published));
    expect(runDay(day, 7).published).toEqual(reference.published);
  });

  it('gives the same publications after a restore from a snapshot taken mid-day', () => {
    for (const stop of [40, 120, 200]) {
      const first = runDay(day, 11, stop);
      const snapshot = structuredClone(first.engine.exportSnapshot());
      const second = new Harness();
      second.engine.importSnapshot(JSON.parse(JSON.stringify(snapshot)));
      // The rest of the day, in the same order as an uninterrupted run with that seed.
      const whole = runDay(day, 11);
      const rest = replayRest(day, 11, stop, second);
      expect(summaryOf([...first.published, ...rest])).toEqual(summaryOf(whole.published));
    }
  });

  it('gives the same publications when a backlog is evaluated a few steps at a time', () => {
    const backlog = (limit: number) => {
      const h = new Harness();
      for (const c of CHANNELS) h.engine.register(c);
      for (const r of day) h.feed(r, channelOf(r));
      for (const c of CHANNELS) h.engine.setIdle(c, true);
      let calls = 0;
      do {
        h.published.push(...h.engine.advance(limit));
        calls++;
      } while (h.engine.evaluationsDue > 0);
      return { published: h.published, calls };
    };
    const whole = backlog(Number.POSITIVE_INFINITY);
    const stepped = backlog(3);
    expect(whole.calls).toBe(1);
    expect(stepped.calls).toBeGreaterThan(10);
    expect(stepped.published).toEqual(whole.published);
    expect(whole.published.length).toBeGreaterThan(0);
  });

  it('publishes nothing new when every input is delivered twice', () => {
    const twice = runDay([...day, ...day], 5);
    expect(summaryOf(twice.published)).toEqual(summaryOf(reference.published));
  });
});

/** Feeds the records of `runDay(day, seed)` after the first `skip` into `h`, then idles every partition. */
function replayRest(
  records: readonly InputRecord[],
  seed: number,
  skip: number,
  h: Harness,
): DisruptionOutput[] {
  const order: Array<[string, InputRecord]> = [];
  const recorder = new Harness();
  const original = recorder.feed.bind(recorder);
  recorder.feed = (record, channel = 'main') => {
    order.push([channel, record]);
    return original(record, channel);
  };
  // Record the interleaving the seed gives, without its publications.
  const queues = new Map<string, InputRecord[]>();
  for (const r of [...records].sort((a, b) => eventTimeOfRecord(a) - eventTimeOfRecord(b)))
    queues.set(channelOf(r), [...(queues.get(channelOf(r)) ?? []), r]);
  const next = random(seed);
  for (;;) {
    const open = [...queues.entries()].filter(([, q]) => q.length > 0);
    if (open.length === 0) break;
    const [channel, queue] = open[Math.floor(next() * open.length)] as [string, InputRecord[]];
    order.push([channel, queue.shift() as InputRecord]);
  }
  const out: DisruptionOutput[] = [];
  for (const c of CHANNELS) h.engine.register(c);
  for (const [channel, record] of order.slice(skip)) {
    h.feed(record, channel);
    out.push(...h.engine.advance());
  }
  for (const c of CHANNELS) h.engine.setIdle(c, true);
  out.push(...h.engine.advance());
  return out;
}
