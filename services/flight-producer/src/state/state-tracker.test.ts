import type { PositionUpdate } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { createStateTracker } from './state-tracker.js';

function update(icao24: string, t: number): PositionUpdate {
  return {
    icao24,
    callsign: 'TEST1',
    originCountry: null,
    positionTime: t,
    lastContact: t,
    latitude: 46,
    longitude: 7,
    baroAltitudeM: 10_000,
    geoAltitudeM: null,
    onGround: false,
    velocityMs: 230,
    trackDeg: 90,
    verticalRateMs: 0,
    squawk: null,
    source: 'REPLAY',
    receivedAt: 42,
  };
}

const options = { throttleMs: 1_000, tombstoneAfterMs: 300_000 };

describe('the flights.state tracker', () => {
  it('writes at most one state per aircraft per second of event time', () => {
    const tracker = createStateTracker(options);
    const written = [0, 200, 900, 1_000, 1_500, 2_100].map((t) =>
      tracker.observe(update('aaaaaa', t), 9),
    );
    expect(written.map((s) => s?.positionTime ?? null)).toEqual([
      0,
      null,
      null,
      1_000,
      null,
      2_100,
    ]);
  });

  it('throttles each aircraft on its own', () => {
    const tracker = createStateTracker(options);
    expect(tracker.observe(update('aaaaaa', 0), 0)).not.toBeNull();
    expect(tracker.observe(update('bbbbbb', 100), 0)).not.toBeNull();
  });

  it('carries first and last seen, and the writer time, without receivedAt', () => {
    const tracker = createStateTracker(options);
    tracker.observe(update('aaaaaa', 5_000), 1);
    const state = tracker.observe(update('aaaaaa', 9_000), 77);
    expect(state).toMatchObject({
      firstSeen: 5_000,
      lastSeen: 9_000,
      positionTime: 9_000,
      updatedAt: 77,
    });
    expect(state).not.toHaveProperty('receivedAt');
  });

  it('keeps the throttled latest position and writes it when drained', () => {
    const tracker = createStateTracker(options);
    tracker.observe(update('aaaaaa', 0), 0);
    tracker.observe(update('aaaaaa', 400), 0);
    tracker.observe(update('aaaaaa', 800), 0);
    expect(tracker.drainPending(5).map((s) => s.positionTime)).toEqual([800]);
    expect(tracker.drainPending(5)).toEqual([]);
  });

  it('never lets a late position replace the latest state', () => {
    const tracker = createStateTracker(options);
    tracker.observe(update('aaaaaa', 10_000), 0);
    expect(tracker.observe(update('aaaaaa', 5_000), 0)).toBeNull();
  });

  it('tombstones an aircraft exactly when it has been unseen for the idle time', () => {
    const tracker = createStateTracker(options);
    tracker.observe(update('aaaaaa', 0), 0);
    tracker.observe(update('bbbbbb', 200_000), 0);
    expect(tracker.expire(299_999)).toEqual([]);
    expect(tracker.expire(300_000)).toEqual(['aaaaaa']);
    expect(tracker.size).toBe(1);
    expect(tracker.expire(500_000)).toEqual(['bbbbbb']);
  });

  it('tracks an aircraft that comes back after its tombstone as new', () => {
    const tracker = createStateTracker(options);
    tracker.observe(update('aaaaaa', 0), 0);
    tracker.expire(400_000);
    expect(tracker.observe(update('aaaaaa', 400_500), 0)).toMatchObject({ firstSeen: 400_500 });
  });

  it('with a wall-clock throttle, writes one state per aircraft per interval of real time however fast event time runs', () => {
    const tracker = createStateTracker({ ...options, wallThrottleMs: 1_000 });
    // A replay at 1000x: 10 s of event time in 10 ms of wall time.
    const written = [0, 2_000, 4_000, 6_000, 8_000, 10_000].map((t, i) =>
      tracker.observe(update('aaaaaa', t), 5_000 + i * 2),
    );
    expect(written.filter((s) => s !== null).map((s) => s?.positionTime)).toEqual([0]);
    expect(tracker.observe(update('aaaaaa', 12_000), 6_100)?.positionTime).toBe(12_000);
    expect(tracker.drainPending(6_200)).toEqual([]);
  });
});
