import type { LiveAircraft } from './live-types.js';

/**
 * A snapshot or delta as columns: what the parse worker sends the page, its typed arrays
 * transferred (not copied), so applying 10,000 aircraft costs the drawing thread no JSON.
 * A missing number is NaN; icao24 travels as its 24-bit integer.
 */
export interface Columns {
  kind: 'snapshot' | 'delta';
  /** The server's clock at the tick, epoch ms. */
  t: number;
  count: number;
  icao: Uint32Array;
  lat: Float64Array;
  lon: Float64Array;
  alt: Float32Array;
  speed: Float32Array;
  track: Float32Array;
  vRate: Float32Array;
  /** 1 on the ground, 0 airborne, -1 not said. */
  ground: Int8Array;
  positionTime: Float64Array;
  /**
   * Callsigns packed as ASCII, 8 characters in two words per aircraft (ICAO callsigns are at
   * most 7, OpenSky pads to 8; 0 words: none): the page compares numbers and makes a string
   * only for a callsign it has not seen on that aircraft, so a delta allocates nothing.
   */
  callsign: Uint32Array;
  /** Squawk as its 4-digit number (7700), -1 for none. */
  squawk: Int16Array;
  /** icao24 integers of the aircraft removed (delta). */
  removed: Uint32Array;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? Number.NaN : v);

export const icaoOf = (hex: string): number => Number.parseInt(hex, 16);
export const hexOf = (icao: number): string => icao.toString(16).padStart(6, '0');

/** Records (and removed ids) as columns. */
export function toColumns(
  kind: Columns['kind'],
  t: number,
  records: readonly LiveAircraft[],
  removed: readonly string[] = [],
): Columns {
  const n = records.length;
  const c: Columns = {
    kind,
    t,
    count: n,
    icao: new Uint32Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    alt: new Float32Array(n),
    speed: new Float32Array(n),
    track: new Float32Array(n),
    vRate: new Float32Array(n),
    ground: new Int8Array(n),
    positionTime: new Float64Array(n),
    callsign: new Uint32Array(n * 2),
    squawk: new Int16Array(n),
    removed: Uint32Array.from(removed, icaoOf),
  };
  for (let i = 0; i < n; i++) {
    const r = records[i] as LiveAircraft;
    c.icao[i] = icaoOf(r.icao24);
    c.lat[i] = r.lat;
    c.lon[i] = r.lon;
    c.alt[i] = num(r.alt);
    c.speed[i] = num(r.speed);
    c.track[i] = num(r.track);
    c.vRate[i] = num(r.vRate);
    c.ground[i] = r.onGround === null ? -1 : r.onGround ? 1 : 0;
    c.positionTime[i] = r.positionTime;
    packCallsign(r.callsign?.trim() ?? '', c.callsign, i * 2);
    c.squawk[i] = r.squawk !== null && /^\d{1,4}$/.test(r.squawk) ? Number(r.squawk) : -1;
  }
  return c;
}

/** Writes up to 8 ASCII characters of `text` into words `at` and `at + 1`. */
export function packCallsign(text: string, into: Uint32Array, at: number): void {
  let a = 0;
  let b = 0;
  for (let k = 0; k < Math.min(8, text.length); k++) {
    const code = text.charCodeAt(k) & 0x7f;
    if (k < 4) a |= code << (8 * k);
    else b |= code << (8 * (k - 4));
  }
  into[at] = a >>> 0;
  into[at + 1] = b >>> 0;
}

/** The callsign in words `a`, `b`, or null for none. */
export function unpackCallsign(a: number, b: number): string | null {
  if (a === 0 && b === 0) return null;
  let text = '';
  for (const word of [a, b])
    for (let k = 0; k < 4; k++) {
      const code = (word >>> (8 * k)) & 0x7f;
      if (code === 0) return text;
      text += String.fromCharCode(code);
    }
  return text;
}

export const squawkText = (code: number): string | null =>
  code < 0 ? null : String(code).padStart(4, '0');

/** The buffers a worker hands over with the columns. */
export const transferables = (c: Columns): ArrayBuffer[] =>
  [
    c.icao,
    c.lat,
    c.lon,
    c.alt,
    c.speed,
    c.track,
    c.vRate,
    c.ground,
    c.positionTime,
    c.callsign,
    c.squawk,
    c.removed,
  ].map((a) => a.buffer as ArrayBuffer);
