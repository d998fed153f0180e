import { loadConfig } from '@overfly/config';
import { ScenarioError } from '@overfly/scenarios';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config.js';
import { loadSimulateScenario, simulateOptionsFrom } from './mode.js';

const NOW = Date.UTC(2025, 0, 1, 12);
const config = (env: Record<string, string>) =>
  loadConfig(configSchema, { MODE: 'simulate', ...env });

describe('simulate mode settings', () => {
  it('starts the scenario now unless SIMULATE_START says when', () => {
    expect(loadSimulateScenario(config({ SCENARIO: 'a319-north' }), NOW).start).toBe(NOW);
    expect(
      loadSimulateScenario(config({ SCENARIO: 'a319-north', SIMULATE_START: 'now' }), NOW).start,
    ).toBe(NOW);
    const at = loadSimulateScenario(
      config({ SCENARIO: 'a319-north', SIMULATE_START: '2024-09-17T08:00:00Z' }),
      NOW,
    );
    expect(at.start).toBe(Date.UTC(2024, 8, 17, 8));
  });

  it('overrides the seed and duration when asked', () => {
    const scenario = loadSimulateScenario(
      config({ SCENARIO: 'europe-day', SIMULATE_SEED: '9', SIMULATE_DURATION: '2h' }),
      NOW,
    );
    expect(scenario).toMatchObject({ seed: 9, start: NOW, end: NOW + 7_200_000 });
  });

  it('refuses an unknown scenario before anything connects', () => {
    expect(() => loadSimulateScenario(config({ SCENARIO: 'moon-day' }), NOW)).toThrow(
      ScenarioError,
    );
  });

  it('publishes like replay: the same state throttle and tombstones, no gap shortening', () => {
    expect(
      simulateOptionsFrom(
        config({ SIMULATE_SPEED: '60', STATE_THROTTLE: '2s', SIMULATE_AT_END: 'keep' }),
      ),
    ).toEqual({
      speed: 60,
      maxGapMs: null,
      batchSize: 500,
      stateThrottleMs: 2_000,
      tombstoneAfterMs: 300_000,
      atEnd: 'keep',
    });
  });
});
