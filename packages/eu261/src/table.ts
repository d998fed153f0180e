import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { Eu261Error, type Eu261ErrorCode } from './errors.js';

/**
 * The rows of one of the package's CSV tables (data/eu261/*.csv: `#` comment header with the
 * sources, then a header row), each a record by column name. A file that cannot be read or
 * parsed throws `code` naming the file.
 */
export function readTable(
  path: string | URL,
  code: Eu261ErrorCode,
): { where: string; records: Record<string, string>[] } {
  const where = typeof path === 'string' ? path : path.pathname;
  try {
    const records: Record<string, string>[] = parse(readFileSync(path, 'utf8'), {
      bom: true,
      columns: true,
      comment: '#',
      skip_empty_lines: true,
      trim: true,
    });
    return { where, records };
  } catch (error) {
    const detail = error instanceof CsvError || error instanceof Error ? error.message : '';
    throw new Eu261Error(code, `${where}: ${detail}`, { cause: error });
  }
}
