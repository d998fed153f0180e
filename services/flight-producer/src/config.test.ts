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
    });
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
});
