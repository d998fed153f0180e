import {
  bool,
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
} from '@overfly/config';
import { trajectoryFormats } from '@overfly/trajectories';
import { z } from 'zod';

/** "1", "10", "0.5" (× event time) or "max" (as fast as Kafka accepts). */
const speed = z
  .string()
  .default('1')
  .transform((raw, ctx) => {
    const text = raw.trim().toLowerCase();
    if (text === 'max') return 'max' as const;
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value <= 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a number > 0 or "max"' });
      return z.NEVER;
    }
    return value;
  });

/** "lamin,lomin,lamax,lomax" in degrees, as OpenSky's /states/all takes them. */
const bbox = z
  .string()
  .default('45.8,5.9,47.9,10.6')
  .transform((raw, ctx) => {
    const parts = raw.split(',').map((part) => Number(part.trim()));
    const [lamin, lomin, lamax, lomax] = parts;
    if (
      parts.length !== 4 ||
      lamin === undefined ||
      lomin === undefined ||
      lamax === undefined ||
      lomax === undefined ||
      parts.some((part) => !Number.isFinite(part)) ||
      Math.abs(lamin) > 90 ||
      Math.abs(lamax) > 90 ||
      lamin >= lamax ||
      Math.abs(lomin) > 180 ||
      Math.abs(lomax) > 180
    ) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected lamin,lomin,lamax,lomax' });
      return z.NEVER;
    }
    return { lamin, lomin, lamax, lomax };
  });

/** An ISO 8601 time with its zone ("2024-09-17T08:00:00Z") → epoch ms; "now" → null (start-up time). */
const startTime = z.string().transform((raw, ctx) => {
  const text = raw.trim();
  if (text.toLowerCase() === 'now') return null;
  const ms = Date.parse(text);
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(text) || !Number.isFinite(ms)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'expected an ISO 8601 time with its zone, like 2024-09-17T08:00:00Z, or now',
    });
    return z.NEVER;
  }
  return ms;
});

/** "off" → null (the check is off), else a duration. */
const durationOrOff = z.union([z.string(), z.number()]).transform((raw, ctx): number | null => {
  if (String(raw).trim().toLowerCase() === 'off') return null;
  const parsed = duration().safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ ...issue, message: `${issue.message} or off` });
  return z.NEVER;
});

/** Replay mode's variables; the one-shot replay CLI reads them too (flags override). */
export const replayConfig = {
  REPLAY_FILES: csv().optional().describe('Trajectory files to replay, in order (comma-separated)'),
  REPLAY_FORMAT: enumOf(trajectoryFormats)
    .optional()
    .describe('Format of every replay file; detected from each file when unset'),
  REPLAY_SPEED: speed.describe(
    'Replay speed: 1 = real time, 10 = ten times faster, max = no waiting',
  ),
  REPLAY_START_OFFSET: duration()
    .default('0s')
    .describe('Start this far into each file (first pass)'),
  REPLAY_LOOP: bool()
    .default(false)
    .describe('Replay the files forever; each pass is shifted in time to follow the previous one'),
  REPLAY_MAX_GAP: duration()
    .default('10m')
    .describe('Event-time gaps longer than this are waited as this long (0s: wait them in full)'),
  REPLAY_MAX_LEAD: durationOrOff
    .default('12h')
    .describe(
      'A position is never published more than this far ahead of the wall clock: a re-timed recording looped at high speed (the demo) then goes on at real time instead of running into the future, where fee-calculator refuses crossings more than 24 h ahead; off: no limit',
    ),
  REPLAY_ORDER: enumOf(['time', 'file'])
    .default('time')
    .describe(
      "time: each file's rows are played in time order whatever order the file keeps them in (an external sort in bounded memory); file: as stored",
    ),
  REPLAY_TIME_TOLERANCE: durationOrOff
    .default('60s')
    .describe(
      'With REPLAY_ORDER=file: how far back in time a row may go for its aircraft before it is rejected; off: no check',
    ),
  REPLAY_BATCH_SIZE: int({ min: 1, max: 10_000 }).default(500).describe('Positions per send'),
  REPLAY_AT_END: enumOf(['keep', 'tombstone'])
    .default('tombstone')
    .describe('What flights.state keeps when a replay ends: the last states, or nothing'),
};

/** Simulate mode's variables; `pnpm overfly simulate` reads the scenario ones too. */
export const simulateConfig = {
  SCENARIO: z
    .string()
    .min(1)
    .default('europe-day')
    .describe(
      'Scenario to simulate: a built-in name (data/scenarios: a319-north, europe-day, world-25k, …) or a path to a scenario JSON file',
    ),
  SIMULATE_SPEED: speed.describe(
    'Simulation speed: 1 = real time, 10 = ten times faster, max = no waiting',
  ),
  SIMULATE_START: startTime
    .optional()
    .describe(
      "When the scenario starts (ISO 8601 with zone); default now, so it looks live (the scenario's own start is not used)",
    ),
  SIMULATE_SEED: int({ min: 0, max: 4_294_967_295 })
    .optional()
    .describe("Overrides the scenario's seed"),
  SIMULATE_DURATION: duration({ positive: true })
    .optional()
    .describe("Overrides the scenario's duration"),
  SIMULATE_BATCH_SIZE: int({ min: 1, max: 10_000 }).default(500).describe('Positions per send'),
  SIMULATE_AT_END: enumOf(['keep', 'tombstone'])
    .default('tombstone')
    .describe('What flights.state keeps when a simulation ends: the last states, or nothing'),
};

/** How flights.state is kept, in every mode. */
export const stateConfig = {
  STATE_TOMBSTONE_AFTER: duration()
    .default('5m')
    .describe('An aircraft unseen this long (event time) gets a tombstone on flights.state'),
  // 5 s, not 1 s: ADS-B samples come at 1 Hz, and one state a second would copy them all.
  STATE_THROTTLE: duration()
    .default('5s')
    .describe('At most one flights.state record per aircraft per this much event time'),
};

export const configSchema = defineConfig({
  ...commonConfig,
  MODE: enumOf(['live', 'replay', 'simulate'])
    .default('live')
    .describe('live: OpenSky; replay: recorded files; simulate: the scenario engine'),
  // live
  POLL_INTERVAL: duration().default('10s').describe('How often live mode asks OpenSky'),
  OPENSKY_BBOX: bbox.describe(
    'Area live mode asks for: lamin,lomin,lamax,lomax (default Switzerland)',
  ),
  OPENSKY_MODE: enumOf(['live', 'mock'])
    .default('live')
    .describe('mock serves simulated traffic and sends nothing over the network (demos, tests)'),
  OPENSKY_CLIENT_ID: z.string().min(1).optional().describe('OpenSky OAuth2 client id'),
  OPENSKY_CLIENT_SECRET: secret().optional().describe('OpenSky OAuth2 client secret'),
  STALE_AFTER: duration()
    .default('15s')
    .describe(
      'A live position older than this at fetch time is published as history, never as current state',
    ),
  RECORD_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('When set, live mode also writes what it publishes to hourly JSONL files here'),
  PROGRESS_INTERVAL: duration()
    .default('10s')
    .describe('How often replay and simulate log their progress'),
  ...replayConfig,
  ...simulateConfig,
  SCENARIO_CONTROL: enumOf(['on', 'off'])
    .default('off')
    .describe(
      'on: simulate mode follows scenario.control (pnpm overfly scenario start|stop), whose command in force overrides SCENARIO, and stays up between scenarios; off: SCENARIO only',
    ),
  ...stateConfig,
});

export type FlightProducerConfig = LoadedConfig<typeof configSchema>;

/** Rules between variables, which a per-variable schema cannot say. */
export function crossCheck(config: FlightProducerConfig): string[] {
  const problems: string[] = [];
  if (config.MODE === 'replay' && (config.REPLAY_FILES ?? []).length === 0) {
    problems.push('REPLAY_FILES: required when MODE=replay');
  }
  if (Boolean(config.OPENSKY_CLIENT_ID) !== Boolean(config.OPENSKY_CLIENT_SECRET)) {
    problems.push('OPENSKY_CLIENT_ID and OPENSKY_CLIENT_SECRET: set both or neither');
  }
  return problems;
}

/** Parses the environment once; exits 1 naming every bad variable. */
export function loadFlightProducerConfig(env: Env = process.env): FlightProducerConfig {
  return loadConfigOrExit(configSchema, env, crossCheck);
}
