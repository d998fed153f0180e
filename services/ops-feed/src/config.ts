import {
  commonConfig,
  csv,
  defineConfig,
  duration,
  type Env,
  enumOf,
  int,
  type LoadedConfig,
  loadConfigOrExit,
  secret,
  url,
} from '@overfly/config';
import { z } from 'zod';

/**
 * Followed in live mode unless OPS_FEED_AIRPORTS says otherwise: eleven of Europe's busiest
 * hubs by ICAO code (London Heathrow, Paris CDG, Amsterdam, Frankfurt, Madrid, Barcelona,
 * Munich, Rome Fiumicino, Istanbul, Zurich, Vienna). Mock mode follows the scenario's airports.
 */
export const DEFAULT_LIVE_AIRPORTS = [
  'EGLL',
  'LFPG',
  'EHAM',
  'EDDF',
  'LEMD',
  'LEBL',
  'EDDM',
  'LIRF',
  'LTFM',
  'LSZH',
  'LOWW',
] as const;

/**
 * Mock mode's pseudonymisation key when PASSENGER_ID_KEY is unset: the scenario's passengers
 * are synthetic, so a published key protects nothing real. Live mode refuses to start without
 * a key of its own.
 */
export const MOCK_PASSENGER_ID_KEY = 'overfly-mock-mode-key-for-synthetic-passengers-only';

const MIN_KEY_LENGTH = 32;

/** "10", "0.5": simulated seconds per wall second. */
const speed = z
  .union([z.string(), z.number()])
  .default('10')
  .transform((raw, ctx) => {
    const value = Number(String(raw).trim());
    if (String(raw).trim() === '' || !Number.isFinite(value) || value <= 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a number > 0' });
      return z.NEVER;
    }
    return value;
  });

/** An ISO 8601 time with its zone → epoch ms; "now" → null (start-up time). */
const startTime = z.string().transform((raw, ctx) => {
  const text = raw.trim();
  if (text.toLowerCase() === 'now') return null;
  const ms = Date.parse(text);
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(text) || !Number.isFinite(ms)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'expected an ISO 8601 time with its zone, like 2024-09-17T06:00:00Z, or now',
    });
    return z.NEVER;
  }
  return ms;
});

const icaoList = csv().transform((codes, ctx) => {
  const bad = codes.filter((c) => !/^[A-Z]{4}$/.test(c));
  if (bad.length > 0) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `expected ICAO airport codes, got ${bad.join(', ')}`,
    });
    return z.NEVER;
  }
  return codes;
});

export const opsFeedConfigSchema = defineConfig({
  ...commonConfig,
  OPS_FEED_MODE: enumOf(['live', 'mock'])
    .default('mock')
    .describe(
      'live: the real APIs (keys from the environment); mock: a local server serving a network scenario',
    ),
  OPS_FEED_AIRPORTS: icaoList
    .optional()
    .describe(
      'ICAO codes of the airports followed; default the scenario’s (mock) or eleven European hubs (live)',
    ),
  OPS_FEED_SCENARIO: z
    .string()
    .min(1)
    .default('network-normal')
    .describe(
      'Mock mode: the network scenario served; give flight-producer’s simulate mode the same',
    ),
  OPS_FEED_START: startTime
    .optional()
    .describe(
      'Mock mode: when the scenario day starts (ISO 8601 with zone); default now. Same as SIMULATE_START',
    ),
  OPS_FEED_SEED: int({ min: 0, max: 4_294_967_295 })
    .optional()
    .describe("Mock mode: overrides the scenario's seed. Same as SIMULATE_SEED"),
  OPS_FEED_SPEED: speed.describe(
    'Mock mode: simulated time per wall time (10 = an 8-hour day in 48 minutes). Same as SIMULATE_SPEED',
  ),
  SCENARIO_CONTROL: enumOf(['on', 'off'])
    .default('off')
    .describe(
      'Mock mode, on: follow scenario.control (pnpm overfly scenario start|stop), whose command in force overrides OPS_FEED_SCENARIO/START/SEED/SPEED; off: those variables only',
    ),
  WEATHER_POLL_INTERVAL: duration({ positive: true })
    .default('5m')
    .describe('How often METARs and TAFs are fetched (simulated time in mock mode)'),
  SCHEDULES_POLL_INTERVAL: duration({ positive: true })
    .default('1m')
    .describe(
      'How often departures of every followed airport are fetched (simulated time in mock mode)',
    ),
  MANIFESTS_POLL_INTERVAL: duration({ positive: true })
    .default('5m')
    .describe(
      'How often the passenger list of each leg in the window is fetched (simulated time in mock mode)',
    ),
  TAF_HORIZON: duration({ positive: true })
    .default('6h')
    .describe('How far ahead a TAF is read for expected deterioration'),
  TAF_CACHE_TTL: duration({ positive: true })
    .default('30m')
    .describe(
      'A TAF response is reused this long before it is fetched again (simulated time in mock mode)',
    ),
  LEG_RETENTION: duration({ positive: true })
    .default('24h')
    .describe('How long after its scheduled arrival a leg is remembered (rotations, dedupe)'),
  MANIFEST_LOOKAHEAD: duration({ positive: true })
    .default('12h')
    .describe('Passenger lists are fetched for legs departing within this much time'),
  MANIFEST_KEEP_AFTER_DEPARTURE: duration({ positive: true })
    .default('6h')
    .describe(
      'After its scheduled departure a leg’s passenger list is fetched and held this long, then dropped',
    ),
  HTTP_TIMEOUT: duration({ positive: true }).default('15s').describe('Per attempt, every API'),
  API_BREAKER_RESET: duration({ positive: true })
    .default('30s')
    .describe('How long an API’s open circuit breaker waits before one probe'),
  AVIATIONWEATHER_URL: url({ protocols: ['http', 'https'] })
    .default('https://aviationweather.gov')
    .describe('Live mode: the aviationweather.gov Data API (no key needed)'),
  AVIATIONSTACK_URL: url({ protocols: ['http', 'https'] })
    .default('https://api.aviationstack.com')
    .describe('Live mode: aviationstack (free plans answer only http://)'),
  AVIATIONSTACK_ACCESS_KEY: secret().optional().describe('Live mode: the aviationstack access key'),
  DCS_BASE_URL: url({ protocols: ['http', 'https'] })
    .optional()
    .describe(
      "Live mode: the airline DCS's passenger-list export (docs/formats/manifest-export.md)",
    ),
  DCS_API_TOKEN: secret().optional().describe('Live mode: bearer token of the DCS export'),
  PASSENGER_ID_KEY: secret()
    .optional()
    .describe(
      `HMAC key that pseudonymises passengers (at least ${MIN_KEY_LENGTH} characters); required in live mode`,
    ),
});

export type OpsFeedConfig = LoadedConfig<typeof opsFeedConfigSchema>;

/** Rules between variables: what live mode needs that mock mode does not. */
export function crossCheck(config: OpsFeedConfig): string[] {
  const problems: string[] = [];
  if (config.PASSENGER_ID_KEY !== undefined && config.PASSENGER_ID_KEY.length < MIN_KEY_LENGTH) {
    problems.push(`PASSENGER_ID_KEY: at least ${MIN_KEY_LENGTH} characters`);
  }
  if (config.OPS_FEED_MODE !== 'live') return problems;
  const required = [
    'AVIATIONSTACK_ACCESS_KEY',
    'DCS_BASE_URL',
    'DCS_API_TOKEN',
    'PASSENGER_ID_KEY',
  ] as const;
  for (const name of required) {
    if (config[name] === undefined) problems.push(`${name}: required when OPS_FEED_MODE=live`);
  }
  return problems;
}

/** Parses the environment once; exits 1 naming every bad or missing variable. */
export function loadOpsFeedConfig(env: Env = process.env): OpsFeedConfig {
  return loadConfigOrExit(opsFeedConfigSchema, env, crossCheck);
}
