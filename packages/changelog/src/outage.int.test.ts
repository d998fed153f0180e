// platform-outages, broker stopped mid-replay: after the outage fir-analyser resumed at its
// group's commit, but two aircraft had lost their state and flew a second flight. The
// checkpoint in flight when the consumer crashed on the outage was told its commit was done
// (kafkajs resolves `commitOffsets` without sending it while it restarts the consumer), so
// the next checkpoint tombstoned the markers of aircraft ended below that offset. The group
// still held the older commit: the restore found neither state nor marker for them, and
// replayed their last messages into a new flight.
//
// The same here with the package's toy counter, step by step on the real broker: key A ends
// (its marker is written), the broker stops, the consumer crashes, the checkpoint that wrote
// the marker commits, and the restore after the outage reads what the checkpoints had in
// flight. The changelog must end as the input says.
import type { KafkaRuntime, LoggerLike, TypedProducer } from '@overfly/kafka';
import type { AnalyserStateRecord } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { outage } from '../../../tests/support/outage.js';
import { icao24Of, samplePosition } from '../../../tests/support/positions.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { META_KEY } from './keyed-state.js';
import { ChangelogPartition } from './partition.js';
import { startChangelogRunner } from './runner.js';
import { type Count, countOnAnalyserRecord, KeyedCounter } from './test-support/counter.js';

/** A key ends after its third message. */
const ENDS_AT = 3;
const A = icao24Of(0);
const F = icao24Of(1);
const G = icao24Of(2);

describe('a keyed counter on @overfly/changelog through a broker outage', () => {
  it('ends in the state the input says, though its consumer restarted while a checkpoint ran', {
    timeout: 240_000,
  }, async () => {
    const { runtime, prefix, open } = await isolatedRuntime('changelog-outage');
    const group = `${prefix}counter`;
    const producer = await runtime.producer();
    /** Publishes these keys, in order, to partition 0 (offsets follow on). */
    let published = 0;
    const publish = async (...keys: string[]) => {
      await producer.send(
        'flights.updates',
        keys.map((key) => ({
          key,
          value: { ...samplePosition(0, published++), icao24: key },
          partition: 0,
        })),
      );
    };
    const groupHolds = async () =>
      (await runtime.committedOffsets(group, 'flights.updates')).get(0);

    // The service's runtime. Its producer tells how many changelog writes are in flight, and
    // holds the checkpoint that wrote A's marker before its commit until the test lets it on.
    const inner = open('changelog-outage-counter');
    let writing = 0;
    const gate = {
      armed: false,
      held: false,
      open: () => {},
    };
    const isMarkerOfA = (r: { key: string | null; value: AnalyserStateRecord | null }) =>
      r.key === `${group}/${A}` && r.value !== null && r.value.aircraft === null;
    let loads = 0;
    const service: KafkaRuntime = {
      ...inner,
      producer: async () => {
        const real = await inner.producer();
        const wrapped: TypedProducer = {
          ...real,
          send: async (topic, records) => {
            writing++;
            try {
              await real.send(topic, records);
            } finally {
              writing--;
            }
            if (topic !== 'fir-analyser.state' || !gate.armed) return;
            if (
              !(records as Array<{ key: string | null; value: AnalyserStateRecord | null }>).some(
                isMarkerOfA,
              )
            )
              return;
            gate.armed = false;
            await new Promise<void>((resolve) => {
              gate.open = resolve;
              gate.held = true;
            });
          },
        };
        return wrapped;
      },
      // A restore after the first reads the changelog once the writes in flight landed,
      // as fir-analyser's did (its state send answered 10 s before the partitions came back).
      readToEnd: async (topic, onMessage, options) => {
        if (topic === 'fir-analyser.state' && loads++ > 0)
          await waitFor(() => writing === 0, {
            timeoutMs: 60_000,
            message: 'the changelog writes in flight',
          });
        return inner.readToEnd(topic, onMessage, options);
      },
    };

    let lastOffset = -1;
    const fatal: unknown[] = [];
    const runner = await startChangelogRunner({
      runtime: service,
      groupId: group,
      input: 'flights.updates',
      changelog: 'fir-analyser.state',
      createPartition: (partition) =>
        new ChangelogPartition({
          partition,
          group,
          state: new KeyedCounter(ENDS_AT),
          codec: countOnAnalyserRecord,
        }),
      process: async (batch, p) => {
        for (const m of batch.messages) {
          const key = m.value?.icao24;
          const offset = Number(m.offset);
          if (key !== undefined) p.absorb(offset, key, () => p.state.add(key, offset));
          if (m.partition === 0) lastOffset = Math.max(lastOffset, offset);
        }
      },
      checkpointIntervalMs: 100,
      restoreTimeoutMs: 60_000,
      sessionTimeoutMs: 6_000,
      logger,
      onFatal: (error) => fatal.push(error),
    });
    try {
      // A twice and F, checkpointed and committed: the group holds 3.
      await publish(A, A, F);
      await waitFor(async () => (await groupHolds()) === '3', {
        timeoutMs: 60_000,
        message: 'the first commit',
      });
      // A's third message ends it: the checkpoint writes its marker, then waits at the gate
      // before its commit, while G comes in and is counted.
      gate.armed = true;
      await publish(A);
      await waitFor(() => gate.held, { timeoutMs: 30_000, message: "A's marker written" });
      await publish(G);
      await waitFor(() => lastOffset === 4, { timeoutMs: 30_000, message: 'G counted' });

      await outage('kafka', 10_000, async () => {
        await waitFor(
          () => service.waitingFor('kafka').some((w) => w.what.startsWith('consumer group')),
          { timeoutMs: 10_000, message: 'the consumer to crash on the outage' },
        );
        gate.open(); // the checkpoint commits while kafkajs restarts the consumer
      });

      await waitFor(async () => (await groupHolds()) === '5', {
        timeoutMs: 120_000,
        message: 'everything committed after the outage',
      });
    } finally {
      gate.open();
      await runner.stop();
    }
    console.log(lines.filter((l) => !l.includes('kafkajs')).join('\n'));
    expect(fatal.map(String)).toEqual([]);

    // The changelog as a restore reads it, and the counts straight from the input.
    const latest = new Map<string, Count | null>();
    await runtime.readToEnd('fir-analyser.state', (m) => {
      if (m.key === null || !m.key.startsWith(`${group}/`) || m.partition !== 0) return;
      latest.set(
        m.key.slice(group.length + 1),
        m.value === null ? null : countOnAnalyserRecord.unwrap(m.value).state,
      );
    });
    const stored = [...latest].filter(([, c]) => c !== null).sort(([a], [b]) => a.localeCompare(b));
    const truth = new KeyedCounter(ENDS_AT);
    for (const [offset, key] of [A, A, F, A, G].entries()) truth.add(key, offset);
    const expected = [...truth.counts, [META_KEY, truth.total] as const].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    // A ended at its third message: no state for it, and every message counted once.
    expect(stored).toEqual(expected);
  });
});

/** The runner's lines, printed with the test's output: what it restored and when. */
const lines: string[] = [];
const line =
  (level: string) =>
  (o: object, m?: string): void => {
    lines.push(`${new Date().toISOString()} ${level} ${m ?? ''} ${JSON.stringify(o)}`);
  };
const logger: LoggerLike = {
  debug() {},
  info: line('info'),
  warn: line('warn'),
  error: line('error'),
  child: () => logger,
};
