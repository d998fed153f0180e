import { Encoder } from '@msgpack/msgpack';
import type { AircraftEntry } from './aircraft-table.js';
import { altitudeOf, type FieldError } from './filters.js';

export type LiveFormat = 'json' | 'msgpack';

/** One aircraft as sent: short names, rounded to what a map can show. */
export interface LiveAircraft {
  icao24: string;
  callsign: string | null;
  /** Degrees, 5 decimals (about a metre). */
  lat: number;
  lon: number;
  /** Metres, barometric (geometric when baro is missing), whole metres. */
  alt: number | null;
  onGround: boolean | null;
  /** Ground speed, m/s, 1 decimal. */
  speed: number | null;
  /** True track, degrees, 1 decimal. */
  track: number | null;
  /** Vertical rate, m/s, 1 decimal. */
  vRate: number | null;
  squawk: string | null;
  /** Time of the position fix, epoch ms. */
  positionTime: number;
}

/** An encoded message: sent as a text frame (JSON) or a binary frame (MessagePack). */
export interface Frame {
  data: Buffer;
  binary: boolean;
}

// One encoder, whose encode() returns an exact-size copy: `encode()` of the library would
// keep a 2 KiB buffer alive behind every cached record.
const encoder = new Encoder();
const msgpack = (value: unknown): Uint8Array => encoder.encode(value);

const round = (value: number | null, decimals: number): number | null => {
  if (value === null) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

export function liveAircraftOf(entry: AircraftEntry): LiveAircraft {
  const s = entry.state;
  return {
    icao24: s.icao24,
    callsign: s.callsign,
    lat: round(s.latitude, 5) as number,
    lon: round(s.longitude, 5) as number,
    alt: round(altitudeOf(entry), 0),
    onGround: s.onGround,
    speed: round(s.velocityMs, 1),
    track: round(s.trackDeg, 1),
    vRate: round(s.verticalRateMs, 1),
    squawk: s.squawk,
    positionTime: s.positionTime,
  };
}

// Each aircraft is encoded once per change and the messages are assembled from those
// pieces: a group's message costs a join, not a serialisation of every record again.
const jsonOf = (entry: AircraftEntry): string => {
  entry.json ??= JSON.stringify(liveAircraftOf(entry));
  return entry.json;
};
const msgpackOf = (entry: AircraftEntry): Uint8Array => {
  entry.msgpack ??= msgpack(liveAircraftOf(entry));
  return entry.msgpack;
};

/** A MessagePack array header for `length` elements (the elements follow it). */
function arrayHeader(length: number): Uint8Array {
  if (length < 16) return Uint8Array.of(0x90 | length);
  if (length < 0x10000) return Uint8Array.of(0xdc, length >> 8, length & 0xff);
  const h = new Uint8Array(5);
  h[0] = 0xdd;
  new DataView(h.buffer).setUint32(1, length);
  return h;
}

/** A map whose values are given pre-encoded (MessagePack maps are key, value, key, value…). */
function msgpackMap(fields: Array<[string, Uint8Array[]]>): Buffer {
  const parts: Uint8Array[] = [Uint8Array.of(0x80 | fields.length)];
  for (const [key, value] of fields) parts.push(msgpack(key), ...value);
  return Buffer.concat(parts);
}

const packedArray = (entries: readonly AircraftEntry[]): Uint8Array[] => [
  arrayHeader(entries.length),
  ...entries.map(msgpackOf),
];

const jsonArray = (entries: readonly AircraftEntry[]): string =>
  `[${entries.map(jsonOf).join(',')}]`;

export function encodeSnapshot(
  format: LiveFormat,
  t: number,
  aircraft: readonly AircraftEntry[],
): Frame {
  if (format === 'json') {
    return {
      data: Buffer.from(`{"type":"snapshot","t":${t},"aircraft":${jsonArray(aircraft)}}`),
      binary: false,
    };
  }
  return {
    data: msgpackMap([
      ['type', [msgpack('snapshot')]],
      ['t', [msgpack(t)]],
      ['aircraft', packedArray(aircraft)],
    ]),
    binary: true,
  };
}

export function encodeDelta(
  format: LiveFormat,
  t: number,
  changed: readonly AircraftEntry[],
  removed: readonly string[],
): Frame {
  if (format === 'json') {
    return {
      data: Buffer.from(
        `{"type":"delta","t":${t},"changed":${jsonArray(changed)},"removed":${JSON.stringify(removed)}}`,
      ),
      binary: false,
    };
  }
  return {
    data: msgpackMap([
      ['type', [msgpack('delta')]],
      ['t', [msgpack(t)]],
      ['changed', packedArray(changed)],
      ['removed', [msgpack(removed)]],
    ]),
    binary: true,
  };
}

/** The answer to a filter message the server refused; the previous filter stays. */
export function encodeError(format: LiveFormat, title: string, errors: FieldError[]): Frame {
  const message = { type: 'error', status: 400, title, errors };
  return format === 'json'
    ? { data: Buffer.from(JSON.stringify(message)), binary: false }
    : { data: Buffer.from(msgpack(message)), binary: true };
}
