import { describe, expect, it } from 'vitest';
import { DeadLetterDedupe, PartitionCursor } from './partition-cursor.js';

describe('PartitionCursor (stored-by-service mode)', () => {
  it('delivers a batch fetched at the stored position', () => {
    const cursor = new PartitionCursor(10n);
    expect(cursor.admit(10n)).toEqual({ kind: 'deliver', from: 10n, unreadable: false });
  });

  it('delivers a batch fetched before the position from the position: the overlap is dropped', () => {
    // The group's commit trails the service's store: kafkajs fetches from the commit.
    const cursor = new PartitionCursor(25n);
    expect(cursor.admit(3n)).toEqual({ kind: 'deliver', from: 25n, unreadable: false });
  });

  it('seeks back when a batch was fetched past the position', () => {
    const cursor = new PartitionCursor(10n);
    expect(cursor.admit(14n)).toEqual({ kind: 'seek', offset: 10n });
    // The seek took: the fetch starts at the position again.
    expect(cursor.admit(10n)).toEqual({ kind: 'deliver', from: 10n, unreadable: false });
  });

  it('goes on when the fetch right after a seek back again starts past the position', () => {
    // Offsets 10..13 cannot be read (retention deleted them, or kafkajs filtered them out).
    const cursor = new PartitionCursor(10n);
    expect(cursor.admit(14n).kind).toBe('seek');
    expect(cursor.admit(14n)).toEqual({ kind: 'deliver', from: 10n, unreadable: true });
    // A later gap is a gap again.
    cursor.advance(20n);
    expect(cursor.admit(30n)).toEqual({ kind: 'seek', offset: 20n });
  });

  it('starts where the group reads when the service stored nothing', () => {
    const cursor = new PartitionCursor(null);
    expect(cursor.untold).toBe(false);
    expect(cursor.admit(7n)).toEqual({ kind: 'deliver', from: 7n, unreadable: false });
    expect(cursor.position).toBe(7n);
  });

  it('knows when the position moved past what the service was told', () => {
    const cursor = new PartitionCursor(5n);
    cursor.advance(8n); // a batch 5..7 applied
    cursor.told(8n);
    expect(cursor.untold).toBe(false);
    cursor.advance(9n); // a dead letter or tombstone at 8
    expect(cursor.untold).toBe(true);
    cursor.told(9n);
    expect(cursor.untold).toBe(false);
    // Never backwards.
    cursor.advance(4n);
    cursor.told(2n);
    expect(cursor.position).toBe(9n);
    expect(cursor.reported).toBe(9n);
  });
});

describe('DeadLetterDedupe', () => {
  const scanning = (found: bigint[]) => {
    const calls: Array<{ from: bigint; since: number }> = [];
    return {
      calls,
      scan: async (from: bigint, since: number) => {
        calls.push({ from, since });
        return new Set(found);
      },
    };
  };

  it('finds the letters sent before a restart with one scan, and stops asking past them', async () => {
    const { calls, scan } = scanning([12n, 15n]);
    const dedupe = new DeadLetterDedupe(scan, () => 10n);
    expect(await dedupe.alreadySent(12n, 100_000)).toBe(true);
    expect(await dedupe.alreadySent(13n, 100_000)).toBe(false);
    expect(await dedupe.alreadySent(15n, 100_000)).toBe(true);
    expect(dedupe.active).toBe(true);
    expect(await dedupe.alreadySent(16n, 100_000)).toBe(false);
    expect(dedupe.active).toBe(false);
    expect(await dedupe.alreadySent(15n, 100_000)).toBe(false);
    // Scanned once, from the position, a minute before the first poison's timestamp.
    expect(calls).toEqual([{ from: 10n, since: 40_000 }]);
  });

  it('does not scan for a message the partition did not hold when it was loaded', async () => {
    const { calls, scan } = scanning([]);
    const dedupe = new DeadLetterDedupe(scan, () => 10n);
    dedupe.boundBy(50n);
    expect(await dedupe.alreadySent(50n, 1)).toBe(false);
    expect(dedupe.active).toBe(false);
    expect(calls).toEqual([]);
  });

  it('is settled by one scan that finds nothing', async () => {
    const { calls, scan } = scanning([]);
    const dedupe = new DeadLetterDedupe(scan, () => 0n);
    expect(await dedupe.alreadySent(3n, 1)).toBe(false);
    expect(dedupe.active).toBe(false);
    expect(calls).toHaveLength(1);
  });
});
