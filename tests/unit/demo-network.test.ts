// The demo's time model in its pure parts: the network's pace, the clock file per topic
// prefix, and the two services following scenario.control.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_NETWORK_SPEED,
  networkPlan,
  networkServiceEnv,
  networkSpeed,
} from '../../scripts/demo/network.js';
import { claimRunStart, clockCeiling, clockFile, writeClock } from '../../scripts/demo/samples.js';

describe('the network day’s pace', () => {
  it('is the replay’s, never faster than 60×', () => {
    expect(networkSpeed('60')).toBe(60);
    expect(networkSpeed('10')).toBe(10);
    expect(networkSpeed('300')).toBe(MAX_NETWORK_SPEED);
    expect(networkSpeed('max')).toBe(MAX_NETWORK_SPEED);
  });
});

describe('the data clock', () => {
  it('is one file per topic prefix: fresh topics start now', () => {
    expect(clockFile('/s')).toBe('/s/clock.json');
    expect(clockFile('/s', '')).toBe('/s/clock.json');
    expect(clockFile('/s', 'test.demo.x1.')).toBe('/s/clock.test.demo.x1.json');
    expect(clockFile('/s', 'a/b')).toBe('/s/clock.a_b.json');
  });

  it('starts a second run after what the first can have played, the network’s day included', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'demo-clock-')), 'clock.json');
    const first = await claimRunStart(path);
    expect(first).toBeGreaterThanOrEqual(Date.now() - 1_000);
    // Two minutes at 60×: the replay and the day both reached first + 2 h.
    await writeClock(path, first, 120_000, 60);
    const second = await claimRunStart(path);
    expect(second).toBeGreaterThan(first + 2 * 3_600_000);
    const { notBefore } = JSON.parse(readFileSync(path, 'utf8')) as { notBefore: number };
    expect(notBefore).toBeGreaterThanOrEqual(second);
  });
  it('never records more than the replay can have played: REPLAY_MAX_LEAD ahead, or the day’s end', async () => {
    const HOUR = 3_600_000;
    const now = Date.parse('2026-12-04T16:00:00Z');
    expect(clockCeiling({}, 0, now)).toBe(now + 12 * HOUR);
    expect(clockCeiling({ REPLAY_MAX_LEAD: '2h' }, 0, now)).toBe(now + 2 * HOUR);
    expect(clockCeiling({ REPLAY_MAX_LEAD: '2h' }, now + 8 * HOUR, now)).toBe(now + 8 * HOUR);
    expect(clockCeiling({ REPLAY_MAX_LEAD: 'off' }, 0, now)).toBe(Number.POSITIVE_INFINITY);
    const path = join(mkdtempSync(join(tmpdir(), 'demo-clock-')), 'clock.json');
    const first = await claimRunStart(path);
    // An hour of demo at 60×: the pace says 60 h (90 h with the margin), the lead 12 h.
    await writeClock(path, first, HOUR, 60, first + 12 * HOUR);
    const second = await claimRunStart(path);
    expect(second - first).toBeGreaterThan(12 * HOUR);
    expect(second - first).toBeLessThanOrEqual(13 * HOUR);
  });
});

describe('the network day', () => {
  it('is network-chaos by default, from the run’s start, and both services follow scenario.control', () => {
    const start = Date.parse('2026-12-04T16:00:00Z');
    const plan = networkPlan({}, start, 60);
    expect(plan).toMatchObject({ scenario: 'network-chaos', startTime: start, speed: 60 });
    expect(plan.durationMs).toBe(8 * 3_600_000);
    const env = networkServiceEnv(plan);
    expect(env.producer).toMatchObject({
      MODE: 'simulate',
      SCENARIO: 'network-chaos',
      SIMULATE_START: '2026-12-04T16:00:00.000Z',
      SIMULATE_SPEED: '60',
      SCENARIO_CONTROL: 'on',
    });
    expect(env.feed).toMatchObject({
      OPS_FEED_MODE: 'mock',
      OPS_FEED_SCENARIO: 'network-chaos',
      OPS_FEED_START: '2026-12-04T16:00:00.000Z',
      OPS_FEED_SPEED: '60',
      SCENARIO_CONTROL: 'on',
    });
  });

  it('refuses a scenario that does not load, before anything runs', () => {
    expect(() => networkPlan({ DEMO_NETWORK_SCENARIO: 'no-such-day' }, Date.now(), 60)).toThrow();
  });
});
