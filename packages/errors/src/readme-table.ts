import type { ErrorCatalogue } from './define.js';

type Row = { readonly code: string; readonly cells: readonly string[] };

const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

/**
 * What a README's error table gets wrong about its catalogue, one sentence each; empty when
 * they agree. The table sits under `heading` (up to the next `## `), has a header row with
 * `code`, `retriable` and `meaning` columns (and optionally `HTTP`), and one row per code:
 * every declared code listed once, no other, with its flag as `yes`/`no`, its HTTP status
 * where the table has that column, and a meaning. An empty catalogue needs the section but
 * no table. Returned rather than asserted, so this package needs no test runner and a
 * failing test prints every problem at once.
 */
export function errorTableProblems(
  readme: string,
  catalogue: ErrorCatalogue,
  heading = '## Error codes',
): string[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return [`no "${heading}" section`];
  const end = lines.findIndex((line, i) => i > start && /^#{1,2} /.test(line));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const header = section.map(cellsOf).find((cells) => cells[0]?.toLowerCase() === 'code');
  // An owner that raises nothing of its own says so in prose; a table would be empty.
  if (!header && catalogue.entries.length === 0) return [];
  if (!header) return [`"${heading}" has no table with a "code" column`];
  const column = (name: string) => header.findIndex((cell) => cell.toLowerCase() === name);
  const retriable = column('retriable');
  const meaning = column('meaning');
  const http = column('http');
  const problems: string[] = [];
  if (retriable < 0) problems.push('the table has no "retriable" column');
  if (meaning < 0) problems.push('the table has no "meaning" column');

  const rows: Row[] = section.flatMap((line) => {
    const cells = cellsOf(line);
    const code = /^`([A-Z0-9_]+)`$/.exec(cells[0] ?? '')?.[1];
    return line.trim().startsWith('|') && code ? [{ code, cells }] : [];
  });
  const declared = new Map<string, { retriable: boolean; httpStatus?: number }>(
    catalogue.entries.map((entry) => [entry.code, entry]),
  );
  const seen = new Set<string>();
  for (const { code, cells } of rows) {
    if (seen.has(code)) problems.push(`${code} is listed twice`);
    seen.add(code);
    const entry = declared.get(code);
    if (!entry) {
      problems.push(`${code} is listed but ${catalogue.prefix} does not declare it`);
      continue;
    }
    const flag = entry.retriable ? 'yes' : 'no';
    if (retriable >= 0 && cells[retriable] !== flag)
      problems.push(`${code}: retriable is "${cells[retriable] ?? ''}", declared "${flag}"`);
    const status = entry.httpStatus === undefined ? '' : String(entry.httpStatus);
    if (http >= 0 && cells[http] !== status)
      problems.push(`${code}: HTTP is "${cells[http] ?? ''}", declared "${status}"`);
    if (meaning >= 0 && !cells[meaning]) problems.push(`${code} has no meaning`);
  }
  for (const code of declared.keys())
    if (!seen.has(code)) problems.push(`${code} is declared but not listed`);
  return problems;
}
