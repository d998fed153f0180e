import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type {
  AssignedPartition,
  KafkaRuntime,
  LoggerLike,
  PositionedBatch,
  StoredOffsetsLoop,
  StoredPosition,
} from '@overfly/kafka';
import {
  type CorrelatorInputPosition,
  type CorrelatorStateRecord,
  type DisruptionEvent,
  type PassengerEvent,
  topicCatalogue,
} from '@overfly/schemas';
import { SENT_LOOKBACK_MS, SentSinceSnapshot } from './durable/sent-since.js';
import { checkpointRecords, restoreSnapshot } from './durable/snapshot-records.js';
import type { EngineConfig } from './engine/config.js';
import { CorrelationEngine, type IngestOutcome } from './engine/engine.js';
import type { DisruptionOutput } from './engine/finding.js';
import type { EngineInput } from './engine/inputs.js';
import type { Locate } from './engine/leg-facts.js';
import type { CareCosts } from './engine/passengers/costs.js';
import { CorrelatorError } from './errors.js';
import { INPUT_TOPICS, type InputTopic, normalize } from './inputs/normalize.js';

/** Told of what the correlator does: the service's metrics. */
interface CorrelatorObserver {
  taken(topic: InputTopic, count: number): void;
  refused(topic: InputTopic, code: string): void;
  late(topic: InputTopic, outcome: Exclude<IngestOutcome, 'on_time'>): void;
  published(event: DisruptionEvent): void;
  /** A passenger.events record sent. */
  decided(event: PassengerEvent): void;
  checkpointed(bytes: number): void;
  /** A publication derived again after a restart, already sent before it: not sent again. */
  alreadySent(topic: 'disruption.events' | 'passenger.events', differs: boolean): void;
  /** After each turn of evaluations (a batch or an idle step runs one or more): the engine's clock and counts, for gauges. */
  advanced(engine: CorrelationEngine): void;
}

export interface CorrelatorOptions {
  runtime: KafkaRuntime;
  groupId: string;
  engine: EngineConfig;
  /** Care cost estimates for the passenger decisions (default: engine/passengers/costs.ts). */
  care?: CareCosts;
  locate: Locate;
  knownAirport: (icao: string) => boolean;
  /** How far ahead of the clock an input may say it happened. */
  maxFutureMs: number;
  /** A partition silent this long (wall clock) stops holding the watermark back. */
  idleTimeoutMs: number;
  checkpointIntervalMs: number;
  restoreTimeoutMs: number;
  sessionTimeoutMs?: number | undefined;
  logger: LoggerLike;
  now?: () => number;
  observer?: Partial<CorrelatorObserver>;
  /** Failing to make progress durable: restart from the last snapshot (default: exit 1). */
  onFatal?: (error: unknown) => void;
}

export interface Correlator {
  /** True while this instance holds every input partition and its state is restored. */
  readonly ready: boolean;
  /** Why it is not ready, for /health/ready. */
  readonly waitingFor: string | null;
  stop(): Promise<void>;
}

const channelOf = (topic: string, partition: number) => `${topic}/${partition}`;

/** A load holding only part of the inputs looks this often whether another has begun, and says so this often. */
const SPLIT_POLL_MS = 250;
const SPLIT_REPORT_MS = 10_000;

/** Every input partition of the catalogue: the correlator runs only when it holds them all. */
function allInputPartitions(): Array<{ topic: InputTopic; partition: number }> {
  return INPUT_TOPICS.flatMap((topic) => {
    const partitions = topicCatalogue.find((t) => t.name === topic)?.partitions ?? 0;
    return Array.from({ length: partitions }, (_, partition) => ({ topic, partition }));
  });
}

/**
 * Evaluations run between two turns of the event loop: an hour of event time at the default
 * 5-minute step, a few milliseconds of work.
 */
const EVALUATIONS_PER_TURN = 12;

/** The longest a restore holds its next snapshot for the evaluations to catch up (holdSnapshot). */
const SENT_HOLD_MS = 5 * 60_000;

/** Runs work one piece at a time, in order: batches, idle steps and snapshot exports. */
function serialQueue(): <R>(work: () => Promise<R>) => Promise<R> {
  let queue: Promise<unknown> = Promise.resolve();
  return <R>(work: () => Promise<R>): Promise<R> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
}

/**
 * The four inputs → disruption.events, through one CorrelationEngine that sees every
 * partition of every input (its state is global: an airport's, an airline's and the
 * network's disruptions gather legs from anywhere). The consumer loop runs in
 * `stored-by-service` mode: the durable position is the snapshot's, written with the state
 * to disruption-correlator.state every CHECKPOINT_INTERVAL and restored on every
 * assignment, and the group's offsets follow it (for lag). Outputs are sent before a batch
 * counts as done, so a restart from the last snapshot sends at most what it sent before,
 * under the same ids. An input that cannot be a real one is refused to dead.letter.
 */
export async function startCorrelator(options: CorrelatorOptions): Promise<Correlator> {
  const { runtime, logger, groupId } = options;
  const now = options.now ?? Date.now;
  const observer = options.observer ?? {};
  const onFatal =
    options.onFatal ??
    ((error: unknown) => {
      logger.error(
        { error: String(error) },
        'cannot make progress durable; exiting to restart from the last snapshot',
      );
      process.exit(1);
    });
  const producer = await runtime.producer();
  const serially = serialQueue();
  const expected = allInputPartitions();
  const expectedChannels = expected.map((p) => channelOf(p.topic, p.partition));

  let engine: CorrelationEngine | null = null;
  let waitingFor: string | null = 'the first assignment';
  const positions = new Map<string, CorrelatorInputPosition>();
  const lastDelivery = new Map<string, number>();
  const idle = new Set<string>();
  let generation = 0;
  let liveChunks: string[] = [];
  let strays: string[] = [];
  let dirty = false;
  let checkpointing: Promise<void> | null = null;
  let loop: StoredOffsetsLoop<InputTopic> | undefined;
  /** What went out after the snapshot restored from (durable/sent-since.ts). */
  let sent = SentSinceSnapshot.empty();
  let restoredAt = 0;
  /** Assignments seen: a load waiting on a split assignment ends when another begins. */
  let loads = 0;
  let stopped = false;

  /**
   * What the engine's evaluations decided: disruptions first, then the passengers' decisions,
   * EVALUATIONS_PER_TURN evaluations at a time, yielding in between: a backlog (hours of
   * event time in one fetch) must not keep /health, /metrics and the group's heartbeats
   * waiting.
   */
  const publish = async (current: CorrelationEngine) => {
    for (;;) {
      await publishSome(current);
      if (current.evaluationsDue === 0) return;
      await yieldToEventLoop();
    }
  };

  /** False for a publication sent before the restart: what was sent stands. */
  const notSentYet = (
    topic: 'disruption.events' | 'passenger.events',
    event: DisruptionOutput | PassengerEvent,
  ): boolean => {
    const seen = sent.check(event.eventId, event);
    if (seen === 'new') return true;
    observer.alreadySent?.(topic, seen === 'different');
    if (seen === 'different')
      logger.info(
        { topic, eventId: event.eventId },
        'derived again after the restart with other content (inputs read in another order); what was sent before stands',
      );
    return false;
  };

  const publishSome = async (current: CorrelationEngine) => {
    const outputs = current
      .advance(EVALUATIONS_PER_TURN)
      .filter((o) => notSentYet('disruption.events', o));
    const decisions = current
      .takePassengerEvents()
      .filter((d) => notSentYet('passenger.events', d));
    observer.advanced?.(current);
    if (outputs.length > 0) {
      const at = now();
      const records = outputs.map((o) => ({
        key: o.disruptionId,
        value: { ...o, detectedAt: at },
      }));
      await producer.send('disruption.events', records);
      for (const r of records) observer.published?.(r.value);
    }
    if (decisions.length > 0) {
      await producer.send(
        'passenger.events',
        decisions.map((d) => ({ key: d.passengerId, value: d })),
      );
      for (const d of decisions) observer.decided?.(d);
    }
  };

  const fatal = (error: unknown) => {
    onFatal(error);
    throw error;
  };

  const restore = async (
    assigned: AssignedPartition<InputTopic>[],
  ): Promise<StoredPosition<InputTopic>[]> => {
    const held = new Set(assigned.map((p) => channelOf(p.topic, p.partition)));
    const missing = expectedChannels.filter((c) => !held.has(c));
    if (missing.length > 0) {
      // Not an error the loop should retry or fail on: wait, not ready, for the group to
      // give this instance everything (the other instance stopped) or take it all away.
      // The loop heartbeats while a load runs; a new assignment calls `load` again, which
      // ends this wait (its answer is then ignored).
      waitingFor = `all ${expectedChannels.length} input partitions (holds ${held.size}; another instance runs in group ${groupId})`;
      const mine = loads;
      let said = -Infinity;
      while (mine === loads && !stopped) {
        if (now() - said >= SPLIT_REPORT_MS) {
          said = now();
          logger.error(
            {
              code: 'DISRUPTION_CORRELATOR_SPLIT_ASSIGNMENT',
              held: held.size,
              missing: missing.slice(0, 4),
            },
            `assigned ${held.size} of ${expectedChannels.length} input partitions: the correlator's state is global and runs as one instance; waiting until it holds them all`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, SPLIT_POLL_MS));
      }
      return assigned.map((p) => ({ topic: p.topic, partition: p.partition, next: p.committed }));
    }
    const started = now();
    const latest = new Map<string, CorrelatorStateRecord | null>();
    let records = 0;
    await runtime.readToEnd(
      'disruption-correlator.state',
      (m) => {
        records++;
        if (m.key !== null) latest.set(m.key, m.value);
      },
      { deadlineMs: options.restoreTimeoutMs },
    );
    const found = restoreSnapshot(groupId, latest);
    sent = found.restored
      ? await SentSinceSnapshot.read(
          runtime,
          found.restored.writtenAt - SENT_LOOKBACK_MS,
          options.restoreTimeoutMs,
        )
      : SentSinceSnapshot.empty();
    restoredAt = now();
    const fresh = new CorrelationEngine(options.engine, options.locate, options.care);
    if (found.restored) fresh.importSnapshot(found.restored.snapshot);
    for (const c of expectedChannels) fresh.register(c);
    generation = found.restored?.generation ?? 0;
    liveChunks = found.restored?.chunkKeys ?? [];
    strays = found.strays;
    positions.clear();
    idle.clear();
    for (const p of assigned) {
      const stored = found.restored?.positions.find(
        (s) => s.topic === p.topic && s.partition === p.partition,
      );
      positions.set(channelOf(p.topic, p.partition), {
        topic: p.topic,
        partition: p.partition,
        next: stored?.next ?? null,
      });
      lastDelivery.set(channelOf(p.topic, p.partition), now());
    }
    engine = fresh;
    dirty = false;
    waitingFor = null;
    logger.info(
      {
        generation,
        records,
        legs: found.restored?.snapshot.legs.length ?? 0,
        openDisruptions: fresh.openDisruptions,
        lastEvaluation:
          fresh.lastEvaluation === null ? null : new Date(fresh.lastEvaluation).toISOString(),
        sentSinceSnapshot: sent.size,
        ms: now() - started,
      },
      found.restored ? 'state restored' : 'no snapshot yet: starting empty',
    );
    return assigned.map((p) => {
      const next = positions.get(channelOf(p.topic, p.partition))?.next ?? null;
      return { topic: p.topic, partition: p.partition, next: next === null ? null : String(next) };
    });
  };

  const load = async (assigned: AssignedPartition<InputTopic>[]) => {
    loads++;
    // Whatever snapshot is being written speaks for the state being replaced: let it land,
    // then rebuild from the changelog as the group's new owner would.
    engine = null;
    waitingFor = 'the state restore';
    await checkpointing?.catch(() => undefined);
    return serially(() => restore(assigned));
  };

  const ingest = async (batch: PositionedBatch<InputTopic>) => {
    const current = engine;
    if (!current) throw new Error(`${batch.topic}/${batch.partition} delivered before its restore`);
    const channel = channelOf(batch.topic, batch.partition);
    const at = now();
    let taken = 0;
    for (const m of batch.messages) {
      if (m.value === null) continue;
      let input: EngineInput;
      try {
        input = normalize(batch.topic, m.value, {
          now: at,
          maxFutureMs: options.maxFutureMs,
          knownAirport: options.knownAirport,
        });
      } catch (error) {
        if (!(error instanceof CorrelatorError)) throw error;
        logger.warn(
          {
            topic: batch.topic,
            partition: m.partition,
            offset: m.offset,
            key: m.key,
            code: error.code,
          },
          `input refused: ${error.message}`,
        );
        observer.refused?.(batch.topic, error.code);
        await batch.reject(m, { code: error.code, message: error.message });
        continue;
      }
      taken++;
      const outcome = current.ingest(channel, input);
      if (outcome !== 'on_time') observer.late?.(batch.topic, outcome);
    }
    observer.taken?.(batch.topic, taken);
    const position = positions.get(channel);
    if (position) position.next = Number(batch.next);
    lastDelivery.set(channel, at);
    if (idle.delete(channel)) current.setIdle(channel, false);
    dirty = true;
    await publish(current);
  };

  /** Partitions silent for the idle timeout stop holding the watermark back. */
  const idleStep = async () => {
    const current = engine;
    if (!current) return;
    const at = now();
    let changed = false;
    for (const c of expectedChannels) {
      if (idle.has(c) || at - (lastDelivery.get(c) ?? at) < options.idleTimeoutMs) continue;
      idle.add(c);
      current.setIdle(c, true);
      changed = true;
    }
    if (!changed) return;
    dirty = true;
    await publish(current);
  };

  /**
   * Exports a snapshot between two batches, writes it beside the stream (chunks, then the
   * checkpoint record, then tombstones for what it replaces), and lets the group's offsets
   * follow. One at a time.
   */
  const checkpoint = async () => {
    const taken = await serially(async () => {
      const current = engine;
      if (!current || !dirty || holdSnapshot(current)) return null;
      dirty = false;
      return {
        owner: current,
        snapshot: current.exportSnapshot(),
        positions: [...positions.values()].map((p) => ({ ...p })),
        generation: generation + 1,
        obsolete: [...liveChunks, ...strays],
      };
    });
    if (!taken) return;
    const { records, chunkKeys, bytes } = checkpointRecords(
      groupId,
      taken.generation,
      taken.snapshot,
      taken.positions,
      now(),
      taken.obsolete,
    );
    await producer.send('disruption-correlator.state', records);
    if (engine !== taken.owner) return; // restored meanwhile: the restore keeps its own books
    generation = taken.generation;
    liveChunks = chunkKeys;
    strays = [];
    loop?.durable(
      taken.positions
        .filter((p) => p.next !== null)
        .map((p) => ({
          topic: p.topic as InputTopic,
          partition: p.partition,
          next: String(p.next),
        })),
    );
    observer.checkpointed?.(bytes);
  };

  /**
   * After a restore, the next snapshot waits until the evaluations have run past the last
   * one sent before the restart (or SENT_HOLD_MS): a second restart then restores from the
   * same snapshot and reads back the same outputs, none of them derived a third time.
   */
  const holdSnapshot = (current: CorrelationEngine): boolean => {
    const until = sent.until;
    if (until === null) return false;
    if ((current.lastEvaluation ?? -Infinity) < until && now() - restoredAt < SENT_HOLD_MS)
      return true;
    sent = SentSinceSnapshot.empty();
    return false;
  };

  const checkpointNow = () => {
    if (checkpointing) return checkpointing;
    checkpointing = checkpoint()
      .catch((error: unknown) => {
        onFatal(error);
      })
      .finally(() => {
        checkpointing = null;
      });
    return checkpointing;
  };

  const timers = [
    setInterval(
      () => {
        serially(idleStep).catch((error: unknown) => onFatal(error));
      },
      Math.max(100, Math.min(1_000, Math.floor(options.idleTimeoutMs / 2))),
    ),
    setInterval(() => {
      void checkpointNow();
    }, options.checkpointIntervalMs),
  ];
  for (const t of timers) t.unref();

  loop = await runtime.consume({
    groupId,
    topics: INPUT_TOPICS,
    fromBeginning: true,
    offsets: 'stored-by-service',
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    load,
    handleBatch: (batch) => serially(() => ingest(batch)).catch(fatal),
    onPositionAdvanced: (position) =>
      serially(async () => {
        const p = positions.get(channelOf(position.topic, position.partition));
        if (!p) return;
        p.next = Number(position.next);
        dirty = true;
      }),
    onAssignment: (assignment) => logger.info({ assignment }, 'partitions assigned'),
    onStopping: async () => {
      for (const t of timers) clearInterval(t);
      await checkpointing;
      await checkpointNow();
    },
  });
  const started = loop;

  return {
    get ready() {
      return waitingFor === null;
    },
    get waitingFor() {
      return waitingFor;
    },
    stop: () => {
      stopped = true;
      return started.stop();
    },
  };
}
