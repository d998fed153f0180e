import type { OutgoingRecord } from '@overfly/kafka';
import { type ChangelogCodec, type KeyedState, META_KEY } from './keyed-state.js';

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
  checkpointRecords(): OutgoingRecord<R>[];
  checkpointWritten(now: number): void;
}

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
   * The changelog records that make the state durable as of `lastOffset`: dirty keys,
   * markers for ended ones, tombstones for markers the commit has passed, and the meta.
   * Call `checkpointWritten` once they are taken (the dirty sets are then cleared).
   */
  checkpointRecords(): OutgoingRecord<R>[] {
    const p = this.partition;
    const codec = this.#codec;
    const records: OutgoingRecord<R>[] = [];
    const stillMarked: Array<{ key: string; offset: number }> = [];
    for (const marker of this.#markers) {
      // A key that came back is written below with its new state, which replaces the marker.
      if (this.state.exportState(marker.key) !== null) continue;
      if (marker.offset <= this.committedOffset)
        records.push({ key: this.stateKey(marker.key), value: null, partition: p });
      else stillMarked.push(marker);
    }
    this.#markers = stillMarked;
    for (const key of this.state.ended()) {
      const offset = this.#absorbed.get(key) ?? this.lastOffset;
      records.push({ key: this.stateKey(key), value: codec.wrap(offset, null), partition: p });
      this.#markers.push({ key, offset });
      this.#absorbed.delete(key);
    }
    for (const key of this.state.dirty()) {
      const state = this.state.exportState(key);
      if (state === null) continue; // ended: its marker is above
      records.push({
        key: this.stateKey(key),
        value: codec.wrap(this.#absorbed.get(key) ?? null, state),
        partition: p,
      });
    }
    if (this.state.exportMeta) {
      records.push({
        key: this.stateKey(META_KEY),
        value: codec.wrap(this.lastOffset, this.state.exportMeta()),
        partition: p,
      });
    }
    return records;
  }

  checkpointWritten(now: number): void {
    this.state.clearDirty();
    this.lastCheckpointAt = now;
  }
}
