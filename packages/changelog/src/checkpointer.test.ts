import type {
  CommitOutcome,
  OutgoingRecord,
  PartitionPosition,
  TypedProducer,
} from '@overfly/kafka';
import { silentLogger } from '@overfly/kafka';
import type { AnalyserStateRecord } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { createCheckpointer } from './checkpointer.js';
import { ChangelogPartition, type CheckpointedPartition } from './partition.js';
import { serialQueue } from './serial.js';
import { countOnAnalyserRecord, KeyedCounter } from './test-support/counter.js';

type Position = PartitionPosition<'flights.updates'>;
type Counted = ChangelogPartition<
  { count: number; offsetSum: number },
  AnalyserStateRecord,
  KeyedCounter
>;

/** A producer whose sends wait until the test lets them through, and that remembers them. */
function heldProducer() {
  const sent: Array<OutgoingRecord<AnalyserStateRecord>[]> = [];
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  const producer: TypedProducer = {
    send: (_topic, records) =>
      new Promise<void>((resolve, reject) => {
        sent.push([...records] as OutgoingRecord<AnalyserStateRecord>[]);
        pending.push({ resolve, reject });
      }),
    sendRaw: async () => {},
    disconnect: async () => {},
  };
  return {
    producer,
    sent,
    /** Acknowledges every write waiting now. */
    release: () => {
      for (const p of pending.splice(0)) p.resolve();
    },
    fail: (e: Error) => pending.shift()?.reject(e),
  };
}

function setup(
  commit: (p: readonly Position[]) => Promise<CommitOutcome<'flights.updates'>>,
  keys = 1,
) {
  const held = heldProducer();
  const fatal: unknown[] = [];
  const checkpointed: number[] = [];
  const partitions = new Map<number, CheckpointedPartition<AnalyserStateRecord>>();
  const counters = new Map<number, Counted>();
  for (const n of [0, 1]) {
    const p: Counted = new ChangelogPartition({
      partition: n,
      group: 'g',
      state: new KeyedCounter(),
      codec: countOnAnalyserRecord,
    });
    for (let k = 0; k < keys; k++) p.absorb(10 + n, `k${k}`, () => p.state.add(`k${k}`, 10 + n));
    partitions.set(n, p);
    counters.set(n, p);
  }
  const exclusive = serialQueue();
  const checkpointer = createCheckpointer({
    input: 'flights.updates',
    changelog: 'fir-analyser.state',
    producer: held.producer,
    commit,
    partitions,
    exclusive,
    sliceKeys: 10,
    logger: silentLogger,
    now: () => 1_000,
    onFatal: (e) => fatal.push(e),
    onCheckpoint: (n) => checkpointed.push(n),
  });
  return { held, fatal, checkpointed, partitions, counters, checkpointer, exclusive };
}

const settle = async (turns = 5) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('the checkpointer', () => {
  it('commits only after every changelog write, one checkpoint at a time', async () => {
    const commits: Position[][] = [];
    const { held, partitions, checkpointer, checkpointed } = setup(async (positions) => {
      commits.push([...positions]);
      return { committed: [...positions], revoked: [] };
    });
    checkpointer.checkpoint(partitions.values());
    checkpointer.checkpoint(partitions.values()); // in flight: a no-op
    await settle();
    expect(held.sent.map((records) => records.map((r) => r.key))).toEqual([
      ['g/k0', 'g/~meta'], // partition 0, one slice
      // partition 1's slice is taken meanwhile; its write waits for partition 0's
    ]);
    held.release();
    await settle();
    expect(held.sent).toHaveLength(2);
    expect(commits).toEqual([]);
    held.release();
    await settle();
    expect(commits).toEqual([
      [
        { topic: 'flights.updates', partition: 0, next: '11' },
        { topic: 'flights.updates', partition: 1, next: '12' },
      ],
    ]);
    expect([...partitions.values()].map((p) => [p.committedOffset, p.lastCheckpointAt])).toEqual([
      [10, 1_000],
      [11, 1_000],
    ]);
    expect(checkpointed).toEqual([2]);
    checkpointer.checkpoint(partitions.values()); // nothing new since: nothing due
    await settle();
    expect(held.sent).toHaveLength(2);
  });

  it('takes a large state a slice at a time, letting batches run between slices', async () => {
    const commits: Position[][] = [];
    const { held, partitions, counters, checkpointer, exclusive } = setup(async (positions) => {
      commits.push([...positions]);
      return { committed: [...positions], revoked: [] };
    }, 35);
    const order: string[] = [];
    checkpointer.checkpoint(partitions.values());
    // A batch queued as the stream would: it runs between two slices, not after the checkpoint.
    const p0 = counters.get(0)!;
    await settle(1);
    const batch = exclusive(async () => {
      order.push(`batch after ${held.sent.length} slice(s)`);
      p0.absorb(20, 'k0', () => p0.state.add('k0', 20)); // exported already: changes again
      p0.absorb(21, 'new', () => p0.state.add('new', 21));
    });
    while (commits.length === 0) {
      held.release();
      await settle(1);
    }
    await batch;
    expect(order).toEqual(['batch after 1 slice(s)']);
    const sizes = held.sent.map((records) => records.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(11); // 10 keys, or the last round and the meta
    const latest = new Map(held.sent.flat().map((r) => [`${r.partition}/${r.key}`, r.value]));
    expect(latest.get('0/g/k0')?.inputOffset).toBe(20);
    expect(latest.get('0/g/new')?.inputOffset).toBe(21);
    expect(latest.size).toBe(2 * 36 + 1); // 35 keys and the meta in each, and `new`
    // The commit covers the batch that ran during the checkpoint: its keys were written again.
    expect(commits[0]?.find((c) => c.partition === 0)?.next).toBe('22');
  });

  it('waits for the one in flight, then writes and commits a last one on stop', async () => {
    const commits: Position[][] = [];
    const { held, partitions, counters, checkpointer, exclusive } = setup(async (positions) => {
      commits.push([...positions]);
      return { committed: [...positions], revoked: [] };
    });
    checkpointer.checkpoint(partitions.values());
    await settle();
    const p1 = counters.get(1)!;
    await exclusive(async () => p1.absorb(30, 'k9', () => p1.state.add('k9', 30)));
    let stopped = false;
    const all = checkpointer
      .checkpointAll(() => partitions.values())
      .then(() => {
        stopped = true;
      });
    while (!stopped) {
      held.release();
      await settle(1);
    }
    await all;
    expect(commits).toHaveLength(2);
    expect(commits[1]).toEqual([{ topic: 'flights.updates', partition: 1, next: '31' }]);
  });

  it('drops a partition the group took away meanwhile, and keeps the others', async () => {
    const { held, partitions, checkpointer, fatal } = setup(async (positions) => ({
      committed: positions.filter((p) => p.partition === 0),
      revoked: positions.filter((p) => p.partition === 1),
    }));
    let stopped = false;
    const all = checkpointer
      .checkpointAll(() => partitions.values())
      .then(() => {
        stopped = true;
      });
    while (!stopped) {
      held.release();
      await settle(1);
    }
    await all;
    expect([...partitions.keys()]).toEqual([0]);
    expect(partitions.get(0)?.committedOffset).toBe(10);
    expect(fatal).toEqual([]);
  });

  it('does not commit a partition restored afresh while its checkpoint ran', async () => {
    const commits: Position[][] = [];
    const { held, partitions, checkpointer, exclusive } = setup(async (positions) => {
      commits.push([...positions]);
      return { committed: [...positions], revoked: [] };
    }, 25);
    checkpointer.checkpoint(partitions.values());
    await settle(1);
    // A rebalance gave partition 0 back to this member: it was restored into a new object.
    await exclusive(async () => {
      partitions.set(
        0,
        new ChangelogPartition({
          partition: 0,
          group: 'g',
          state: new KeyedCounter(),
          codec: countOnAnalyserRecord,
        }),
      );
    });
    while (commits.length === 0) {
      held.release();
      await settle(1);
    }
    expect(commits).toEqual([[{ topic: 'flights.updates', partition: 1, next: '12' }]]);
  });

  it('hands a failed write to onFatal and commits nothing', async () => {
    let commits = 0;
    const { held, partitions, checkpointer, fatal } = setup(async (positions) => {
      commits++;
      return { committed: [...positions], revoked: [] };
    });
    checkpointer.checkpoint(partitions.values());
    await settle();
    held.fail(new Error('broker gone'));
    await settle();
    expect(commits).toBe(0);
    expect(fatal.map(String)).toEqual(['Error: broker gone']);
    expect(partitions.get(0)?.committedOffset).toBe(-1);
  });
});
