import { csvBoolean, normaliseCallsign, normaliseSquawk } from '../normalise.js';
import type { PositionStamp } from '../types.js';
import { validateDraft } from '../validate.js';
import { BadCell, type Cells, csvRows, headerLayout, numberCell } from './csv-rows.js';
import type { ParsedRow } from './parsed.js';

/**
 * OpenSky's historical state vectors (the `states_<date>-<hour>.csv` dumps of the
 * states_all table). Already SI: times in epoch seconds, metres, m/s, degrees.
 */
export const OPENSKY_STATES_COLUMNS = [
  'time',
  'icao24',
  'lat',
  'lon',
  'velocity',
  'heading',
  'vertrate',
  'callsign',
  'onground',
  'alert',
  'spi',
  'squawk',
  'baroaltitude',
  'geoaltitude',
  'lastposupdate',
  'lastcontact',
] as const;

const REQUIRED = ['time', 'icao24', 'lat', 'lon'];

export function readOpenSkyCsv(path: string, stamp: PositionStamp): AsyncGenerator<ParsedRow> {
  return csvRows(
    path,
    stamp,
    (first) =>
      first[0]?.trim().toLowerCase() === 'time'
        ? headerLayout(path, first, REQUIRED)
        : { header: null, columns: OPENSKY_STATES_COLUMNS },
    fromCells,
  );
}

function fromCells(cells: Cells, line: number, raw: string, stamp: PositionStamp) {
  const seconds = (name: string) => {
    const value = numberCell(cells, name);
    return value === null ? null : Math.round(value * 1000);
  };
  const onGround = csvBoolean(cells('onground'));
  if (onGround === undefined) throw new BadCell(`onground ${JSON.stringify(cells('onground'))}`);
  return validateDraft(
    {
      icao24: cells('icao24'),
      // The time of the fix, not of the snapshot: a state vector repeats its last position
      // with a newer `time` until the next position message arrives.
      positionTime: seconds('lastposupdate') ?? seconds('time'),
      latitude: numberCell(cells, 'lat'),
      longitude: numberCell(cells, 'lon'),
      baroAltitudeM: numberCell(cells, 'baroaltitude'),
      geoAltitudeM: numberCell(cells, 'geoaltitude'),
      onGround,
      velocityMs: numberCell(cells, 'velocity'),
      trackDeg: numberCell(cells, 'heading'),
      verticalRateMs: numberCell(cells, 'vertrate'),
      callsign: normaliseCallsign(cells('callsign')),
      squawk: normaliseSquawk(cells('squawk')),
      lastContact: seconds('lastcontact'),
      originCountry: null,
    },
    line,
    raw,
    stamp,
  );
}
