import { loadConfig } from '@overfly/config';
import { createLogger, createMetrics } from '@overfly/observability';
import type { ScenarioControl } from '@overfly/schemas';
import { afterEach, describe, expect, it } from 'vitest';
import { opsFeedConfigSchema } from '../config.js';
import { FIXTURE_START, fixtureSource } from '../test-support/fixture-day.js';
import { memorySink } from '../test-support/memory-sink.js';
import { type BuiltFeed, buildOpsFeed } from './build.js';
import { steppedClock } from './clock.js';
import { prepareControlledDay } from './controlled.js';

const T0 = Date.UTC(2024, 8, 17, 6);
const start: ScenarioControl = {
  commandId: 'c1',
  action: 'START',
  scenario: 'network-normal',
  seed: null,
  startTime: T0,
  speed: 10,
  issuedAt: T0,
  issuedBy: 'test',
};
const code = (record: ScenarioControl) => {
  try {
    prepareControlledDay(record);
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return null;
};

describe('mock mode under scenario.control: the day a command asks for', () => {
  it('is off unless SCENARIO_CONTROL=on', () => {
    expect(loadConfig(opsFeedConfigSchema, {}).SCENARIO_CONTROL).toBe('off');
  });

  it('compiles a network scenario at the command’s start', () => {
    const day = prepareControlledDay(start);
    if (day === 'stop' || day.kind !== 'day') throw new Error('expected a day');
    expect(day.source.day).toMatchObject({ name: 'network-normal', start: T0 });
    expect(day.command).toMatchObject({ speed: 10, startTime: T0 });
  });

  it('serves nothing for a flight-only scenario, which is still a valid command', () => {
    expect(prepareControlledDay({ ...start, scenario: 'a319-north' })).toMatchObject({
      kind: 'no-day',
    });
  });

  it('reads a STOP, and refuses an unknown scenario or a bad speed with their codes', () => {
    expect(prepareControlledDay({ ...start, action: 'STOP', scenario: null })).toBe('stop');
    expect(code({ ...start, scenario: 'moon-day' })).toBe('OPS_FEED_SCENARIO_UNAVAILABLE');
    expect(code({ ...start, speed: 0 })).toBe('SCENARIOS_CONTROL_INVALID');
  });
});

let built: BuiltFeed | undefined;
afterEach(async () => {
  await built?.close();
  built = undefined;
});

describe('the feed at speed max (stepped clock)', () => {
  it('polls through the day in simulated time with no wait, then ends', async () => {
    const clock = steppedClock(FIXTURE_START);
    const { sink, sent } = memorySink();
    const logger = createLogger({ service: 't', level: 'silent' });
    const metrics = createMetrics({ service: 't', instance: 'i', collectDefaults: false });
    // Long intervals: the clients' rate limits (aviationstack 5 a second) still hold at max.
    const config = loadConfig(opsFeedConfigSchema, {
      OPS_FEED_MODE: 'mock',
      SCHEDULES_POLL_INTERVAL: '30m',
      WEATHER_POLL_INTERVAL: '30m',
      MANIFESTS_POLL_INTERVAL: '30m',
    });
    built = await buildOpsFeed(config, { logger, metrics, sink, scenario: fixtureSource, clock });
    const end = FIXTURE_START + 3 * 3_600_000;
    const started = Date.now();
    await built.feed.runStepped(built.intervals, clock, end, new AbortController().signal);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(clock.now()).toBeGreaterThan(end);
    expect(sent['flight.schedules'].length).toBeGreaterThan(0);
    expect(sent['external.weather'].length).toBeGreaterThan(0);
    // Stamped with the simulated clock, within the day played.
    for (const r of sent['flight.schedules']) expect(r.value?.updatedAt).toBeLessThanOrEqual(end);
  });
});

describe('a feed halted by a switch', () => {
  it('publishes nothing from a poll under way once halted', async () => {
    const halt = new AbortController();
    const { sink, sent } = memorySink();
    const logger = createLogger({ service: 't', level: 'silent' });
    const metrics = createMetrics({ service: 't', instance: 'i', collectDefaults: false });
    const config = loadConfig(opsFeedConfigSchema, { OPS_FEED_MODE: 'mock' });
    const clock = steppedClock(FIXTURE_START + 3_600_000);
    built = await buildOpsFeed(config, {
      logger,
      metrics,
      sink,
      scenario: fixtureSource,
      clock,
      halt: halt.signal,
    });
    await built.feed.pollSchedules();
    const before = sent['flight.schedules'].length;
    expect(before).toBeGreaterThan(0);
    halt.abort();
    clock.set(FIXTURE_START + 5 * 3_600_000);
    await built.feed.pollSchedules();
    await built.feed.pollWeather();
    await built.feed.pollManifests();
    expect(sent['flight.schedules']).toHaveLength(before);
    expect(sent['external.weather']).toHaveLength(0);
    expect(sent['passenger.manifests']).toHaveLength(0);
  });
});
