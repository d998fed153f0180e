import { csvBoolean, normaliseCallsign, normaliseSquawk, parseIsoTime } from '../normalise.js';
import type { PositionStamp } from '../types.js';
import { feetPerMinuteToMs, feetToMetres, knotsToMs } from '../units.js';
import { validateDraft } from '../validate.js';
import { BadCell, type Cells, csvRows, headerLayout, numberCell } from './csv-rows.js';
import type { ParsedRow } from './parsed.js';

/**
 * CSV written from a traffic/pandas frame, as in openap's examples: a header, ISO 8601
 * timestamps, altitude ft, groundspeed kt, vertical_rate ft/min (traffic's units).
 */
export function readOpenapCsv(path: string, stamp: PositionStamp): AsyncGenerator<ParsedRow> {
  return csvRows(
    path,
    stamp,
    (first) => headerLayout(path, first, ['timestamp', 'icao24', 'latitude', 'longitude']),
    fromCells,
  );
}

// Below 1e11 a number can only be seconds (1e11 s is the year 5138; 1e11 ms is 1973).
const SECONDS_BELOW = 1e11;

function time(cell: string | undefined): number | null {
  const text = cell?.trim() ?? '';
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const value = Number(text);
    return value < SECONDS_BELOW ? Math.round(value * 1000) : value;
  }
  return parseIsoTime(text);
}

function fromCells(cells: Cells, line: number, raw: string, stamp: PositionStamp) {
  const onGround = csvBoolean(cells('onground'));
  if (onGround === undefined) throw new BadCell(`onground ${JSON.stringify(cells('onground'))}`);
  return validateDraft(
    {
      icao24: cells('icao24'),
      positionTime: time(cells('timestamp')),
      latitude: numberCell(cells, 'latitude'),
      longitude: numberCell(cells, 'longitude'),
      baroAltitudeM: feetToMetres(numberCell(cells, 'altitude')),
      geoAltitudeM: feetToMetres(numberCell(cells, 'geoaltitude')),
      onGround,
      velocityMs: knotsToMs(numberCell(cells, 'groundspeed')),
      trackDeg: numberCell(cells, 'track'),
      verticalRateMs: feetPerMinuteToMs(numberCell(cells, 'vertical_rate')),
      callsign: normaliseCallsign(cells('callsign')),
      squawk: normaliseSquawk(cells('squawk')),
      lastContact: null,
      originCountry: null,
    },
    line,
    raw,
    stamp,
  );
}
