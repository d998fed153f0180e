import { decodeCursor } from './cursor.js';
import { badField } from './problem.js';

// What every list route shares: the cursor parameter, the page object it answers with,
// and the dates its from/to filters take.

export const cursorParam = {
  type: 'string',
  maxLength: 200,
  description: "The previous page's page.next",
} as const;

export const pageSchema = {
  type: 'object',
  properties: { limit: { type: 'integer' }, next: { type: ['string', 'null'] } },
  required: ['limit', 'next'],
} as const;

/** The sort key a `cursor` query parameter holds; 400 naming it when it is not one of ours. */
export function afterCursor(cursor: string | undefined): { at: number; id: string } | null {
  if (cursor === undefined) return null;
  const at = decodeCursor(cursor);
  if (!at) throw badField('querystring.cursor', 'is not a cursor this api gave');
  return at;
}

export const DAY_MS = 86_400_000;

/** 00:00 UTC of a YYYY-MM-DD date, in epoch ms; null for a date that does not exist. */
export function parseDay(value: string): number | null {
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value ? ms : null;
}

/** parseDay, or 400 naming `field`. */
function dayStart(value: string, field: string): number {
  const ms = parseDay(value);
  if (ms === null) throw badField(field, 'is not a calendar date (YYYY-MM-DD)');
  return ms;
}

/**
 * `from` and `to` (YYYY-MM-DD, both days included) as [from, to) in epoch ms; 400 when
 * from is after to.
 */
export function dayRange(q: { from?: string; to?: string }): { from?: number; to?: number } {
  const from = q.from === undefined ? undefined : dayStart(q.from, 'querystring.from');
  const to = q.to === undefined ? undefined : dayStart(q.to, 'querystring.to') + DAY_MS;
  if (from !== undefined && to !== undefined && from >= to)
    throw badField('querystring.from', 'must not be after to');
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}
