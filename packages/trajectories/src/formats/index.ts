import type { PositionStamp, TrajectoryFormat } from '../types.js';
import { readOpenapCsv } from './openap-csv.js';
import { readOpenSkyCsv } from './opensky-csv.js';
import { readOverflyJsonl } from './overfly-jsonl.js';
import type { ParsedRow } from './parsed.js';
import { readTrafficJson } from './traffic-json.js';

const readers: Record<
  TrajectoryFormat,
  (path: string, stamp: PositionStamp) => AsyncGenerator<ParsedRow>
> = {
  'opensky-csv': readOpenSkyCsv,
  'traffic-json': readTrafficJson,
  'openap-csv': readOpenapCsv,
  'overfly-jsonl': readOverflyJsonl,
};

export function readerFor(
  format: TrajectoryFormat,
): (path: string, stamp: PositionStamp) => AsyncGenerator<ParsedRow> {
  return readers[format];
}

export type { ParsedRow } from './parsed.js';
