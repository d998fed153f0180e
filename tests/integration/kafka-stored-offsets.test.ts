import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { committedTotal, isolatedRuntime } from '../support/kafka-runtime.js';
import { icao24Of, samplePosition } from '../support/positions.js';
import { waitFor } from '../support/wait-for.js';

describe('a consumer loop whose offsets the service stores', () => {
  it('commits nothing by itself, what the service commits, and what it reported durable while stopping', async () => {
    const { runtime, prefix } = await isolatedRuntime('stored');
    const producer = await runtime.producer();
    await producer.send(
      'flights.updates',
      Array.from({ length: 60 }, (_, i) => ({
        key: icao24Of(i % 4),
        value: samplePosition(i % 4, i),
      })),
    );
    const group = `${prefix}stored`;
    const latest = new Map<number, string>();
    let seen = 0;
    const assignments: Array<Record<string, number[]>> = [];
    const loop = await runtime.consume({
      groupId: group,
      topics: ['flights.updates'],
      fromBeginning: true,
      offsets: 'stored-by-service',
      onAssignment: (a) => assignments.push(a),
      // Nothing stored yet: every partition starts where the group reads it.
      load: async (partitions) => partitions.map((p) => ({ ...p, next: null })),
      handleBatch: async (batch) => {
        latest.set(batch.partition, batch.next);
        seen += batch.messages.length;
      },
      onPositionAdvanced: async () => {},
      onStopping: async () => {
        loop.durable(
          [...latest].map(([partition, next]) => ({
            topic: 'flights.updates' as const,
            partition,
            next,
          })),
        );
      },
    });
    await waitFor(() => seen === 60, { timeoutMs: 30_000, message: '60 messages' });
    expect(assignments.at(-1)?.[`${prefix}flights.updates`]?.length).toBe(6);
    expect(await committedTotal(group, `${prefix}flights.updates`)).toBe(0);

    const [first] = [...latest];
    const outcome = await loop.commit([
      { topic: 'flights.updates', partition: first![0], next: '1' },
    ]);
    expect(outcome).toEqual({
      committed: [{ topic: 'flights.updates', partition: first![0], next: '1' }],
      revoked: [],
    });
    expect(await committedTotal(group, `${prefix}flights.updates`)).toBe(1);

    await loop.stop();
    expect(await committedTotal(group, `${prefix}flights.updates`)).toBe(60);
  });

  it('resumes at the stored position, steps over dead letters and tombstones, and the group offsets follow the store', async () => {
    const { runtime, prefix } = await isolatedRuntime('stored-holes');
    const producer = await runtime.producer();
    const topic = `${prefix}flights.updates`;
    // Partition 0: offsets 0, 1 valid, 2 not Avro, 3 a tombstone, 4 valid.
    await producer.send('flights.updates', [
      { key: icao24Of(0), value: samplePosition(0, 0), partition: 0 },
      { key: icao24Of(0), value: samplePosition(0, 1), partition: 0 },
    ]);
    await producer.sendRaw(topic, [
      { key: icao24Of(0), value: Buffer.from('not avro'), partition: 0 },
    ]);
    await producer.send('flights.updates', [
      { key: icao24Of(0), value: null, partition: 0 },
      { key: icao24Of(0), value: samplePosition(0, 4), partition: 0 },
    ]);
    // Partition 1: a tombstone only, which no later message will carry.
    await producer.send('flights.updates', [{ key: icao24Of(1), value: null, partition: 1 }]);

    // The "database": offset 0 of partition 0 is already applied and stored.
    const store = new Map<number, bigint>([[0, 1n]]);
    const applied: string[] = [];
    const ranges: Array<[number, string, string]> = [];
    const advanced: string[] = [];
    const loads: number[][] = [];
    const group = `${prefix}stored-holes`;
    const loop = await runtime.consume({
      groupId: group,
      topics: ['flights.updates'],
      fromBeginning: true,
      offsets: 'stored-by-service',
      load: async (partitions) => {
        loads.push(partitions.map((p) => p.partition));
        return partitions.map((p) => ({ ...p, next: store.get(p.partition)?.toString() ?? null }));
      },
      handleBatch: async (batch) => {
        for (const m of batch.messages) applied.push(`${m.partition}:${m.offset}`);
        ranges.push([batch.partition, batch.from, batch.next]);
        store.set(batch.partition, BigInt(batch.next));
        loop.durable([{ topic: batch.topic, partition: batch.partition, next: batch.next }]);
      },
      onPositionAdvanced: async (position) => {
        advanced.push(`${position.partition}:${position.next}`);
        store.set(position.partition, BigInt(position.next));
        loop.durable([position]);
      },
    });
    await waitFor(() => store.get(0) === 5n && store.get(1) === 1n, {
      timeoutMs: 30_000,
      message: 'the positions past the last message of partitions 0 and 1',
    });
    expect(loads[0]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(applied).toEqual(['0:1', '0:4']);
    // The batches of partition 0 settle 1..4 without a gap or an overlap.
    const p0 = ranges.filter(([p]) => p === 0).map(([, from, next]) => [from, next]);
    expect(p0[0]?.[0]).toBe('1');
    expect(p0.at(-1)?.[1]).toBe('5');
    for (let i = 1; i < p0.length; i++) expect(p0[i]![0]).toBe(p0[i - 1]![1]);
    // Partition 1's tombstone is stepped over and stored at once.
    expect(advanced).toContain('1:1');
    await waitFor(async () => (await committedTotal(group, topic)) === 6, {
      timeoutMs: 10_000,
      message: 'the group offsets at what the service stored',
    });
    const { letters } = await runtime.readDeadLetters();
    expect(letters.map((l) => `${l.letter.sourcePartition}:${l.letter.sourceOffset}`)).toEqual([
      '0:2',
    ]);
    expect(letters[0]?.letter.errorCode).toBe('KAFKA_SERDE_NO_MAGIC_BYTE');
    await loop.stop();
  });

  it('refuses a message through its batch once, though a restart delivers it again before its position was stored', async () => {
    const { runtime, prefix } = await isolatedRuntime('stored-reject');
    const producer = await runtime.producer();
    await producer.send(
      'flights.updates',
      Array.from({ length: 6 }, (_, i) => ({
        key: icao24Of(0),
        value: samplePosition(0, i),
        partition: 0,
      })),
    );
    const group = `${prefix}stored-reject`;
    /** One run of the "service": it refuses offset 3, and stores only if told to. */
    const run = async (store: boolean) => {
      let settledNext = '0';
      const loop = await runtime.consume({
        groupId: group,
        topics: ['flights.updates'],
        fromBeginning: true,
        offsets: 'stored-by-service',
        load: async (partitions) => partitions.map((p) => ({ ...p, next: null })),
        handleBatch: async (batch) => {
          for (const m of batch.messages)
            if (m.offset === '3') await batch.reject(m, { code: 'TEST_REFUSED', message: 'no' });
          settledNext = batch.next;
          if (store) loop.durable([{ topic: batch.topic, partition: 0, next: batch.next }]);
        },
        onPositionAdvanced: async () => {},
      });
      await waitFor(() => settledNext === '6', { timeoutMs: 30_000, message: 'offset 5 settled' });
      await loop.stop();
    };
    // The first run dies, in effect, between the letter and storing the position past it.
    await run(false);
    await run(true);
    const { letters } = await runtime.readDeadLetters();
    expect(letters.map((l) => `${l.letter.sourcePartition}:${l.letter.sourceOffset}`)).toEqual([
      '0:3',
    ]);
    expect(letters[0]?.letter.errorCode).toBe('TEST_REFUSED');
    expect(letters[0]?.letter.retriable).toBe(false);
    // The letter carries the message itself, so it can be replayed once the cause is fixed.
    expect(letters[0]?.letter.originalValue?.length ?? 0).toBeGreaterThan(0);
  });

  it('reloads on a rebalance, applies every message once across two members, and reports a commit of a partition it lost as revoked', async () => {
    const { runtime, prefix, open } = await isolatedRuntime('stored-rebalance');
    const producer = await runtime.producer();
    const group = `${prefix}stored-rebalance`;
    const send = (from: number, count: number) =>
      producer.send(
        'flights.updates',
        Array.from({ length: count }, (_, i) => ({
          key: icao24Of((from + i) % 12),
          value: samplePosition((from + i) % 12, from + i),
          headers: { seq: String(from + i) },
        })),
      );
    // One store both members write, as two replicas share a database: a row per partition,
    // a batch applied only from the stored position on (the database's row lock).
    const store = new Map<number, bigint>();
    const effects = new Map<string, number>();
    const loads: string[] = [];
    const assigned = { a: [] as number[], b: [] as number[] };
    const member = (name: 'a' | 'b') => {
      const rt = open(`test-stored-${name}`);
      const loop = rt.consume({
        groupId: group,
        topics: ['flights.updates'],
        fromBeginning: true,
        offsets: 'stored-by-service',
        sessionTimeoutMs: 6_000,
        onAssignment: (a) => {
          assigned[name] = a[`${prefix}flights.updates`] ?? [];
        },
        load: async (partitions) => {
          loads.push(`${name}:${partitions.map((p) => p.partition).join(',')}`);
          return partitions.map((p) => ({
            ...p,
            next: store.get(p.partition)?.toString() ?? null,
          }));
        },
        handleBatch: async (batch) => {
          const stored = store.get(batch.partition) ?? 0n;
          for (const m of batch.messages) {
            if (BigInt(m.offset) < stored) continue;
            const seq = m.headers.seq!;
            effects.set(seq, (effects.get(seq) ?? 0) + 1);
          }
          if (BigInt(batch.next) > stored) store.set(batch.partition, BigInt(batch.next));
        },
        onPositionAdvanced: async (p) => {
          store.set(p.partition, BigInt(p.next));
        },
      });
      return loop;
    };
    await send(0, 300);
    const a = await member('a');
    await waitFor(() => effects.size === 300, { timeoutMs: 30_000, message: '300 effects' });
    const b = await member('b');
    await waitFor(() => assigned.a.length + assigned.b.length === 6 && assigned.b.length > 0, {
      timeoutMs: 30_000,
      message: 'the partitions shared by the two members',
    });
    await send(300, 300);
    await waitFor(() => effects.size === 600, { timeoutMs: 30_000, message: '600 effects' });
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(loads.filter((l) => l.startsWith('b:'))).not.toHaveLength(0);
    expect(loads.filter((l) => l.startsWith('a:')).length).toBeGreaterThanOrEqual(2);

    const lost = assigned.b[0]!;
    const outcome = await a.commit([{ topic: 'flights.updates', partition: lost, next: '1' }]);
    expect(outcome).toEqual({
      committed: [],
      revoked: [{ topic: 'flights.updates', partition: lost, next: '1' }],
    });
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe('readToEnd', () => {
  it('reads a compacted topic to its current end, decoded, tombstones included, in order per key', async () => {
    const { runtime } = await isolatedRuntime('read-to-end');
    const producer = await runtime.producer();
    const state = ({ receivedAt, ...p }: PositionUpdate): AircraftState => ({
      ...p,
      firstSeen: p.positionTime,
      lastSeen: p.positionTime,
      updatedAt: receivedAt,
    });
    await producer.send('flights.state', [
      { key: icao24Of(1), value: state(samplePosition(1, 1)) },
      { key: icao24Of(2), value: state(samplePosition(2, 1)) },
      { key: icao24Of(1), value: state(samplePosition(1, 2)) },
      { key: icao24Of(2), value: null },
    ]);
    const read: Array<{ key: string | null; lastSeen: number | null }> = [];
    await runtime.readToEnd('flights.state', (m) =>
      read.push({ key: m.key, lastSeen: m.value?.lastSeen ?? null }),
    );
    const byKey = (k: string) => read.filter((r) => r.key === k).map((r) => r.lastSeen);
    expect(byKey(icao24Of(1))).toEqual([
      samplePosition(1, 1).positionTime,
      samplePosition(1, 2).positionTime,
    ]);
    expect(byKey(icao24Of(2))).toEqual([samplePosition(2, 1).positionTime, null]);
  });
});
