import { splitCsvLine } from '../csv.js';
import { TrajectoryError } from '../errors.js';
import { csvNumber } from '../normalise.js';
import { numberedLines } from '../source.js';
import { reject } from '../validate.js';
import type { ParsedRow } from './parsed.js';

export type Cells = (name: string) => string | undefined;

/** Thrown by a row builder for a cell that is not what its column holds. */
export class BadCell extends Error {}

export function numberCell(cells: Cells, name: string): number | null {
  const value = csvNumber(cells(name));
  if (value === undefined)
    throw new BadCell(`${name} ${JSON.stringify(cells(name))} is not a number`);
  return value;
}

export interface CsvLayout {
  /** The header row as lower-case names, or null when the file has none (fixed columns). */
  header: readonly string[] | null;
  columns: readonly string[];
}

/**
 * Walks a CSV file's data rows as named cells. `layoutOf(firstLine)` decides whether the
 * first line is a header; a row with another number of fields than the header is reported.
 */
export async function* csvRows(
  path: string,
  layoutOf: (first: string[]) => CsvLayout,
  build: (cells: Cells, line: number, raw: string) => ParsedRow['result'],
): AsyncGenerator<ParsedRow> {
  let layout: CsvLayout | undefined;
  let positions = new Map<string, number>();
  for await (const { line, text } of numberedLines(path)) {
    if (text.trim() === '') continue;
    const fields = splitCsvLine(text);
    if (layout === undefined) {
      if (fields === null) throw new TrajectoryError('FILE_UNPARSEABLE', `${path}: bad first line`);
      layout = layoutOf(fields);
      positions = new Map(layout.columns.map((name, i) => [name, i]));
      if (layout.header !== null) continue;
    }
    if (fields === null) {
      yield { raw: text, result: reject(line, text, 'UNPARSEABLE', 'unclosed quote') };
      continue;
    }
    if (fields.length !== layout.columns.length) {
      const message = `${fields.length} fields, expected ${layout.columns.length}`;
      yield { raw: text, result: reject(line, text, 'UNPARSEABLE', message) };
      continue;
    }
    const cells: Cells = (name) => {
      const i = positions.get(name);
      return i === undefined ? undefined : fields[i];
    };
    try {
      yield { raw: text, result: build(cells, line, text) };
    } catch (error) {
      if (!(error instanceof BadCell)) throw error;
      yield { raw: text, result: reject(line, text, 'UNPARSEABLE', error.message) };
    }
  }
}

/** The header's names, lower case and trimmed, checked for the columns a format needs. */
export function headerLayout(
  path: string,
  first: string[],
  required: readonly string[],
): CsvLayout {
  const columns = first.map((name) => name.trim().toLowerCase());
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new TrajectoryError('FILE_UNPARSEABLE', `${path}: header lacks ${missing.join(', ')}`);
  }
  return { header: columns, columns };
}
