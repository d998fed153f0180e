import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { TrajectoryError } from './errors.js';
import { headText } from './source.js';
import { type TrajectoryFormat, trajectoryFormats } from './types.js';

/** A `--format` value → format, or TRAJECTORIES_UNKNOWN_FORMAT naming the ones there are. */
export function parseFormat(name: string): TrajectoryFormat {
  const found = trajectoryFormats.find((format) => format === name.trim().toLowerCase());
  if (!found) {
    throw new TrajectoryError(
      'TRAJECTORIES_UNKNOWN_FORMAT',
      `"${name}" (known: ${trajectoryFormats.join(', ')})`,
    );
  }
  return found;
}

/**
 * Decides a file's format from its first 64 KB of (decompressed) content, with the
 * extension breaking the one tie content cannot (a one-line JSONL vs a JSON object).
 */
export async function detectFormat(path: string): Promise<TrajectoryFormat> {
  const head = await headText(path);
  const found = sniff(head, extensionOf(path));
  if (!found)
    throw new TrajectoryError('TRAJECTORIES_UNKNOWN_FORMAT', `${path}: content not recognised`);
  return found;
}

function extensionOf(path: string): string {
  const bare = path.toLowerCase().endsWith('.gz') ? path.slice(0, -3) : path;
  return extname(bare).toLowerCase();
}

export function sniff(head: string, extension = ''): TrajectoryFormat | null {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return 'traffic-json';
  if (text.startsWith('{')) return sniffObject(text, extension);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return sniffCsv(firstRecord(firstLine));
}

/** The first line as CSV fields, or null when it is not CSV (an unclosed quote). */
function firstRecord(line: string): string[] | null {
  try {
    const [record] = parse(line, { relax_quotes: true, relax_column_count: true }) as string[][];
    return record ?? null;
  } catch {
    return null;
  }
}

function sniffObject(text: string, extension: string): TrajectoryFormat | null {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  try {
    const value: unknown = JSON.parse(firstLine);
    if (typeof value === 'object' && value !== null && 'v' in value) return 'overfly-jsonl';
  } catch {
    // Not one object per line: a large single JSON document, checked below.
  }
  if (extension === '.jsonl' || extension === '.ndjson') return 'overfly-jsonl';
  // pandas orient=columns: {"column": {"row": value, …}, …}
  return /^\{\s*"[^"]*"\s*:\s*\{/.test(text) ? 'traffic-json' : null;
}

const HEX6 = /^[0-9a-fA-F]{6}$/;

function sniffCsv(fields: string[] | null): TrajectoryFormat | null {
  if (fields === null || fields.length < 4) return null;
  const names = fields.map((field) => field.trim().toLowerCase());
  if (names.includes('lastcontact') || (names[0] === 'time' && names.includes('lat'))) {
    return 'opensky-csv';
  }
  if (['timestamp', 'icao24', 'latitude', 'longitude'].every((name) => names.includes(name))) {
    return 'openap-csv';
  }
  // The states dumps also come without a header: 16 fields, epoch seconds, then icao24.
  const [time, icao24] = names;
  if (names.length === 16 && /^\d+(\.\d+)?$/.test(time ?? '') && HEX6.test(icao24 ?? '')) {
    return 'opensky-csv';
  }
  return null;
}
