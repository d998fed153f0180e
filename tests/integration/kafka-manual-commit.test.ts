import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { committedTotal, isolatedRuntime } from '../support/kafka-runtime.js';
import { icao24Of, samplePosition } from '../support/positions.js';
import { waitFor } from '../support/wait-for.js';

describe('a consumer loop in manual commit mode', () => {
  it('commits nothing by itself, what the service commits, and its last offsets while stopping', async () => {
    const { runtime, prefix } = await isolatedRuntime('manual');
    const producer = await runtime.producer();
    await producer.send(
      'flights.updates',
      Array.from({ length: 60 }, (_, i) => ({
        key: icao24Of(i % 4),
        value: samplePosition(i % 4, i),
      })),
    );
    const group = `${prefix}manual`;
    const latest = new Map<number, string>();
    let seen = 0;
    const assignments: Array<Record<string, number[]>> = [];
    const loop = await runtime.consume({
      groupId: group,
      topics: ['flights.updates'],
      fromBeginning: true,
      commit: 'manual',
      onAssignment: (a) => assignments.push(a),
      handleBatch: async (messages) => {
        for (const m of messages) latest.set(m.partition, m.offset);
        seen += messages.length;
      },
      onStopping: async () => {
        await loop.commitOffsets(
          [...latest].map(([partition, offset]) => ({
            topic: 'flights.updates' as const,
            partition,
            offset: String(Number(offset) + 1),
          })),
        );
      },
    });
    await waitFor(() => seen === 60, { timeoutMs: 30_000, message: '60 messages' });
    expect(assignments.at(-1)?.[`${prefix}flights.updates`]?.length).toBe(6);
    expect(await committedTotal(group, `${prefix}flights.updates`)).toBe(0);

    const [first] = [...latest];
    await loop.commitOffsets([{ topic: 'flights.updates', partition: first![0], offset: '1' }]);
    expect(await committedTotal(group, `${prefix}flights.updates`)).toBe(1);

    await loop.stop();
    expect(await committedTotal(group, `${prefix}flights.updates`)).toBe(60);
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
