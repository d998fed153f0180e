import { type KafkaInstruments, logicalTopic, safely } from './instruments.js';
import type { LoggerLike } from './logger.js';

/** The two admin requests a sample makes; kafkajs' Admin has both. */
export interface LagAdmin {
  fetchTopicOffsets(
    topic: string,
  ): Promise<Array<{ partition: number; high: string; low: string }>>;
  fetchOffsets(options: {
    groupId: string;
    topics: string[];
  }): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
}

/** What the sampler needs of its consumer loop. */
interface LagSource {
  /** This member's partitions (physical topic → partitions) and the group generation they are of. */
  assignment(): { generation: number; partitions: Readonly<Record<string, readonly number[]>> };
  /** The loop's admin client (connected lazily, disconnected by the loop's stop). */
  admin(): Promise<LagAdmin>;
}

export interface LagSamplerOptions {
  groupId: string;
  /** Prefix of physical topic names: reported topics are the catalogue's. */
  topicPrefix: string;
  /** The loop's `fromBeginning`: where a partition with no committed offset is read from. */
  fromBeginning: boolean;
  /** Between the end of one sample and the start of the next; 0 or less: never sampled. */
  intervalMs: number;
  instruments: KafkaInstruments;
  logger: LoggerLike;
  source: LagSource;
}

/** What a partition's position was taken from. */
export type PositionBasis = 'handled' | 'committed' | 'earliest' | 'latest';

export interface PartitionFacts {
  /** The broker's high watermark (the next offset to be written) and low watermark. */
  high: bigint;
  low: bigint;
  /** Offset after the last batch this member handled on the partition in this generation. */
  handled: bigint | null;
  /** The group's committed next offset; null when it has committed none. */
  committed: bigint | null;
  fromBeginning: boolean;
  /** The end this generation's first 'latest' sample found (see `positionOf`). */
  latestEnd: bigint | null;
}

/**
 * Where this member stands on a partition, as far as the broker and the loop know it:
 * 1. the offset after the last batch it handled there since the assignment: the freshest;
 * 2. else the group's committed offset, where kafkajs resumes after an assignment;
 * 3. else (nothing committed, or a commit outside [low, high] that the broker would answer
 *    OFFSET_OUT_OF_RANGE) where the consumer's offset reset sends it: the low watermark with
 *    `fromBeginning` (all that is there is still to read), else the end of the log when the
 *    consumer first looked (kafkajs' 'latest'). That end is not known here: the end seen by
 *    the first sample of the generation stands for it (`latestEnd`), so records written
 *    since count as lag — never the current end, which would show a consumer stuck before
 *    its first batch as never behind. It errs low by what was written between the
 *    consumer's look and that sample (taken as soon as the loop runs).
 */
export function positionOf(facts: PartitionFacts): { next: bigint; basis: PositionBasis } {
  if (facts.handled !== null) return { next: facts.handled, basis: 'handled' };
  const { committed, low, high } = facts;
  if (committed !== null && committed >= low && committed <= high)
    return { next: committed, basis: 'committed' };
  if (facts.fromBeginning) return { next: low, basis: 'earliest' };
  return { next: facts.latestEnd ?? high, basis: 'latest' };
}

/** Records between a position and the high watermark; never negative. */
const lagAt = (high: bigint, next: bigint): number => (high > next ? Number(high - next) : 0);

export type SampleOutcome =
  /** Lag reported for every partition held (none when none is). */
  | 'sampled'
  /** The assignment changed while the offsets were fetched: nothing reported. */
  | 'reassigned'
  | 'stopped'
  /** A sample was already under way: this one was not taken. */
  | 'busy';

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Measures a consumer loop's lag from the broker every `intervalMs`, whether or not batches
 * come: a member stuck in a long handler, paused or cut off still shows its lag growing as
 * records arrive, where the lag measured per handled batch stays at its last value. For
 * each partition of the current assignment: the high watermark (admin fetchTopicOffsets)
 * minus the member's position (`positionOf`), to `instruments.lagSampled`.
 *
 * A sample whose assignment changed while it was fetched is dropped; samples never overlap
 * (the next is scheduled when one ends); a failed one is skipped, with one warning per run
 * of failures (a broker outage), not one per interval.
 */
export class LagSampler {
  /** Partition key → the offset after the last batch handled, and the generation it was in. */
  private readonly handledNext = new Map<string, { generation: number; next: bigint }>();
  /** Partition key → the end a 'latest' position was pinned to, and its generation. */
  private readonly latestEnds = new Map<string, { generation: number; end: bigint }>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private failing = false;

  constructor(private readonly options: LagSamplerOptions) {}

  /** A batch of this partition (physical topic) was handled; `next` is the offset after it. */
  handled(topic: string, partition: number, next: bigint): void {
    const { generation } = this.options.source.assignment();
    this.handledNext.set(keyOf(topic, partition), { generation, next });
  }

  /** Samples now, then `intervalMs` after each sample ends, until `stop`. */
  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One sample; throws what the broker answered when it fails. */
  async sample(): Promise<SampleOutcome> {
    if (this.stopped) return 'stopped';
    if (this.running) return 'busy';
    this.running = true;
    try {
      return await this.measure();
    } finally {
      this.running = false;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick();
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.sample();
      if (this.failing) {
        this.failing = false;
        this.options.logger.debug({}, 'consumer lag sampled again');
      }
    } catch (error) {
      // Said once per run of failures: while the broker is away every sample fails.
      if (!this.failing && !this.stopped) {
        this.failing = true;
        this.options.logger.warn(
          { error: String(error) },
          'consumer lag not sampled from the broker; skipped until it answers',
        );
      }
    }
    this.schedule(this.options.intervalMs);
  }

  private async measure(): Promise<SampleOutcome> {
    const { groupId, topicPrefix, fromBeginning, instruments, source } = this.options;
    const { generation, partitions } = source.assignment();
    this.forgetOtherThan(generation);
    const held = Object.entries(partitions).filter(([, numbers]) => numbers.length > 0);
    if (held.length === 0) return 'sampled';
    const handledOf = (topic: string, partition: number) =>
      this.handledNext.get(keyOf(topic, partition))?.next ?? null;
    const needCommits = held.some(([topic, numbers]) =>
      numbers.some((p) => handledOf(topic, p) === null),
    );
    const admin = await source.admin();
    const [ends, commits] = await Promise.all([
      Promise.all(held.map(([topic]) => admin.fetchTopicOffsets(topic))),
      needCommits
        ? admin.fetchOffsets({ groupId, topics: held.map(([topic]) => topic) })
        : Promise.resolve([]),
    ]);
    if (this.stopped) return 'stopped';
    if (source.assignment().generation !== generation) return 'reassigned';
    const committed = new Map<string, bigint>();
    for (const { topic, partitions: ps } of commits)
      for (const p of ps)
        if (Number(p.offset) >= 0) committed.set(keyOf(topic, p.partition), BigInt(p.offset));
    held.forEach(([topic, numbers], i) => {
      const offsets = ends[i] ?? [];
      for (const partition of numbers) {
        const end = offsets.find((o) => o.partition === partition);
        if (!end) continue;
        const key = keyOf(topic, partition);
        const high = BigInt(end.high);
        const { next, basis } = positionOf({
          high,
          low: BigInt(end.low),
          handled: handledOf(topic, partition),
          committed: committed.get(key) ?? null,
          fromBeginning,
          latestEnd: this.latestEnds.get(key)?.end ?? null,
        });
        if (basis === 'latest' && !this.latestEnds.has(key))
          this.latestEnds.set(key, { generation, end: next });
        const lag = lagAt(high, next);
        safely(() =>
          instruments.lagSampled(groupId, logicalTopic(topic, topicPrefix), partition, lag),
        );
      }
    });
    return 'sampled';
  }

  /** Positions of an earlier assignment say nothing of this one. */
  private forgetOtherThan(generation: number): void {
    for (const map of [this.handledNext, this.latestEnds])
      for (const [key, entry] of map) if (entry.generation !== generation) map.delete(key);
  }
}
