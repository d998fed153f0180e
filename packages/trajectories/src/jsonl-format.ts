/**
 * The JSONL flight-producer records (README: "Overfly JSONL"): one JSON object per line,
 * a PositionUpdate's fields in SI units plus `v`, the format version. Reader and writer
 * live here together so they cannot drift apart.
 */
export const JSONL_VERSION = 1;

export interface JsonlPositionV1 {
  v: typeof JSONL_VERSION;
  icao24: string;
  callsign: string | null;
  originCountry: string | null;
  /** UTC epoch ms of the fix. */
  positionTime: number;
  lastContact: number;
  latitude: number;
  longitude: number;
  baroAltitudeM: number | null;
  geoAltitudeM: number | null;
  /** null: the source did not say. */
  onGround: boolean | null;
  velocityMs: number | null;
  trackDeg: number | null;
  verticalRateMs: number | null;
  squawk: string | null;
  /** Where it came from (OPENSKY_LIVE for recordings). */
  source: string;
  receivedAt: number;
}

/** One line of the file, '\n' included. */
export function toJsonlLine(position: Omit<JsonlPositionV1, 'v'>): string {
  const record: JsonlPositionV1 = { v: JSONL_VERSION, ...position };
  return `${JSON.stringify(record)}\n`;
}
