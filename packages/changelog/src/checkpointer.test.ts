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
import { countOnAnalyserRecord, KeyedCounter } from './test-support/counter.js';

type Position = PartitionPosition<'flights.updates'>;

/** A producer whose sends wait until the test lets them through, and that remembers them. */
function heldProducer() {
  const sent: Array<OutgoingRecord<unknown>[]> = [];
  let release: () => void = () => {};
  let fail: ((e: Error) => void) | null = null;
  const producer: TypedProducer = {
    send: (_topic, records) =>
      new Promise<void>((resolve, reject) => {
        sent.push([...records]);
        release = resolve;
        fail = reject;
      }),
    sendRaw: async () => {},
    disconnect: async () => {},
  };
  return { producer, sent, release: () => release(), fail: (e: Error) => fail?.(e) };
}

function setup(commit: (p: readonly Position[]) => Promise<CommitOutcome<'flights.updates'>>) {
  const held = heldProducer();
  const fatal: unknown[] = [];
  const checkpointed: number[] = [];
  const partitions = new Map<number, CheckpointedPartition<AnalyserStateRecord>>();
  for (const n of [0, 1]) {
    const p = new ChangelogPartition({
      partition: n,
      group: 'g',
      state: new KeyedCounter(),
      codec: countOnAnalyserRecord,
    });
    p.absorb(10 + n, 'a', () => p.state.add('a', 10 + n));
    partitions.set(n, p);
  }
  const checkpointer = createCheckpointer({
    input: 'flights.updates',
    changelog: 'fir-analyser.state',
    producer: held.producer,
    commit,
    partitions,
    logger: silentLogger,
    now: () => 1_000,
    onFatal: (e) => fatal.push(e),
    onCheckpoint: (n) => checkpointed.push(n),
  });
  return { held, fatal, checkpointed, partitions, checkpointer };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the checkpointer', () => {
  it('commits only after the changelog write, one checkpoint at a time', async () => {
    const commits: Position[][] = [];
    const { held, partitions, checkpointer, checkpointed } = setup(async (positions) => {
      commits.push([...positions]);
      return { committed: [...positions], revoked: [] };
    });
    checkpointer.checkpoint(partitions.values());
    checkpointer.checkpoint(partitions.values()); // in flight: a no-op
    await settle();
    expect(held.sent).toHaveLength(1);
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
    expect(held.sent).toHaveLength(1);
  });

  it('drops a partition the group took away meanwhile, and keeps the others', async () => {
    const { held, partitions, checkpointer, fatal } = setup(async (positions) => ({
      committed: positions.filter((p) => p.partition === 0),
      revoked: positions.filter((p) => p.partition === 1),
    }));
    const all = checkpointer.checkpointAll(partitions.values());
    await settle();
    held.release();
    await all;
    expect([...partitions.keys()]).toEqual([0]);
    expect(partitions.get(0)?.committedOffset).toBe(10);
    expect(fatal).toEqual([]);
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
