/** The file layouts this package reads (see README for each one's columns and units). */
export const trajectoryFormats = [
  'opensky-csv',
  'traffic-json',
  'openap-csv',
  'overfly-jsonl',
] as const;
export type TrajectoryFormat = (typeof trajectoryFormats)[number];

/** One position report, whatever file it came from, in SI units and UTC epoch milliseconds. */
export interface TrajectoryPosition {
  /** ICAO 24-bit address, 6 lowercase hex digits. */
  icao24: string;
  /** Time of the position (UTC epoch ms). */
  t: number;
  lat: number;
  lon: number;
  baroAltitudeM: number | null;
  geoAltitudeM: number | null;
  onGround: boolean | null;
  velocityMs: number | null;
  /** True track, degrees clockwise from north. */
  trackDeg: number | null;
  /** Positive climbing. */
  verticalRateMs: number | null;
  /** Trimmed, upper case; null when blank. */
  callsign: string | null;
  /** 4 octal digits as a string (leading zeros kept); null when absent or not a Mode A code. */
  squawk: string | null;
  /** When the receivers last heard the aircraft (UTC epoch ms), where the file says so. */
  lastContact: number | null;
  /** Country of registration, where the file says so (Overfly JSONL only). */
  originCountry: string | null;
  /** 1-based line (text formats) or row (JSON formats) in the source, for error reports. */
  line: number;
}

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

export type RowResult = { ok: true; position: TrajectoryPosition } | RowRejection;
