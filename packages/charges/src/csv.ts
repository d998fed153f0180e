import { splitCsvLine } from '@overfly/csv';
import { ChargesError } from './errors.js';

/** One data row of a CSV table, with its 1-based line number for error messages. */
export interface CsvRow {
  line: number;
  get(column: string): string;
}

/**
 * Reads a small CSV table: lines starting with `#` are comments (each shipped table explains
 * itself there), blank lines are skipped, the first other line must be exactly `header`, and
 * every row must have as many fields. RFC 4180 quoting ("a, b", "" for a quote) within a line.
 */
export function parseCsv(text: string, header: readonly string[], path: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let seenHeader = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const fields = splitLine(raw, path, line);
    if (!seenHeader) {
      if (fields.join(',') !== header.join(','))
        throw new ChargesError('CSV_HEADER_INVALID', `expected '${header.join(',')}'`, {
          location: { path, line },
        });
      seenHeader = true;
      return;
    }
    if (fields.length !== header.length)
      throw new ChargesError(
        'CSV_MALFORMED',
        `${fields.length} fields where the header has ${header.length}`,
        { location: { path, line } },
      );
    const values = new Map(header.map((h, k) => [h, (fields[k] ?? '').trim()]));
    rows.push({ line, get: (column) => values.get(column) ?? '' });
  });
  if (!seenHeader)
    throw new ChargesError('CSV_HEADER_INVALID', `expected '${header.join(',')}', found none`, {
      location: { path },
    });
  return rows;
}

function splitLine(text: string, path: string, line: number): string[] {
  const { fields, unterminated } = splitCsvLine(text);
  if (unterminated)
    throw new ChargesError('CSV_MALFORMED', 'unterminated quoted field', {
      location: { path, line },
    });
  return fields;
}

/** Every shipped row must say where its figure comes from. */
export function requireSource(row: CsvRow, path: string): string {
  const source = row.get('source');
  if (source === '')
    throw new ChargesError('SOURCE_MISSING', undefined, { location: { path, line: row.line } });
  return source;
}
