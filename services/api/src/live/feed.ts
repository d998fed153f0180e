import { randomUUID } from 'node:crypto';
import type { ConsumerLoop, KafkaAdmin, KafkaRuntime, LoggerLike, MessageOf } from '@overfly/kafka';
import type { AircraftTable } from './aircraft-table.js';

const TOPIC = 'flights.state';

export interface LiveFeedOptions {
  runtime: KafkaRuntime;
  table: AircraftTable;
  /** End offsets of the topic (catch-up and lag) and removal of the group on stop. */
  admin: Pick<KafkaAdmin, 'topicOffsets' | 'deleteGroups'>;
  /** The runtime's topic prefix ('' in production). */
  topicPrefix?: string;
  /**
   * This instance's own consumer group. Unique by default: every api instance reads every
   * partition of flights.state from its beginning (its table is in memory).
   */
  groupId?: string;
  logger: LoggerLike;
  /** How often the topic's end offsets are asked for (lag). 5 s. */
  lagIntervalMs?: number;
  sessionTimeoutMs?: number;
}

export interface LiveFeed {
  readonly groupId: string;
  /** True once every partition has been read up to the end it had at start. */
  readonly caughtUp: boolean;
  /** Resolves when `caughtUp` turns true. */
  readonly whenCaughtUp: Promise<void>;
  /** Records between what was applied and the topic's end at the last look; null before it. */
  lag(): number | null;
  /** Records applied (states and tombstones). */
  readonly applied: number;
  stop(): Promise<void>;
}

/**
 * flights.state → the aircraft table. A state is upserted (the table keeps the newest per
 * aircraft), a tombstone removes. Nothing here is durable, so the group's commits only
 * serve lag tools; a restarted instance reads the compacted topic again from the start.
 */
export async function startLiveFeed(options: LiveFeedOptions): Promise<LiveFeed> {
  const { runtime, table, admin, logger } = options;
  const physical = (options.topicPrefix ?? '') + TOPIC;
  const groupId = options.groupId ?? `${runtime.service}-live-${randomUUID()}`;
  const log = logger.child({ topic: physical, groupId });
  /** partition → next offset to apply. */
  const next = new Map<number, bigint>();
  let ends = new Map<number, bigint>();
  let lag: number | null = null;
  let applied = 0;

  const offsets = async () => {
    const list = await admin.topicOffsets(physical);
    for (const p of list) if (!next.has(p.partition)) next.set(p.partition, BigInt(p.low));
    return new Map(list.map((p) => [p.partition, BigInt(p.high)]));
  };
  const target = await offsets();
  ends = target;

  let caughtUp = false;
  let resolveCaughtUp: () => void = () => {};
  const whenCaughtUp = new Promise<void>((resolve) => {
    resolveCaughtUp = resolve;
  });
  const computeLag = () => {
    let total = 0n;
    for (const [partition, end] of ends) {
      const at = next.get(partition) ?? 0n;
      if (end > at) total += end - at;
    }
    lag = Number(total);
  };
  const checkCaughtUp = () => {
    if (caughtUp) return;
    for (const [partition, end] of target) if ((next.get(partition) ?? 0n) < end) return;
    caughtUp = true;
    log.info({ aircraft: table.size, applied }, 'live feed caught up with flights.state');
    resolveCaughtUp();
  };
  computeLag();
  checkCaughtUp();

  const loop: ConsumerLoop = await runtime.consume({
    groupId,
    topics: [TOPIC],
    fromBeginning: true,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    handleBatch: async (messages: MessageOf<typeof TOPIC>[]) => {
      for (const m of messages) {
        if (m.value === null) {
          if (m.key !== null) table.remove(m.key);
        } else {
          table.upsert(m.value);
        }
        applied++;
        next.set(m.partition, BigInt(m.offset) + 1n);
      }
      computeLag();
      checkCaughtUp();
    },
  });

  const timer = setInterval(() => {
    offsets()
      .then((latest) => {
        ends = latest;
        computeLag();
      })
      .catch((error: unknown) => log.warn({ error: String(error) }, 'flights.state end offsets'));
  }, options.lagIntervalMs ?? 5_000);
  timer.unref();

  return {
    groupId,
    get caughtUp() {
      return caughtUp;
    },
    whenCaughtUp,
    lag: () => lag,
    get applied() {
      return applied;
    },
    async stop() {
      clearInterval(timer);
      await loop.stop();
      // A per-instance group is never used again: leave no trace of it on the broker.
      await admin.deleteGroups([groupId]).catch(() => undefined);
    },
  };
}
