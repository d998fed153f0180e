// A stored-by-service loop's commit while the broker is away. kafkajs restarts a consumer
// that crashed on the outage, and while it is not running (crashed, or joining again)
// `consumer.commitOffsets` resolves without sending anything. The loop used to report such a
// commit as done: fir-analyser's checkpoint then counted its offset as the group's, tombstoned
// the markers of ended aircraft below it, and after the restart (resumed at the real, older
// commit) two aircraft started a second flight (platform-outages, broker stopped mid-replay).
// A commit is done only when the group coordinator has taken it.
import { describe, expect, it } from 'vitest';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { outage } from '../support/outage.js';
import { icao24Of, samplePosition } from '../support/positions.js';
import { waitFor } from '../support/wait-for.js';

const DOWN_MS = 12_000;

describe('a stored-by-service commit while the broker is away', () => {
  it('is never reported committed unless the group took it', { timeout: 180_000 }, async () => {
    const { runtime, prefix } = await isolatedRuntime('stored-outage');
    const producer = await runtime.producer();
    const send = (from: number, count: number) =>
      producer.send(
        'flights.updates',
        Array.from({ length: count }, (_, i) => ({
          key: icao24Of(0),
          value: samplePosition(0, from + i),
          partition: 0,
        })),
      );
    await send(0, 10);
    const group = `${prefix}stored-outage`;
    let handled = 0;
    const loop = await runtime.consume({
      groupId: group,
      topics: ['flights.updates'],
      fromBeginning: true,
      offsets: 'stored-by-service',
      sessionTimeoutMs: 6_000,
      load: async (partitions) => partitions.map((p) => ({ ...p, next: p.committed })),
      handleBatch: async (batch) => {
        handled += batch.messages.length;
      },
      onPositionAdvanced: async () => {},
    });
    const at = (next: number) => ({
      topic: 'flights.updates' as const,
      partition: 0,
      next: String(next),
    });
    /** The group's commit on partition 0, read again while the coordinator is loading. */
    const groupHolds = async () =>
      (
        await waitFor(
          async () => ({ next: (await runtime.committedOffsets(group, 'flights.updates')).get(0) }),
          { timeoutMs: 60_000, message: "the group's offsets" },
        )
      ).next;
    try {
      await waitFor(() => handled === 10, { timeoutMs: 60_000, message: '10 messages' });
      expect(await loop.commit([at(1)])).toEqual({ committed: [at(1)], revoked: [] });
      expect(await groupHolds()).toBe('1');

      /** Commits the loop said the group took while the broker was stopped: none can be. */
      const reported: string[] = [];
      const refused = new Set<string>();
      let tried = 0;
      await outage('kafka', DOWN_MS, async () => {
        // The consumer crashes on the outage; kafkajs restarts it every few seconds.
        await waitFor(
          () => runtime.waitingFor('kafka').some((w) => w.what.startsWith('consumer group')),
          { timeoutMs: DOWN_MS, message: 'the consumer to crash on the outage' },
        );
        const until = Date.now() + DOWN_MS / 2;
        for (let next = 2; Date.now() < until; next++) {
          tried++;
          try {
            const outcome = await loop.commit([at(next)]);
            for (const p of outcome.committed) reported.push(p.next);
          } catch (error) {
            refused.add((error as { code?: string }).code ?? String(error));
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
      console.log(
        `${tried} commits while the broker was away: reported committed ${JSON.stringify(reported)}, refused ${JSON.stringify([...refused])}`,
      );
      expect(reported, 'commits reported while the broker was stopped').toEqual([]);
      expect(await groupHolds()).toBe('1');

      // Back: the consumer joins again, consumes, and its commits reach the group.
      await send(10, 2);
      await waitFor(() => handled >= 12, { timeoutMs: 90_000, message: 'the consumer back' });
      const outcome = await waitFor(
        async () => {
          try {
            return await loop.commit([at(11)]);
          } catch {
            return null;
          }
        },
        { timeoutMs: 30_000, message: 'a commit after the outage' },
      );
      expect(outcome).toEqual({ committed: [at(11)], revoked: [] });
      expect(await groupHolds()).toBe('11');
    } finally {
      await loop.stop();
    }
  });
});
