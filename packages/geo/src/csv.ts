import { splitCsvLine } from '@overfly/csv';

/** Splits one CSV line (RFC 4180 quoting: "a, b" and "" for a quote); an open quote runs to the end. */
export function parseCsvLine(line: string): string[] {
  return splitCsvLine(line).fields;
}
