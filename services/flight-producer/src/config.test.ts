import { loadConfig } from '@overfly/config';
import { describe, expect, it } from 'vitest';
import { configSchema, crossCheck } from './config.js';

describe('flight-producer configuration', () => {
  it('runs live over Switzerland every 10 s, tombstoning after 5 minutes, by default', () => {
    const config = loadConfig(configSchema, {});
    expect(config).toMatchObject({
      MODE: 'live',
      POLL_INTERVAL: 10_000,
      STATE_TOMBSTONE_AFTER: 300_000,
      STALE_AFTER: 15_000,
      REPLAY_SPEED: 1,
      OPENSKY_BBOX: { lamin: 45.8, lomin: 5.9, lamax: 47.9, lomax: 10.6 },
    });
    expect(crossCheck(config)).toEqual([]);
  });

  it('reads replay settings', () => {
    const config = loadConfig(configSchema, {
      MODE: 'replay',
      REPLAY_FILES: 'a.csv, b.json.gz',
      REPLAY_SPEED: 'MAX',
      REPLAY_START_OFFSET: '30m',
      REPLAY_LOOP: 'yes',
    });
    expect(config).toMatchObject({
      REPLAY_FILES: ['a.csv', 'b.json.gz'],
      REPLAY_SPEED: 'max',
      REPLAY_START_OFFSET: 1_800_000,
      REPLAY_LOOP: true,
      REPLAY_MAX_LEAD: 12 * 3_600_000,
    });
    expect(loadConfig(configSchema, { REPLAY_MAX_LEAD: 'off' }).REPLAY_MAX_LEAD).toBeNull();
    expect(loadConfig(configSchema, { REPLAY_MAX_LEAD: '90m' }).REPLAY_MAX_LEAD).toBe(5_400_000);
  });

  it('names the variable of a bad speed or box', () => {
    expect(() => loadConfig(configSchema, { REPLAY_SPEED: '-2', OPENSKY_BBOX: '1,2,3' })).toThrow(
      /REPLAY_SPEED[\s\S]*OPENSKY_BBOX|OPENSKY_BBOX[\s\S]*REPLAY_SPEED/,
    );
  });

  it('wants files for a replay and both OpenSky credentials or none', () => {
    const config = loadConfig(configSchema, { MODE: 'replay', OPENSKY_CLIENT_ID: 'me' });
    expect(crossCheck(config)).toEqual([
      'REPLAY_FILES: required when MODE=replay',
      'OPENSKY_CLIENT_ID and OPENSKY_CLIENT_SECRET: set both or neither',
    ]);
  });

  it('simulates europe-day in real time from now by default', () => {
    const config = loadConfig(configSchema, { MODE: 'simulate' });
    expect(config).toMatchObject({
      SCENARIO: 'europe-day',
      SIMULATE_SPEED: 1,
      SIMULATE_BATCH_SIZE: 500,
      SIMULATE_AT_END: 'tombstone',
    });
    expect(config.SIMULATE_START).toBeUndefined();
    expect(crossCheck(config)).toEqual([]);
  });

  it('reads simulate settings', () => {
    const config = loadConfig(configSchema, {
      MODE: 'simulate',
      SCENARIO: 'world-25k',
      SIMULATE_SPEED: 'max',
      SIMULATE_START: '2024-09-17T08:00:00Z',
      SIMULATE_SEED: '7',
      SIMULATE_DURATION: '10m',
    });
    expect(config).toMatchObject({
      SCENARIO: 'world-25k',
      SIMULATE_SPEED: 'max',
      SIMULATE_START: Date.UTC(2024, 8, 17, 8),
      SIMULATE_SEED: 7,
      SIMULATE_DURATION: 600_000,
    });
    expect(loadConfig(configSchema, { SIMULATE_START: 'now' }).SIMULATE_START).toBeNull();
  });

  it('names the variable of a bad simulate start or speed', () => {
    expect(() =>
      loadConfig(configSchema, { SIMULATE_START: '2024-09-17 08:00', SIMULATE_SPEED: '0' }),
    ).toThrow(/SIMULATE_SPEED[\s\S]*SIMULATE_START|SIMULATE_START[\s\S]*SIMULATE_SPEED/);
  });
});
