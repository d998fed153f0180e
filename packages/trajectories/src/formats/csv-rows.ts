import { type CsvError, parse } from 'csv-parse';
import { TrajectoryError } from '../errors.js';
import { csvNumber } from '../normalise.js';
import { openText } from '../source.js';
import type { PositionStamp, RowResult } from '../types.js';
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

export type RowBuilder = (
  cells: Cells,
  line: number,
  raw: string,
  stamp: PositionStamp,
) => RowResult;

/** The record's source text without the line break(s) csv-parse keeps around it. */
const trimBreaks = (raw: string) => raw.replace(/^[\r\n]+|[\r\n]+$/g, '');

/**
 * Walks a CSV file's data rows as named cells, parsed by csv-parse (RFC 4180 quoting, a
 * BOM, CRLF or LF). `layoutOf(firstRecord)` decides whether the first record is a header;
 * a row with another number of fields than the header, or a quote that never closes, is
 * reported with its line, and the walk goes on.
 */
export async function* csvRows(
  path: string,
  stamp: PositionStamp,
  layoutOf: (first: string[]) => CsvLayout,
  build: RowBuilder,
): AsyncGenerator<ParsedRow> {
  const skipped: ParsedRow[] = [];
  const parser = parse({
    bom: true,
    record_delimiter: ['\r\n', '\n'],
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    info: true,
    raw: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const text = trimBreaks(raw ?? '');
      const lines = (error as { lines?: number } | undefined)?.lines ?? 0;
      const line = Math.max(1, lines - (text.match(/\n/g)?.length ?? 0));
      const message = error?.message ?? 'unparseable CSV';
      skipped.push({ raw: text, result: reject(line, text, 'UNPARSEABLE', message) });
      return undefined;
    },
  });
  const source = await openText(path);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let layout: CsvLayout | undefined;
  let positions = new Map<string, number>();
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
      raw: string;
    }>) {
      const line = info.lines;
      while (skipped[0] && skipped[0].result.line < line) yield skipped.shift() as ParsedRow;
      const text = trimBreaks(raw);
      if (layout === undefined) {
        layout = layoutOf(record);
        positions = new Map(layout.columns.map((name, i) => [name, i]));
        if (layout.header !== null) continue;
      }
      if (record.length !== layout.columns.length) {
        const message = `${record.length} fields, expected ${layout.columns.length}`;
        yield { raw: text, result: reject(line, text, 'UNPARSEABLE', message) };
        continue;
      }
      const cells: Cells = (name) => {
        const i = positions.get(name);
        return i === undefined ? undefined : record[i];
      };
      try {
        yield { raw: text, result: build(cells, line, text, stamp) };
      } catch (error) {
        if (!(error instanceof BadCell)) throw error;
        yield { raw: text, result: reject(line, text, 'UNPARSEABLE', error.message) };
      }
    }
  } catch (error) {
    if (error instanceof TrajectoryError) throw error;
    throw new TrajectoryError('TRAJECTORIES_FILE_UNREADABLE', `${path}: ${String(error)}`, {
      cause: error,
    });
  } finally {
    source.destroy();
  }
  yield* skipped;
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
    throw new TrajectoryError(
      'TRAJECTORIES_FILE_UNPARSEABLE',
      `${path}: header lacks ${missing.join(', ')}`,
    );
  }
  return { header: columns, columns };
}
