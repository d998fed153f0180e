import {
  commonConfig,
  defineConfig,
  duration,
  int,
  type LoadedConfig,
  loadConfigOrExit,
} from '@overfly/config';
import { z } from 'zod';
import type { EngineConfig } from './engine/config.js';
import { type CareCosts, defaultCareCosts } from './engine/passengers/costs.js';

/**
 * The engine's window, lateness and pattern thresholds. README.md, "Patterns", says what
 * each threshold does and why its default is what it is.
 */
const engineConfig = {
  DISRUPTION_WINDOW: duration({ positive: true })
    .default('1h')
    .describe(
      'Length of the correlation window that ends at each evaluation (airport, airline and network patterns count the legs scheduled in it)',
    ),
  DISRUPTION_EVALUATION_STEP: duration({ positive: true })
    .default('5m')
    .describe(
      'Evaluations run at every multiple of this (event time) the watermark passes; at most the window',
    ),
  DISRUPTION_ALLOWED_LATENESS: duration()
    .default('5m')
    .describe(
      'How far behind the newest event time of its partition an input may arrive and still be on time',
    ),
  DISRUPTION_STATE_RETENTION: duration({ positive: true })
    .default('1d')
    .describe(
      'How long (event time) finished legs, quiet flights and finished disruptions are remembered',
    ),
  DISRUPTION_MIN_TURNAROUND: duration()
    .default('30m')
    .describe(
      'The least time an aircraft needs on the ground between two legs (ROTATION_RISK, CASCADING_DELAY)',
    ),
  DISRUPTION_BASELINE_FLOOR_PERCENT: int({ min: 0, max: 100 })
    .default(20)
    .describe(
      "Share of an airport's movements taken as usually disrupted, in percent, until its hour has history",
    ),
  DISRUPTION_BASELINE_HALF_LIFE: duration({ positive: true })
    .default('7d')
    .describe('Half-life of the learned per-airport, per-hour baseline (one sample per day)'),
  DISRUPTION_BASELINE_MIN_DAYS: int({ min: 1 })
    .default(7)
    .describe(
      "Days of history an airport's hour needs before its learned share replaces the floor",
    ),
  DISRUPTION_MIN_FLIGHTS: int({ min: 1 })
    .default(4)
    .describe('Least disrupted legs for an airport, airline or network pattern'),
  DISRUPTION_AIRLINE_SHARE_PERCENT: int({ min: 1, max: 100 })
    .default(30)
    .describe("Least share of an operator's legs disrupted for AIRLINE_WIDE, in percent"),
  DISRUPTION_AIRLINE_MIN_AIRPORTS: int({ min: 1 })
    .default(3)
    .describe("Least airports an operator's disrupted legs depart from for AIRLINE_WIDE"),
  DISRUPTION_NETWORK_MIN_AIRPORTS: int({ min: 2 })
    .default(3)
    .describe('Least airports disrupted at once for NETWORK_EFFECT'),
};

/**
 * What care is estimated to cost per passenger (engine/passengers/costs.ts): the Regulation
 * names no amount for care (Art. 9), so these are the airline's own rates.
 */
const careConfig = {
  PASSENGER_MEALS_COST_CENTS: int({ min: 0 })
    .default(defaultCareCosts.mealsMinor)
    .describe('Estimated meal voucher per passenger owed care, in euro cents (Art. 9(1)(a))'),
  PASSENGER_HOTEL_COST_CENTS: int({ min: 0 })
    .default(defaultCareCosts.hotelMinor)
    .describe(
      'Estimated night of hotel and transfer per passenger re-routed the next day, in euro cents (Art. 9(1)(b), (c))',
    ),
  PASSENGER_GROUND_TRANSPORT_COST_CENTS: int({ min: 0 })
    .default(defaultCareCosts.groundTransportMinor)
    .describe(
      'Estimated transport per passenger from a diversion aerodrome to the booked one, in euro cents (Art. 8(3))',
    ),
};

export const correlatorConfigSchema = defineConfig({
  ...commonConfig,
  ...engineConfig,
  ...careConfig,
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('disruption-correlator')
    .describe('Consumer group of the correlator (one instance: it reads every partition)'),
  KAFKA_SESSION_TIMEOUT: duration()
    .default('6s')
    .describe(
      "How long the group waits for a silent (killed) member before giving its partitions to another; heartbeats every sixth of it. 6s is a stock broker's least (group.min.session.timeout.ms)",
    ),
  CHECKPOINT_INTERVAL: duration({ positive: true })
    .default('5s')
    .describe(
      'How often a snapshot of the state is written to disruption-correlator.state with the input positions',
    ),
  RESTORE_TIMEOUT: duration()
    .default('120s')
    .describe('How long reading the latest snapshot from disruption-correlator.state may take'),
  DISRUPTION_IDLE_TIMEOUT: duration({ positive: true })
    .default('10s')
    .describe(
      'A partition that delivers nothing for this long (wall clock) stops holding the watermark back, until it delivers again',
    ),
  DISRUPTION_MAX_FUTURE: duration()
    .default('1d')
    .describe(
      'How far ahead of the clock an input may say it happened (compressed scenarios run ahead of it); further is refused',
    ),
});

export type CorrelatorConfig = LoadedConfig<typeof correlatorConfigSchema>;

export function loadCorrelatorConfig(): CorrelatorConfig {
  return loadConfigOrExit(correlatorConfigSchema);
}

/** The engine's thresholds from the variables. */
export function engineConfigOf(config: CorrelatorConfig): EngineConfig {
  if (config.DISRUPTION_EVALUATION_STEP > config.DISRUPTION_WINDOW)
    throw new Error('DISRUPTION_EVALUATION_STEP must not be longer than DISRUPTION_WINDOW');
  return {
    windowMs: config.DISRUPTION_WINDOW,
    stepMs: config.DISRUPTION_EVALUATION_STEP,
    allowedLatenessMs: config.DISRUPTION_ALLOWED_LATENESS,
    retentionMs: config.DISRUPTION_STATE_RETENTION,
    minTurnaroundMs: config.DISRUPTION_MIN_TURNAROUND,
    baselineFloor: config.DISRUPTION_BASELINE_FLOOR_PERCENT / 100,
    baselineHalfLifeMs: config.DISRUPTION_BASELINE_HALF_LIFE,
    baselineMinDays: config.DISRUPTION_BASELINE_MIN_DAYS,
    minFlights: config.DISRUPTION_MIN_FLIGHTS,
    airlineShare: config.DISRUPTION_AIRLINE_SHARE_PERCENT / 100,
    airlineMinAirports: config.DISRUPTION_AIRLINE_MIN_AIRPORTS,
    networkMinAirports: config.DISRUPTION_NETWORK_MIN_AIRPORTS,
  };
}

/** The care cost estimates from the variables. */
export function careCostsOf(config: CorrelatorConfig): CareCosts {
  return {
    mealsMinor: config.PASSENGER_MEALS_COST_CENTS,
    hotelMinor: config.PASSENGER_HOTEL_COST_CENTS,
    groundTransportMinor: config.PASSENGER_GROUND_TRANSPORT_COST_CENTS,
  };
}
