/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; a text
 * starting with = + - @ (a formula to a spreadsheet) is prefixed with an apostrophe.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvRow = (fields: ReadonlyArray<string | number | null>) =>
  `${fields.map(csvField).join(',')}\r\n`;
