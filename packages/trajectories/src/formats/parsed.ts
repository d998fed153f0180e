import type { RowResult } from '../types.js';

/** A row as a format parser hands it over: its result and its source text (for later checks). */
export interface ParsedRow {
  result: RowResult;
  raw: string;
}

// A dead letter carries the raw row; a runaway "row" (a truncated 50 MB record) must not.
const MAX_RAW = 64 * 1024;

export function clip(raw: string): string {
  return raw.length > MAX_RAW ? `${raw.slice(0, MAX_RAW)}…` : raw;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
