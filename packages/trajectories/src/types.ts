import type { PositionSource, PositionUpdate } from '@overfly/schemas';

/** The file layouts this package reads (see README for each one's columns and units). */
export const trajectoryFormats = [
  'opensky-csv',
  'traffic-json',
  'openap-csv',
  'overfly-jsonl',
] as const;
export type TrajectoryFormat = (typeof trajectoryFormats)[number];

/** Why a row was not accepted. Codes, so callers can count, filter and dead-letter them. */
export const rowReasons = {
  UNPARSEABLE:
    'the line or row is not valid for the format (bad CSV/JSON, wrong columns, not a number)',
  UNSUPPORTED_VERSION: 'a JSONL line whose "v" is not a version this reader knows',
  BAD_ICAO24: 'icao24 is missing or not 6 hexadecimal digits',
  BAD_TIME: 'the timestamp is missing or not a valid time',
  MISSING_POSITION: 'latitude or longitude is missing (null or empty)',
  POSITION_OUT_OF_RANGE: 'latitude beyond ±90, longitude beyond ±180, or not a finite number',
  TIME_NOT_MONOTONIC:
    'the time is earlier than this aircraft’s latest accepted time by more than the tolerance',
} as const;
export type RowReason = keyof typeof rowReasons;

export interface RowRejection {
  ok: false;
  line: number;
  /** The source text of the row (a CSV/JSONL line, or the JSON of one record). */
  raw: string;
  reason: RowReason;
  message: string;
}

/**
 * An accepted row: a flights.updates record (the generated PositionUpdate, SI units, UTC
 * epoch ms), and the 1-based line (text formats) or row (JSON formats) it came from.
 */
export interface RowAccepted {
  ok: true;
  line: number;
  position: PositionUpdate;
}

export type RowResult = RowAccepted | RowRejection;

/** What the reader stamps on every position: where it came from, and when it was read. */
export interface PositionStamp {
  source: PositionSource;
  now: () => number;
}
