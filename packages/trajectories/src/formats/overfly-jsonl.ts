import { JSONL_VERSION } from '../jsonl-format.js';
import { jsonNumber, normaliseCallsign, normaliseSquawk } from '../normalise.js';
import { numberedLines } from '../source.js';
import type { PositionStamp } from '../types.js';
import { reject, validateDraft } from '../validate.js';
import { isRecord, type ParsedRow } from './parsed.js';

const NUMERIC = [
  'positionTime',
  'lastContact',
  'latitude',
  'longitude',
  'baroAltitudeM',
  'geoAltitudeM',
  'velocityMs',
  'trackDeg',
  'verticalRateMs',
] as const;

/** Overfly JSONL (jsonl-format.ts): already SI, times epoch ms. Blank lines are skipped. */
export async function* readOverflyJsonl(
  path: string,
  stamp: PositionStamp,
): AsyncGenerator<ParsedRow> {
  for await (const { line, text } of numberedLines(path)) {
    if (text.trim() === '') continue;
    yield { raw: text, result: fromLine(text, line, stamp) };
  }
}

function fromLine(raw: string, line: number, stamp: PositionStamp) {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return reject(line, raw, 'UNPARSEABLE', `not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value)) return reject(line, raw, 'UNPARSEABLE', 'a line is not a JSON object');
  if (value.v !== JSONL_VERSION) {
    return reject(
      line,
      raw,
      'UNSUPPORTED_VERSION',
      `v ${JSON.stringify(value.v)}, this reader knows ${JSONL_VERSION}`,
    );
  }
  const n: Partial<Record<(typeof NUMERIC)[number], number | null>> = {};
  for (const name of NUMERIC) {
    const parsed = jsonNumber(value[name]);
    if (parsed === undefined) {
      return reject(
        line,
        raw,
        'UNPARSEABLE',
        `${name} ${JSON.stringify(value[name])} is not a number`,
      );
    }
    n[name] = parsed;
  }
  const onGround = value.onGround;
  const country = value.originCountry;
  return validateDraft(
    {
      icao24: value.icao24,
      positionTime: n.positionTime ?? null,
      latitude: n.latitude ?? null,
      longitude: n.longitude ?? null,
      baroAltitudeM: n.baroAltitudeM ?? null,
      geoAltitudeM: n.geoAltitudeM ?? null,
      onGround: typeof onGround === 'boolean' ? onGround : null,
      velocityMs: n.velocityMs ?? null,
      trackDeg: n.trackDeg ?? null,
      verticalRateMs: n.verticalRateMs ?? null,
      callsign: normaliseCallsign(value.callsign),
      squawk: normaliseSquawk(value.squawk),
      lastContact: n.lastContact ?? null,
      originCountry: typeof country === 'string' && country !== '' ? country : null,
    },
    line,
    raw,
    stamp,
  );
}
