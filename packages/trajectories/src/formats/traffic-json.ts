import { TrajectoryError } from '../errors.js';
import { jsonArrayElements } from '../json-array-stream.js';
import { jsonNumber, normaliseCallsign, normaliseSquawk, parseIsoTime } from '../normalise.js';
import { headText, textChunks } from '../source.js';
import type { PositionStamp } from '../types.js';
import { feetPerMinuteToMs, feetToMetres, knotsToMs } from '../units.js';
import { type DraftRow, reject, validateDraft } from '../validate.js';
import { clip, isRecord, type ParsedRow } from './parsed.js';

/**
 * JSON written by pandas for the `traffic` library: a list of records (`orient=records`)
 * or `{column: {rowIndex: value}}` (`orient=columns`). traffic's units: timestamp and
 * last_position epoch ms (or ISO text), altitude and geoaltitude ft, groundspeed kt,
 * vertical_rate ft/min.
 */
export async function* readTrafficJson(
  path: string,
  stamp: PositionStamp,
): AsyncGenerator<ParsedRow> {
  const head = (await headText(path, 4096)).trimStart();
  if (head.startsWith('{')) yield* readColumns(path, stamp);
  else yield* readRecords(path, stamp);
}

async function* readRecords(path: string, stamp: PositionStamp): AsyncGenerator<ParsedRow> {
  let row = 0;
  try {
    for await (const element of jsonArrayElements(textChunks(path))) {
      row += 1;
      const raw = clip(element.text);
      if (!element.complete) {
        yield { raw, result: reject(row, raw, 'UNPARSEABLE', 'the file ends inside the array') };
        return;
      }
      yield { raw, result: fromText(element.text, row, raw, stamp) };
    }
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new TrajectoryError('TRAJECTORIES_FILE_UNPARSEABLE', `${path}: ${error.message}`, {
      cause: error,
    });
  }
}

function fromText(text: string, row: number, raw: string, stamp: PositionStamp) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reject(row, raw, 'UNPARSEABLE', `not JSON: ${(error as Error).message}`);
  }
  return fromRecord(value, row, raw, stamp);
}

/**
 * The columns layout keeps each column contiguous, so no row is complete before the
 * last column is read: this one layout is parsed whole (the samples are 1.5 MB).
 */
async function* readColumns(path: string, stamp: PositionStamp): AsyncGenerator<ParsedRow> {
  let text = '';
  for await (const chunk of textChunks(path)) text += chunk;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TrajectoryError(
      'TRAJECTORIES_FILE_UNPARSEABLE',
      `${path}: ${(error as Error).message}`,
    );
  }
  text = '';
  if (!isRecord(document))
    throw new TrajectoryError('TRAJECTORIES_FILE_UNPARSEABLE', `${path}: not an object`);
  const columns = Object.entries(document).filter(
    (entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]),
  );
  if (columns.length !== Object.keys(document).length) {
    throw new TrajectoryError(
      'TRAJECTORIES_FILE_UNPARSEABLE',
      `${path}: not {column: {row: value}}`,
    );
  }
  const index = rowIndex(columns.map(([, values]) => values));
  let row = 0;
  for (const key of index) {
    row += 1;
    const record: Record<string, unknown> = {};
    for (const [name, values] of columns) record[name] = values[key] ?? null;
    const raw = JSON.stringify(record);
    yield { raw, result: fromRecord(record, row, raw, stamp) };
  }
}

/** Row labels in pandas order: numeric labels sorted as numbers (object keys are not). */
function rowIndex(columns: ReadonlyArray<Record<string, unknown>>): string[] {
  const keys = new Set<string>();
  for (const values of columns) for (const key of Object.keys(values)) keys.add(key);
  const list = [...keys];
  return list.every((key) => /^-?\d+$/.test(key))
    ? list.sort((a, b) => Number(a) - Number(b))
    : list;
}

const NUMERIC = [
  'latitude',
  'longitude',
  'altitude',
  'geoaltitude',
  'groundspeed',
  'track',
  'vertical_rate',
] as const;

function fromRecord(value: unknown, row: number, raw: string, stamp: PositionStamp) {
  if (!isRecord(value)) return reject(row, raw, 'UNPARSEABLE', 'a row is not a JSON object');
  const n: Partial<Record<(typeof NUMERIC)[number], number | null>> = {};
  for (const name of NUMERIC) {
    const parsed = jsonNumber(value[name]);
    if (parsed === undefined) {
      return reject(
        row,
        raw,
        'UNPARSEABLE',
        `${name} ${JSON.stringify(value[name])} is not a number`,
      );
    }
    n[name] = parsed;
  }
  const onGround = value.onground;
  const draft: DraftRow = {
    icao24: value.icao24,
    // traffic's `timestamp` is when the row was sampled; `last_position` (where the file
    // has it) is when the position itself was received. A row repeats a stale position
    // until a new one arrives, so the position is timed by `last_position`, and the
    // sample time is when the aircraft was last heard.
    positionTime: trafficTime(value.last_position) ?? trafficTime(value.timestamp),
    latitude: n.latitude ?? null,
    longitude: n.longitude ?? null,
    baroAltitudeM: feetToMetres(n.altitude ?? null),
    geoAltitudeM: feetToMetres(n.geoaltitude ?? null),
    onGround: typeof onGround === 'boolean' ? onGround : null,
    velocityMs: knotsToMs(n.groundspeed ?? null),
    trackDeg: n.track ?? null,
    verticalRateMs: feetPerMinuteToMs(n.vertical_rate ?? null),
    callsign: normaliseCallsign(value.callsign),
    squawk: normaliseSquawk(value.squawk),
    lastContact: value.last_position === undefined ? null : trafficTime(value.timestamp),
    originCountry: null,
  };
  return validateDraft(draft, row, raw, stamp);
}

function trafficTime(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseIsoTime(value);
  return null;
}
