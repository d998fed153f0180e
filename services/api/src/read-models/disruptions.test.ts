import type { Queryable } from '@overfly/db';
import type { MessageOf } from '@overfly/kafka';
import type { DisruptionEvent } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { disruptionEvent } from '../test-support/disruptions.js';
import { applyDisruptionEvents, revisionOf } from './disruptions.js';

const ID = 'DELAY/BAW117-20260304-EGLL/20260304T1200Z';

/** A database that keeps each statement's rows (the JSON of $1) by table. */
function recording() {
  const rows = new Map<string, Array<Record<string, unknown>>>();
  const db = {
    query: async (sql: string, params: unknown[]) => {
      const table = /INSERT INTO (\w+)/.exec(sql)?.[1] ?? '?';
      rows.set(table, JSON.parse(params[0] as string));
      return { rows: [], rowCount: 0 };
    },
  };
  return { db: db as unknown as Queryable, rows };
}

const message = (value: DisruptionEvent | null, offset: number) =>
  ({
    topic: 'disruption.events',
    partition: 1,
    offset: String(offset),
    key: ID,
    value,
    timestamp: 0,
    headers: {},
  }) as unknown as MessageOf<'disruption.events'>;

describe('the disruptions read model', () => {
  it("reads the revision from the correlator's eventId, 0 when it has none", () => {
    expect(revisionOf({ disruptionId: ID, eventId: `${ID}#12` })).toBe(12);
    expect(revisionOf({ disruptionId: ID, eventId: `${ID}#` })).toBe(0);
    expect(revisionOf({ disruptionId: ID, eventId: `${ID}#1x` })).toBe(0);
    expect(revisionOf({ disruptionId: ID, eventId: 'other#3' })).toBe(0);
    expect(revisionOf({ disruptionId: 'a#1', eventId: 'a#1#2' })).toBe(2);
  });

  it('keeps the highest revision of a run, whatever its order, and each revision once', async () => {
    const { db, rows } = recording();
    const [one, two, three] = [1, 2, 3].map((n) => disruptionEvent(ID, n));
    await applyDisruptionEvents(db, [
      message(one ?? null, 10),
      message(three ?? null, 11),
      message(two ?? null, 12),
      message(three ?? null, 13),
      message(null, 14),
    ]);
    expect(rows.get('disruptions')).toMatchObject([
      { disruption_id: ID, revision: 3, event_id: `${ID}#3`, src_offset: '11' },
    ]);
    expect(rows.get('disruption_revisions')?.map((r) => r.revision)).toEqual([1, 3, 2]);
  });

  it('writes nothing for a run of tombstones', async () => {
    const { db, rows } = recording();
    await applyDisruptionEvents(db, [message(null, 1)]);
    expect(rows.size).toBe(0);
  });
});
