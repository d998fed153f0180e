import { CsvError, type InfoRecord, parse } from 'csv-parse/sync';
import { ChargesError } from './errors.js';

/** One data row of a CSV table, with its 1-based line number for error messages. */
export interface CsvRow {
  line: number;
  get(column: string): string;
}

/** One record as csv-parse read it, with the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

type LineCounts = Pick<InfoRecord, 'lines' | 'comment_lines' | 'empty_lines'>;

/**
 * Every record of a CSV text, read by csv-parse: RFC 4180 quoting (a quoted field may hold
 * commas, "" for a quote, even a line break), LF or CRLF (mixed too), a leading BOM dropped.
 * Blank lines are skipped, and with `comments` so are lines starting with `#` (a `#` later in
 * a line is data: sources quote URLs). Spaces around a field are dropped, spaces inside quotes
 * kept. Rows may differ in length: the caller checks them against its header. A quote left
 * open or misplaced is CHARGES_CSV_MALFORMED, naming the line of the record it is in.
 */
export function readCsvRecords(
  text: string,
  path: string,
  options: { comments: boolean },
): CsvRecord[] {
  const records: CsvRecord[] = [];
  // csv-parse counts the lines read so far; a record starts after the previous one and the
  // comment and blank lines skipped since, so a record spread over lines is named by its first.
  let previous: LineCounts = { lines: 0, comment_lines: 0, empty_lines: 0 };
  const firstLine = (now: LineCounts) =>
    previous.lines +
    1 +
    (now.comment_lines - previous.comment_lines) +
    (now.empty_lines - previous.empty_lines);
  try {
    parse(text, {
      bom: true,
      comment: options.comments ? '#' : null,
      comment_no_infix: true,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      skip_empty_lines: true,
      // Spaces around a field are not part of it, so ` "a, b" ` is one quoted field.
      trim: true,
      on_record: (fields: string[], info) => {
        const line = firstLine(info);
        previous = info;
        // A line of spaces or tabs (one empty field once trimmed) is blank too.
        if (fields.length > 1 || fields[0] !== '') records.push({ line, fields });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const counts = error as unknown as LineCounts;
    const unclosed = error.code === 'CSV_QUOTE_NOT_CLOSED';
    throw new ChargesError(
      'CHARGES_CSV_MALFORMED',
      unclosed ? 'unterminated quoted field' : error.message,
      {
        cause: error,
        location: { path, line: unclosed ? firstLine(counts) : counts.lines },
      },
    );
  }
  return records;
}

/**
 * Reads a small CSV table: lines starting with `#` are comments (each shipped table explains
 * itself there), blank lines are skipped, the first other line must be exactly `header`, and
 * every row must have as many fields. Values are trimmed.
 */
export function parseCsv(text: string, header: readonly string[], path: string): CsvRow[] {
  const [first, ...records] = readCsvRecords(text, path, { comments: true });
  if (!first)
    throw new ChargesError(
      'CHARGES_CSV_HEADER_INVALID',
      `expected '${header.join(',')}', found none`,
      {
        location: { path },
      },
    );
  if (first.fields.join(',') !== header.join(','))
    throw new ChargesError('CHARGES_CSV_HEADER_INVALID', `expected '${header.join(',')}'`, {
      location: { path, line: first.line },
    });
  return records.map(({ line, fields }) => {
    if (fields.length !== header.length)
      throw new ChargesError(
        'CHARGES_CSV_MALFORMED',
        `${fields.length} fields where the header has ${header.length}`,
        { location: { path, line } },
      );
    const values = new Map(header.map((h, k) => [h, (fields[k] ?? '').trim()]));
    return { line, get: (column: string) => values.get(column) ?? '' };
  });
}

/** Every shipped row must say where its figure comes from. */
export function requireSource(row: CsvRow, path: string): string {
  const source = row.get('source');
  if (source === '')
    throw new ChargesError('CHARGES_SOURCE_MISSING', undefined, {
      location: { path, line: row.line },
    });
  return source;
}
