import type { DatabaseAvailability, Pool } from '@overfly/db';
import { withTransaction } from '@overfly/db';
import type { ConsumerLoop, KafkaRuntime, LoggerLike, MessageOf } from '@overfly/kafka';
import type { MetricsSnapshot } from '@overfly/schemas';
import { type AdmissionPolicy, admit } from './admission.js';
import { partitionFor } from './partitions.js';
import { snapshotRows } from './rows.js';
import { ensurePartitions, insertSnapshot, isMissingPartition } from './store.js';

interface SinkObserver {
  /** A transaction of `snapshots` committed, `samples` of them new rows. */
  stored(snapshots: number, samples: number, duplicates: number): void;
  /** Snapshots taken before the retention cutoff, skipped. */
  expired(snapshots: number): void;
  deadLettered(code: string): void;
}

export interface SinkOptions extends AdmissionPolicy {
  runtime: KafkaRuntime;
  pool: Pool;
  availability: DatabaseAvailability;
  groupId: string;
  logger: LoggerLike;
  /** Snapshots per transaction. */
  batchSize: number;
  sessionTimeoutMs?: number;
  now?: () => number;
  observer?: Partial<SinkObserver>;
}

/**
 * system.metrics → metric_samples and metric_series_latest. Each run of messages is written
 * in transactions of `batchSize` snapshots, one INSERT … ON CONFLICT DO NOTHING each; the
 * loop commits the group's offsets only once the handler has resolved, so every snapshot is
 * stored at least once and, the key being the sample's own, at most once in effect.
 */
export async function startSink(options: SinkOptions): Promise<ConsumerLoop> {
  const { pool, availability, logger } = options;
  const now = options.now ?? Date.now;
  const stopping = new AbortController();
  /** Day partitions known to exist: checked once per process, again after a miss. */
  const known = new Set<string>();

  const ensureDays = async (takenAts: readonly number[]) => {
    const missing = new Map(
      takenAts
        .map(partitionFor)
        .filter((p) => !known.has(p.name))
        .map((p) => [p.name, p]),
    );
    if (missing.size === 0) return;
    const created = await ensurePartitions(pool, [...missing.values()]);
    if (created.length > 0) logger.info({ partitions: created }, 'day partitions created');
    for (const name of missing.keys()) known.add(name);
  };

  const write = async (snapshots: readonly MetricsSnapshot[]) => {
    await ensureDays(snapshots.map((s) => s.takenAt));
    const rows = snapshots.map(snapshotRows);
    const inserted = await withTransaction(pool, async (client) => {
      let n = 0;
      for (const r of rows) n += await insertSnapshot(client, r);
      return n;
    });
    const duplicates = rows.reduce((sum, r) => sum + r.duplicates, 0);
    options.observer?.stored?.(rows.length, inserted, duplicates);
  };

  const writeOnce = async (snapshots: readonly MetricsSnapshot[]) => {
    try {
      await write(snapshots);
    } catch (error) {
      // A partition dropped or never made under our feet (another instance's clock, an
      // operator): look again and write once more; anything else is the loop's to handle.
      if (!isMissingPartition(error)) throw error;
      known.clear();
      await write(snapshots);
    }
  };

  const loop = await options.runtime.consume({
    groupId: options.groupId,
    topics: ['system.metrics'] as const,
    fromBeginning: true,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    handleBatch: async (messages: MessageOf<'system.metrics'>[]) => {
      const at = now();
      const kept: MetricsSnapshot[] = [];
      let expired = 0;
      for (const m of messages) {
        if (m.value === null) continue;
        // A refusal throws: the loop takes the run one message at a time and dead-letters it.
        if (admit(m.value, at, options) === 'expired') expired += 1;
        else kept.push(m.value);
      }
      if (expired > 0) options.observer?.expired?.(expired);
      for (let i = 0; i < kept.length; i += options.batchSize) {
        const chunk = kept.slice(i, i + options.batchSize);
        // PostgreSQL away is never the snapshots' fault: wait for it, never dead-letter them.
        await availability.untilAvailable(() => writeOnce(chunk), { signal: stopping.signal });
      }
    },
    onDeadLetter: (_m, failure) => options.observer?.deadLettered?.(failure.code),
  });
  return {
    get stats() {
      return loop.stats;
    },
    async stop() {
      const stopped = loop.stop();
      stopping.abort();
      await stopped;
    },
  };
}
