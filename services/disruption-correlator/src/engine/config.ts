/**
 * The engine's thresholds. The service fills them from its environment (config.ts); tests
 * build them from `defaultEngineConfig`. Every value and why it is what it is: README.md,
 * "Patterns".
 */
export interface EngineConfig {
  /** Length of the correlation window that ends at each evaluation. */
  windowMs: number;
  /** Evaluations happen at every multiple of this (event time, epoch-aligned). */
  stepMs: number;
  /** How far behind the newest event time of its partition an input may still arrive on time. */
  allowedLatenessMs: number;
  /** How long (event time) finished legs and quiet flights are remembered. */
  retentionMs: number;
  /** The least time an aircraft needs on the ground between two legs. */
  minTurnaroundMs: number;
  /** Share of disrupted movements assumed for an airport's hour until it has history. */
  baselineFloor: number;
  /** Half-life of the exponentially weighted baseline, in event time (one sample per day). */
  baselineHalfLifeMs: number;
  /** Days of history an hour needs before its learned share replaces the floor. */
  baselineMinDays: number;
  /** Least disrupted legs for an airport, airline or network pattern. */
  minFlights: number;
  /** Least share of an operator's legs disrupted for AIRLINE_WIDE. */
  airlineShare: number;
  /** Least airports an operator's disrupted legs must span for AIRLINE_WIDE. */
  airlineMinAirports: number;
  /** Least airports disrupted at once for NETWORK_EFFECT. */
  networkMinAirports: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const defaultEngineConfig: EngineConfig = {
  windowMs: HOUR,
  stepMs: 5 * MINUTE,
  allowedLatenessMs: 5 * MINUTE,
  retentionMs: DAY,
  minTurnaroundMs: 30 * MINUTE,
  baselineFloor: 0.2,
  baselineHalfLifeMs: 7 * DAY,
  baselineMinDays: 7,
  minFlights: 4,
  airlineShare: 0.3,
  airlineMinAirports: 3,
  networkMinAirports: 3,
};

/**
 * A flight is late when it departs or arrives 15 minutes or more after schedule: the
 * threshold of EUROCONTROL's punctuality statistics (CODA, "delayed more than 15 minutes")
 * and of the US DOT (Bureau of Transportation Statistics: "a flight is considered delayed
 * when it arrived 15 or more minutes later than scheduled").
 */
export const LATE_MINUTES = 15;

/** Regulation (EC) 261/2004 compensation for delay starts at three hours (Sturgeon, C-402/07). */
export const EU261_DELAY_MINUTES = 180;

export { DAY, HOUR, MINUTE };
