import { loadConfig } from '@overfly/config';
import { describe, expect, it } from 'vitest';
import { crossCheck, opsFeedConfigSchema } from './config.js';

const load = (env: Record<string, string>) => loadConfig(opsFeedConfigSchema, env);

describe('ops-feed configuration', () => {
  it('runs the demo in mock mode with no variable set', () => {
    const config = load({});
    expect(config).toMatchObject({
      OPS_FEED_MODE: 'mock',
      OPS_FEED_SPEED: 10,
      WEATHER_POLL_INTERVAL: 300_000,
    });
    expect(crossCheck(config)).toEqual([]);
  });

  it('names every key live mode needs and the environment lacks', () => {
    expect(crossCheck(load({ OPS_FEED_MODE: 'live' }))).toEqual([
      'AVIATIONSTACK_ACCESS_KEY: required when OPS_FEED_MODE=live',
      'DCS_BASE_URL: required when OPS_FEED_MODE=live',
      'DCS_API_TOKEN: required when OPS_FEED_MODE=live',
      'PASSENGER_ID_KEY: required when OPS_FEED_MODE=live',
    ]);
  });

  it('refuses a pseudonymisation key too short to be one', () => {
    expect(crossCheck(load({ PASSENGER_ID_KEY: 'short' }))).toEqual([
      'PASSENGER_ID_KEY: at least 32 characters',
    ]);
  });

  it('refuses airports that are not ICAO codes, and a speed that is not a positive number', () => {
    expect(() => load({ OPS_FEED_AIRPORTS: 'EDDF,LHR' })).toThrow(/OPS_FEED_AIRPORTS.*LHR/s);
    expect(() => load({ OPS_FEED_SPEED: '0' })).toThrow(/OPS_FEED_SPEED/);
    expect(() => load({ OPS_FEED_START: 'tomorrow' })).toThrow(/OPS_FEED_START/);
  });
});
