import { once } from 'node:events';
import type { DisruptionEvent } from '@overfly/schemas';
import { beforeAll, describe, expect, it } from 'vitest';
import { committedTotal, isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { handMadeDay } from './test-support/day.js';
import { type InputRecord, onTopic } from './test-support/harness.js';
import { flightEvent, schedule, weatherReport } from './test-support/records.js';
import {
  expectedDisruptions,
  publishRecords,
  readDisruptions,
  startCorrelatorProcess,
} from './test-support/service.js';

const DAY_AHEAD = 2 * 86_400_000;

/** Three inputs no disruption can come from: each must reach dead.letter with its reason. */
const malformed: InputRecord[] = [
  onTopic.event({
    ...flightEvent({
      flightId: 'x',
      icao24: '3c6401',
      callsign: 'DLH100',
      type: 'TAKEOFF',
      at: '08:00',
    }),
    eventId: 'broken-no-flight',
    flightId: '',
  }),
  onTopic.event({
    ...flightEvent({
      flightId: 'future-1',
      icao24: '3c6402',
      callsign: 'DLH999',
      type: 'TAKEOFF',
      at: '08:00',
    }),
    eventId: 'broken-future',
    occurredAt: Date.now() + DAY_AHEAD,
  }),
  onTopic.schedule(
    schedule({
      flight: 'LH900',
      from: 'EDDF',
      to: 'ZZZY',
      dep: '10:00',
      arr: '11:00',
      updatedAt: '05:00',
    }),
  ),
  onTopic.weather({
    ...weatherReport({ station: 'EDDF', at: '06:00' }),
    observationId: 'QZQZ-1',
    stationIcao: 'QZQZ',
  }),
];

describe('disruption-correlator on Kafka', () => {
  const day = handMadeDay();
  const expected = expectedDisruptions(day);
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  let published: Map<string, string>;

  beforeAll(async () => {
    ctx = await isolatedRuntime('correlator');
    await publishRecords(ctx.runtime, [...day, ...malformed]);
    const service = startCorrelatorProcess(ctx.prefix);
    try {
      published = await waitFor(
        async () => {
          if (service.child.exitCode !== null)
            throw new Error(`service exited:\n${service.output()}`);
          const read = await readDisruptions(ctx.runtime);
          return read.byEventId.size >= expected.length ? read.byEventId : null;
        },
        { timeoutMs: 120_000, intervalMs: 500, message: 'the day’s disruptions' },
      );
      // Its snapshot covers every input: the group's offsets follow it to the end.
      const inputs = {
        'flight.events': 0,
        'flight.schedules': 0,
        'external.weather': 0,
        'passenger.manifests': 0,
      };
      for (const r of [...day, ...malformed]) inputs[r.topic]++;
      await waitFor(
        async () => {
          for (const [topic, count] of Object.entries(inputs))
            if (
              (await committedTotal(
                `${ctx.prefix}disruption-correlator`,
                `${ctx.prefix}${topic}`,
              )) !== count
            )
              return false;
          return true;
        },
        { timeoutMs: 60_000, message: 'the committed offsets at the end of every input' },
      );
    } finally {
      service.child.kill('SIGTERM');
      await once(service.child, 'exit');
    }
  }, 240_000);

  it('publishes the day’s disruptions, the very ones the engine finds alone', () => {
    const events = [...published.values()].map(
      (json) => JSON.parse(json) as Omit<DisruptionEvent, 'detectedAt'>,
    );
    expect(events.map((e) => e.eventId).sort()).toEqual(expected.map((e) => e.eventId).sort());
    for (const e of expected) expect(JSON.parse(published.get(e.eventId) as string)).toEqual(e);
    const detected = (type: string) =>
      events.filter((e) => e.type === type && e.lifecycle === 'DETECTED').map((e) => e.airportIcao);
    expect(detected('CASCADING_DELAY')).toEqual(['EDDF']);
    expect(detected('WEATHER_IMPACT')).toEqual(['EDDF']);
    expect(detected('DIVERSION')).toEqual(['LFPG']);
    expect(detected('HOLDING')).toEqual(['EGLL']);
    expect(detected('CANCELLATION')).toEqual(['EGLL']);
    const weather = events.find((e) => e.type === 'WEATHER_IMPACT');
    expect(weather).toMatchObject({
      extraordinaryCircumstances: true,
      weatherObservationId: expect.stringMatching(/^EDDF-/),
    });
    const diversion = events.find((e) => e.type === 'DIVERSION');
    expect(diversion?.positions.map((p) => p.kind)).toEqual(['TAKEOFF', 'LANDING']);
  });

  it('keys each record by its disruption id, and resolves every disruption it opened', async () => {
    const keys: Array<[string | null, string]> = [];
    await ctx.runtime.readToEnd('disruption.events', (m) => {
      if (m.value) keys.push([m.key, (m.value as DisruptionEvent).disruptionId]);
    });
    expect(keys.every(([key, id]) => key === id)).toBe(true);
    const events = [...published.values()].map((json) => JSON.parse(json) as DisruptionEvent);
    const resolved = new Set(
      events.filter((e) => e.lifecycle === 'RESOLVED').map((e) => e.disruptionId),
    );
    expect(events.filter((e) => !resolved.has(e.disruptionId))).toEqual([]);
  });

  it('refuses each malformed input to dead.letter with its reason', async () => {
    const { letters } = await waitFor(
      async () => {
        const read = await ctx.runtime.readDeadLetters({ service: 'disruption-correlator' });
        return read.letters.length >= malformed.length ? read : null;
      },
      { timeoutMs: 30_000, message: 'the malformed inputs in dead.letter' },
    );
    const reasons = letters.map((l) => `${l.letter.errorCode}: ${l.letter.errorMessage}`).sort();
    expect(reasons).toEqual([
      expect.stringMatching(
        /^DISRUPTION_CORRELATOR_MISSING_ID: flight event broken-no-flight without flightId$/,
      ),
      expect.stringMatching(
        /^DISRUPTION_CORRELATOR_TIME_IN_FUTURE: flight event broken-future: occurredAt .* is more than 1440 min ahead of the clock/,
      ),
      expect.stringMatching(
        /^DISRUPTION_CORRELATOR_UNKNOWN_AIRPORT: schedule LH900-20250614-EDDF: arrivalAirport ZZZY is not in the airport table$/,
      ),
      expect.stringMatching(
        /^DISRUPTION_CORRELATOR_UNKNOWN_AIRPORT: weather observation QZQZ-1: stationIcao QZQZ is not in the airport table$/,
      ),
    ]);
    expect(letters.map((l) => l.letter.sourceTopic).sort()).toEqual(
      ['external.weather', 'flight.events', 'flight.events', 'flight.schedules'].map(
        (t) => `${ctx.prefix}${t}`,
      ),
    );
  });
});

describe('two correlators in one group', () => {
  it('publish nothing while they split the inputs; the one left alone takes them all', async () => {
    const day = handMadeDay();
    const expected = expectedDisruptions(day);
    const split = await isolatedRuntime('correlator-split');
    const refusal = 'DISRUPTION_CORRELATOR_SPLIT_ASSIGNMENT';
    const a = startCorrelatorProcess(split.prefix, { LOG_LEVEL: 'info' });
    let b: ReturnType<typeof startCorrelatorProcess> | null = null;
    try {
      await waitFor(() => a.count('starting empty') > 0, {
        timeoutMs: 60_000,
        message: 'the first instance',
      });
      b = startCorrelatorProcess(split.prefix, { LOG_LEVEL: 'info' });
      const second = b;
      await waitFor(() => a.count(refusal) > 0 && second.count(refusal) > 0, {
        timeoutMs: 60_000,
        message: 'both instances to see the split',
      });
      await publishRecords(split.runtime, day);
      // Both have said again, since the day was published, that they wait for all the inputs.
      const seen = a.count(refusal);
      await waitFor(() => a.count(refusal) >= seen + 2, {
        timeoutMs: 60_000,
        message: 'two more refusals',
      });
      expect((await readDisruptions(split.runtime)).records).toBe(0);
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
      const read = await waitFor(
        async () => {
          if (a.child.exitCode !== null) throw new Error(`service exited:\n${a.output()}`);
          const r = await readDisruptions(split.runtime);
          return r.byEventId.size >= expected.length ? r : null;
        },
        {
          timeoutMs: 120_000,
          intervalMs: 500,
          message: `the one left to publish the day; it said:\n${a.output()}`,
        },
      );
      expect([...read.byEventId.keys()].sort()).toEqual(expected.map((e) => e.eventId).sort());
    } finally {
      for (const run of [a, b]) {
        if (!run || run.child.exitCode !== null) continue;
        run.child.kill('SIGTERM');
        await once(run.child, 'exit');
      }
    }
  }, 300_000);
});
