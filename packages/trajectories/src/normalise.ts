/** Field normalisation shared by every format: one place decides what "clean" means. */

const ICAO24 = /^[0-9a-f]{6}$/;

/** Trimmed, lower case; null when it is not 6 hex digits (the row is then rejected). */
export function normaliseIcao24(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  return ICAO24.test(text) ? text : null;
}

/** OpenSky pads callsigns to 8 characters with spaces; blank means "not broadcast". */
export function normaliseCallsign(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().toUpperCase();
  return text === '' ? null : text;
}

const SQUAWK = /^[0-7]{1,4}$/;

/**
 * Mode A codes are 4 octal digits. pandas writes them as floats (4720.0) and drops leading
 * zeros ('0700' → 700.0), so numbers are re-padded; anything else is not a squawk.
 */
export function normaliseSquawk(value: unknown): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim().replace(/\.0+$/, '');
  } else {
    return null;
  }
  return SQUAWK.test(text) ? text.padStart(4, '0') : null;
}

/** A JSON value that must be a number or null; anything else is `undefined` (a bad field). */
export function jsonNumber(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : undefined;
}

/** A CSV cell: '' is null, 'nan' is NaN (pandas' spelling), other non-numbers `undefined`. */
export function csvNumber(cell: string | undefined): number | null | undefined {
  const text = cell?.trim() ?? '';
  if (text === '') return null;
  if (text.toLowerCase() === 'nan') return Number.NaN;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

const TRUE = new Set(['true', '1', 't']);
const FALSE = new Set(['false', '0', 'f']);

/** CSV booleans as OpenSky and pandas write them ('True'/'False', 'true', 1/0). */
export function csvBoolean(cell: string | undefined): boolean | null | undefined {
  const text = cell?.trim().toLowerCase() ?? '';
  if (text === '') return null;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}

const ISO = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO 8601 date-times as pandas writes them ('2018-01-02 19:53:00+00:00'). A time
 * without a zone is taken as UTC, which is what OpenSky-derived data always is.
 */
export function parseIsoTime(text: string): number | null {
  const match = ISO.exec(text.trim());
  if (!match) return null;
  const zone = match[3] ?? 'Z';
  const ms = Date.parse(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(ms) ? null : ms;
}
