import type { OutgoingRecord } from '@overfly/kafka';
import type { PositionUpdate } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { createPositionPublisher, MAX_QUEUE_WAIT_MS } from './publisher.js';
import type { PositionSink } from './sink.js';

const T0 = Date.UTC(2026, 0, 1);

function position(i: number, t: number): PositionUpdate {
  return {
    icao24: (0xb00000 + i).toString(16),
    callsign: null,
    originCountry: null,
    positionTime: t,
    lastContact: t,
    latitude: 47,
    longitude: 8,
    baroAltitudeM: 10_000,
    geoAltitudeM: null,
    onGround: false,
    velocityMs: 230,
    trackDeg: 90,
    verticalRateMs: 0,
    squawk: null,
    source: 'SIMULATED',
    receivedAt: 0,
  };
}

/** Wall time moves only when the publisher sleeps; every send is recorded with its time. */
function setup() {
  let now = 0;
  const sends: Array<{ at: number; records: ReadonlyArray<OutgoingRecord<PositionUpdate>> }> = [];
  const sink: PositionSink = {
    sendUpdates: async (records) => {
      if (records.length > 0) sends.push({ at: now, records });
    },
    sendStates: async () => {},
  };
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
  const publisher = createPositionPublisher(
    {
      speed: 1,
      maxGapMs: null,
      batchSize: 10_000,
      stateThrottleMs: 5_000,
      stateWallThrottleMs: 0,
      tombstoneAfterMs: 300_000,
    },
    { sink, clock, stats: { published: 0, states: 0, tombstones: 0 } },
  );
  return { publisher, sends };
}

describe('the position publisher at real time', () => {
  it('shares a send among positions due close together, and none waits past the limit', async () => {
    const { publisher, sends } = setup();
    // 25,000 aircraft reporting every 10 s: a position every 0.4 ms, here for 2 s.
    for (let i = 0; i < 5_000; i++) await publisher.publish(position(i, T0 + i * 0.4));
    await publisher.flush();
    const sent = sends.flatMap((s) => s.records.map((r) => ({ at: s.at, value: r.value! })));
    expect(sent).toHaveLength(5_000);
    // A send per position would be 5,000 sends; one per MAX_QUEUE_WAIT_MS is about 100.
    expect(sends.length).toBeLessThan((2_000 / MAX_QUEUE_WAIT_MS) * 1.5);
    for (const { at, value } of sent.slice(0, -1)) {
      const due = value.positionTime - T0;
      expect(at - due).toBeGreaterThanOrEqual(0);
      expect(at - due).toBeLessThanOrEqual(MAX_QUEUE_WAIT_MS + 1);
    }
  });

  it('sends what is queued before a long wait', async () => {
    const { publisher, sends } = setup();
    await publisher.publish(position(1, T0));
    await publisher.publish(position(2, T0 + 5_000));
    expect(sends.map((s) => s.at)).toEqual([0]);
  });
});
