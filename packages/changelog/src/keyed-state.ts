/**
 * The changelog key (after `<group>/`) of a partition's meta record. fir-analyser wrote its
 * engine meta under `<group>/~meta` before this package existed; the same key keeps those
 * records readable. A domain key must therefore never be `~meta`.
 */
export const META_KEY = '~meta';

/**
 * What a domain object exposes so that its per-key state can be made durable: the keys it
 * changed or dropped since the last checkpoint, and each key's state as a value the
 * changelog topic's schema can carry. fir-analyser's TrackEngine (keys: icao24) and
 * fee-calculator's passage assembler (keys: flightId) are the two it is made for.
 */
export interface KeyedState<S> {
  /** Keys whose state changed since `clearDirty` (a key may also be in `ended`). */
  dirty(): Iterable<string>;
  /** Keys whose state is gone since `clearDirty` (a finished flight, an evicted aircraft). */
  ended(): Iterable<string>;
  /** Called once a checkpoint has taken its snapshot of `dirty` and `ended`. */
  clearDirty(): void;
  /** The key's current state, or null when the domain holds none for it. */
  exportState(key: string): S | null;
  /** Puts a restored state back; called only while the partition is restored. */
  importState(key: string, state: S): void;
  /**
   * Partition-wide state (a watermark, a sweep clock), written as `<group>/~meta` with every
   * checkpoint. Optional: a domain without any writes no meta record.
   */
  exportMeta?(): S;
  importMeta?(meta: S): void;
}

/**
 * How a state and the input offset it covers become the changelog topic's record, and back.
 * The package never looks inside a record, so each service keeps its own record shape on
 * the wire (fir-analyser.state: `{ inputOffset, aircraft }`).
 */
export interface ChangelogCodec<S, R> {
  /** `state` null: a marker for an ended key (its offset kept, its state gone). */
  wrap(inputOffset: number | null, state: S | null): R;
  unwrap(record: R): { inputOffset: number | null; state: S | null };
}
