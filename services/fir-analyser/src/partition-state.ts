import type { AirportIndex, FirLayer } from '@overfly/geo';
import type { OutgoingRecord } from '@overfly/kafka';
import type { AnalyserStateRecord, PositionUpdate } from '@overfly/schemas';
import {
  type EngineOutput,
  META_KEY,
  metaStateRecord,
  type TrackConfig,
  TrackEngine,
} from '@overfly/tracking';

/**
 * One input partition's analyser: its engine, and what makes its state durable without
 * Kafka transactions. Each checkpointed aircraft record carries the offset of the last
 * fix it absorbed; after a restart from an older committed offset, fixes at or below it
 * are skipped for that aircraft — so a crash between writing state and committing the
 * offset can neither lose nor double-apply a fix. An aircraft whose flight ended is
 * first replaced by a marker (no state, its offset kept) and only tombstoned once the
 * committed offset has passed it, so a replay cannot resurrect half of a closed flight.
 */
export class PartitionState {
  readonly partition: number;
  readonly engine: TrackEngine;
  /** icao24 → offset of the last fix the engine absorbed for it. */
  readonly #absorbed = new Map<string, number>();
  /** icao24 → offset up to which fixes are already in the restored state. */
  readonly #skipUpTo = new Map<string, number>();
  /** Markers written for ended aircraft, tombstoned once the commit passes them. */
  #markers: Array<{ icao24: string; offset: number }> = [];
  lastOffset = -1;
  committedOffset = -1;
  lastCheckpointAt = 0;
  skipped = 0;

  /**
   * Changelog keys are `<consumer group>/<icao24>` (and `<group>/~meta`): two analysers in
   * different groups on the same topics keep separate state, as Kafka Streams does by
   * naming changelogs after the application id.
   */
  readonly #keyPrefix: string;

  constructor(
    partition: number,
    deps: { layer: FirLayer; airports: AirportIndex },
    config: Partial<TrackConfig>,
    groupId: string,
  ) {
    this.partition = partition;
    this.engine = new TrackEngine(deps, config);
    this.#keyPrefix = `${groupId}/`;
  }

  /** The changelog key of an aircraft (or of META_KEY) for this group. */
  stateKey(icao24: string): string {
    return this.#keyPrefix + icao24;
  }

  /**
   * Restores from the changelog as compaction would leave it: only the latest record of
   * each key counts. (Applying records one by one would let an old snapshot of an
   * aircraft survive the marker or tombstone that followed it.)
   */
  restore(latest: ReadonlyMap<string, AnalyserStateRecord | null>): void {
    for (const [stateKey, record] of latest) {
      if (record === null || !stateKey.startsWith(this.#keyPrefix)) continue;
      const key = stateKey.slice(this.#keyPrefix.length);
      if (key === META_KEY) {
        // The engine's meta record: imported as such by importState.
        if (record.aircraft) this.engine.importState(record.aircraft);
        continue;
      }
      if (record.inputOffset !== null) this.#skipUpTo.set(key, record.inputOffset);
      if (record.aircraft) {
        this.engine.importState(record.aircraft);
        if (record.inputOffset !== null) this.#absorbed.set(key, record.inputOffset);
      } else if (record.inputOffset !== null) {
        this.#markers.push({ icao24: key, offset: record.inputOffset });
      }
    }
  }

  /** Ingests one flights.updates record unless the restored state already holds it. */
  ingest(offset: number, value: PositionUpdate, out: EngineOutput): void {
    this.lastOffset = offset;
    const skip = this.#skipUpTo.get(value.icao24);
    if (skip !== undefined) {
      if (offset <= skip) {
        this.skipped++;
        return;
      }
      this.#skipUpTo.delete(value.icao24);
    }
    this.engine.ingest(value, out);
    this.#absorbed.set(value.icao24, offset);
  }

  /**
   * The changelog records that make the state durable as of `lastOffset`: dirty
   * aircraft, markers for ended ones, tombstones for markers the commit has passed,
   * and the engine's meta. Call `checkpointWritten` once they are acknowledged.
   */
  checkpointRecords(): OutgoingRecord<AnalyserStateRecord>[] {
    const p = this.partition;
    const records: OutgoingRecord<AnalyserStateRecord>[] = [];
    const stillMarked: Array<{ icao24: string; offset: number }> = [];
    for (const marker of this.#markers) {
      const reappeared = this.engine.exportState(marker.icao24) !== null;
      if (reappeared) continue;
      if (marker.offset <= this.committedOffset)
        records.push({ key: this.stateKey(marker.icao24), value: null, partition: p });
      else stillMarked.push(marker);
    }
    this.#markers = stillMarked;
    for (const icao24 of this.engine.evicted()) {
      const offset = this.#absorbed.get(icao24) ?? this.lastOffset;
      records.push({
        key: this.stateKey(icao24),
        value: { inputOffset: offset, aircraft: null },
        partition: p,
      });
      this.#markers.push({ icao24, offset });
      this.#absorbed.delete(icao24);
    }
    for (const icao24 of this.engine.dirty()) {
      const aircraft = this.engine.exportState(icao24);
      if (!aircraft) continue;
      records.push({
        key: this.stateKey(icao24),
        value: { inputOffset: this.#absorbed.get(icao24) ?? null, aircraft },
        partition: p,
      });
    }
    records.push({
      key: this.stateKey(META_KEY),
      value: { inputOffset: this.lastOffset, aircraft: metaStateRecord(this.engine.exportMeta()) },
      partition: p,
    });
    return records;
  }

  checkpointWritten(now: number): void {
    this.engine.clearDirty();
    this.lastCheckpointAt = now;
  }
}
