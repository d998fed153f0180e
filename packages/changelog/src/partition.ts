import type { OutgoingRecord } from '@overfly/kafka';
import { type ChangelogCodec, type KeyedState, META_KEY } from './keyed-state.js';

/**
 * One checkpoint of one partition, taken a slice at a time, each slice between two batches,
 * so that no batch waits for the whole state to be exported. It converges on a snapshot as
 * of one input offset: each round exports the keys that changed since the round before, and
 * the last round, small enough for one slice, ends with the meta.
 */
export interface CheckpointRun<R> {
  /** True once the last round has been handed out. */
  readonly done: boolean;
  /**
   * Once `done`: the input offset the checkpoint covers, which its commit may pass (the
   * partition's `lastOffset` at its last round).
   */
  readonly offset: number;
  /** The next records, for up to `maxKeys` keys. Call it only between two batches. */
  next(maxKeys: number): OutgoingRecord<R>[];
}

/**
 * What the runner needs of a partition's bookkeeping. `ChangelogPartition` is the one
 * implementation; the runner takes this narrower shape so that a service can hand it a
 * subclass (fir-analyser's PartitionState) whatever its state type.
 */
export interface CheckpointedPartition<R> {
  readonly partition: number;
  /** The last input offset the state covers (ingested, skipped or stepped over). */
  lastOffset: number;
  /** The last input offset the group has committed for this partition (its next − 1). */
  committedOffset: number;
  lastCheckpointAt: number;
  /** Returns how many keys' states were imported. */
  restore(latest: ReadonlyMap<string, R | null>): number;
  /** Starts a checkpoint (between two batches); `now` becomes `lastCheckpointAt`. */
  beginCheckpoint(now: number): CheckpointRun<R>;
}

/**
 * After this many rounds a checkpoint takes whatever changed in its last round at once,
 * however many keys that is: a stream that changes keys faster than slices export them
 * must still get its checkpoints.
 */
const MAX_ROUNDS = 8;

export interface ChangelogPartitionOptions<S, R, K extends KeyedState<S>> {
  partition: number;
  /**
   * The consumer group. Changelog keys are `<group>/<key>` (and `<group>/~meta`): two
   * groups on the same topics keep separate state, as Kafka Streams does by naming
   * changelogs after the application id.
   */
  group: string;
  state: K;
  codec: ChangelogCodec<S, R>;
}

/**
 * One input partition's durable per-key state, without Kafka transactions. Each
 * checkpointed key's record carries the input offset of the last message absorbed into
 * it; after a restart from an older committed offset, messages at or below it are skipped
 * for that key, so a crash between writing state and committing the offset neither loses
 * nor double-applies a message. A key whose state ended is first replaced by a marker (no
 * state, its offset kept) and only tombstoned once the committed offset has passed it, so
 * a replay cannot bring half of a closed key back.
 */
export class ChangelogPartition<S, R, K extends KeyedState<S> = KeyedState<S>>
  implements CheckpointedPartition<R>
{
  readonly partition: number;
  readonly state: K;
  readonly #codec: ChangelogCodec<S, R>;
  readonly #keyPrefix: string;
  /** key → offset of the last message absorbed into its state. */
  readonly #absorbed = new Map<string, number>();
  /** key → offset up to which messages are already in the restored state. */
  readonly #skipUpTo = new Map<string, number>();
  /** Markers written for ended keys, tombstoned once the commit passes them. */
  #markers: Array<{ key: string; offset: number }> = [];
  lastOffset = -1;
  committedOffset = -1;
  lastCheckpointAt = 0;
  /** Messages `absorb` skipped because the restored state already held them. */
  skipped = 0;

  constructor(options: ChangelogPartitionOptions<S, R, K>) {
    this.partition = options.partition;
    this.state = options.state;
    this.#codec = options.codec;
    this.#keyPrefix = `${options.group}/`;
  }

  /** The changelog key of a domain key (or of META_KEY) for this group. */
  stateKey(key: string): string {
    return this.#keyPrefix + key;
  }

  /**
   * Restores from the changelog as compaction would leave it: only the latest record of
   * each key counts. (Applying records one by one would let an old snapshot of a key
   * survive the marker or tombstone that followed it.) Keys of other groups are ignored.
   */
  restore(latest: ReadonlyMap<string, R | null>): number {
    let imported = 0;
    for (const [stateKey, record] of latest) {
      if (record === null || !stateKey.startsWith(this.#keyPrefix)) continue;
      const key = stateKey.slice(this.#keyPrefix.length);
      const { inputOffset, state } = this.#codec.unwrap(record);
      if (key === META_KEY) {
        // Partition-wide: not covered by per-key offsets, so never skipped against.
        if (state !== null) this.state.importMeta?.(state);
        continue;
      }
      if (inputOffset !== null) this.#skipUpTo.set(key, inputOffset);
      if (state !== null) {
        this.state.importState(key, state);
        imported++;
        if (inputOffset !== null) this.#absorbed.set(key, inputOffset);
      } else if (inputOffset !== null) {
        this.#markers.push({ key, offset: inputOffset });
      }
    }
    return imported;
  }

  /**
   * Applies the input message at `offset` to `key`'s state by calling `apply`, unless the
   * restored state already holds it (then it returns false and `apply` is not called). If
   * `apply` throws, the offset is not recorded as absorbed and the error propagates.
   */
  absorb(offset: number, key: string, apply: () => void): boolean {
    this.lastOffset = Math.max(this.lastOffset, offset);
    const skip = this.#skipUpTo.get(key);
    if (skip !== undefined) {
      if (offset <= skip) {
        this.skipped++;
        return false;
      }
      // Past the restored state: from here on the key's messages are new.
      this.#skipUpTo.delete(key);
    }
    apply();
    this.#absorbed.set(key, offset);
    return true;
  }

  /**
   * Starts a checkpoint that makes the state durable, taken in rounds (see `CheckpointRun`).
   * The first round also tombstones the markers the commit has passed. Each round writes a
   * marker for every key ended since the round before and takes the dirty keys (clearing the
   * dirty sets), whose states its slices then export one by one, each as it is then, with
   * the offset of the last message absorbed into it. The last round, which fits in one
   * slice, adds the meta: the records then hold the state as of the current `lastOffset`,
   * and a key exported in an earlier round that changed since was exported again.
   */
  beginCheckpoint(now: number): CheckpointRun<R> {
    this.lastCheckpointAt = now;
    let keys: string[] = [];
    let index = 0;
    let rounds = 0;
    let offset: number | null = null;
    const next = (maxKeys: number): OutgoingRecord<R>[] => {
      const records: OutgoingRecord<R>[] = [];
      if (offset !== null) return records;
      if (rounds === 0) this.#tombstones(records);
      let budget = Math.max(1, maxKeys);
      for (;;) {
        if (index >= keys.length) {
          keys = this.#nextRound(records);
          index = 0;
          rounds++;
          if (keys.length <= budget || rounds >= MAX_ROUNDS) {
            for (const key of keys) this.#pushState(records, key);
            if (this.state.exportMeta) {
              records.push({
                key: this.stateKey(META_KEY),
                value: this.#codec.wrap(this.lastOffset, this.state.exportMeta()),
                partition: this.partition,
              });
            }
            offset = this.lastOffset;
            return records;
          }
        }
        const end = Math.min(keys.length, index + budget);
        budget -= end - index;
        for (; index < end; index++) this.#pushState(records, keys[index]!);
        if (budget <= 0) return records;
      }
    };
    return {
      get done() {
        return offset !== null;
      },
      get offset() {
        if (offset === null) throw new Error('the checkpoint has not taken its last round yet');
        return offset;
      },
      next,
    };
  }

  /** Tombstones for markers the committed offset has passed (a replay cannot reach them). */
  #tombstones(records: OutgoingRecord<R>[]): void {
    const stillMarked: Array<{ key: string; offset: number }> = [];
    for (const marker of this.#markers) {
      // A key that came back is written with its new state, which replaces the marker.
      if (this.state.exportState(marker.key) !== null) continue;
      if (marker.offset <= this.committedOffset)
        records.push({ key: this.stateKey(marker.key), value: null, partition: this.partition });
      else stillMarked.push(marker);
    }
    this.#markers = stillMarked;
  }

  /** Markers for the keys ended since the last round; the keys changed since, to export. */
  #nextRound(records: OutgoingRecord<R>[]): string[] {
    for (const key of this.state.ended()) {
      const offset = this.#absorbed.get(key) ?? this.lastOffset;
      records.push({
        key: this.stateKey(key),
        value: this.#codec.wrap(offset, null),
        partition: this.partition,
      });
      this.#markers.push({ key, offset });
      this.#absorbed.delete(key);
    }
    const keys = [...this.state.dirty()];
    this.state.clearDirty();
    return keys;
  }

  /**
   * A dirty key's state as it is now. One that ended since its round began is left to the
   * next round, which writes its marker (every round ends with a look at the ended keys).
   */
  #pushState(records: OutgoingRecord<R>[], key: string): void {
    const state = this.state.exportState(key);
    if (state === null) return;
    records.push({
      key: this.stateKey(key),
      value: this.#codec.wrap(this.#absorbed.get(key) ?? null, state),
      partition: this.partition,
    });
  }
}
