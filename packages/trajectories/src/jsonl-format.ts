/**
 * The JSONL flight-producer records (README: "Overfly JSONL"): one JSON object per line,
 * a PositionUpdate's fields in SI units plus `v`, the format version. Reader and writer
 * live here together so they cannot drift apart.
 */
import type { PositionUpdate } from '@overfly/schemas';

export const JSONL_VERSION = 1;

/**
 * Version 1 is a flights.updates record (the generated PositionUpdate: SI units, epoch ms,
 * onGround null when the source did not say) plus `v`. `source` stays a plain string on
 * disk so a file written by a newer producer with a new source symbol still reads.
 */
export type JsonlPositionV1 = { v: typeof JSONL_VERSION } & Omit<PositionUpdate, 'source'> & {
    source: string;
  };

/** One line of the file, '\n' included. */
export function toJsonlLine(position: Omit<JsonlPositionV1, 'v'>): string {
  const record: JsonlPositionV1 = { v: JSONL_VERSION, ...position };
  return `${JSON.stringify(record)}\n`;
}
