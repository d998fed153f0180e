import { loadConfig } from '@overfly/config';
import { ScenarioError } from '@overfly/scenarios';
import type { ScenarioControl } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config.js';
import { JOIN_LATE_AFTER_MS, prepareControlledRun } from './controlled.js';
import { simulateOptionsFrom } from './mode.js';

const T0 = Date.UTC(2024, 8, 17, 6);
const ISSUED = Date.UTC(2025, 0, 1, 12);
const config = loadConfig(configSchema, {
  MODE: 'simulate',
  SCENARIO: 'europe-day',
  SIMULATE_SPEED: '3',
  SIMULATE_AT_END: 'keep',
  SCENARIO_CONTROL: 'on',
});
const env = simulateOptionsFrom(config);
const start: ScenarioControl = {
  commandId: 'c1',
  action: 'START',
  scenario: 'a319-north',
  seed: 11,
  startTime: T0,
  speed: 10,
  issuedAt: ISSUED,
  issuedBy: 'test',
};
const prepare = (record: ScenarioControl, wallNow = ISSUED + 50) =>
  prepareControlledRun(record, config, env, wallNow);

describe('simulate mode under scenario.control', () => {
  it('is off unless SCENARIO_CONTROL=on', () => {
    expect(loadConfig(configSchema, { MODE: 'simulate' }).SCENARIO_CONTROL).toBe('off');
  });

  it('plays the command’s scenario, seed, start and speed on the command’s clock', () => {
    const run = prepare(start);
    if (run === 'stop') throw new Error('expected a run');
    expect(run.scenario).toMatchObject({ name: 'a319-north', seed: 11, start: T0 });
    expect(run.options).toMatchObject({
      speed: 10,
      anchor: { wall: ISSUED, event: T0 },
      atEnd: 'keep', // the environment's, for a scenario that ends by itself
      batchSize: env.batchSize,
    });
    // Read at once: every position plays, none skipped.
    expect(run.options.skipBefore).toBeUndefined();
  });

  it('joins a day read late (a restart) where it is', () => {
    const run = prepare(start, ISSUED + JOIN_LATE_AFTER_MS + 60_000);
    if (run === 'stop') throw new Error('expected a run');
    expect(run.options.skipBefore).toBe(T0 + (JOIN_LATE_AFTER_MS + 60_000) * 10);
  });

  it('at max speed has no clock: no anchor, nothing skipped', () => {
    const run = prepare({ ...start, speed: null }, ISSUED + 3_600_000);
    if (run === 'stop') throw new Error('expected a run');
    expect(run.options.speed).toBe('max');
    expect(run.options.anchor).toBeUndefined();
    expect(run.options.skipBefore).toBeUndefined();
  });

  it('reads a STOP', () => {
    expect(prepare({ ...start, action: 'STOP', scenario: null })).toBe('stop');
  });

  it('refuses an unknown scenario or a bad speed with a ScenarioError code, before anything stops', () => {
    const code = (record: ScenarioControl) => {
      try {
        prepare(record);
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        return (error as ScenarioError).code;
      }
      return null;
    };
    expect(code({ ...start, scenario: 'moon-day' })).toBe('SCENARIOS_NOT_FOUND');
    expect(code({ ...start, speed: -2 })).toBe('SCENARIOS_CONTROL_INVALID');
    expect(code({ ...start, action: 'UNKNOWN' })).toBe('SCENARIOS_CONTROL_INVALID');
  });
});
