import { type ChangelogCodec, ChangelogPartition, type KeyedState } from '@overfly/changelog';
import type { AirportIndex, FirLayer } from '@overfly/geo';
import type { AircraftTrackState, AnalyserStateRecord, PositionUpdate } from '@overfly/schemas';
import {
  type EngineOutput,
  metaStateRecord,
  type TrackConfig,
  TrackEngine,
} from '@overfly/tracking';

/** fir-analyser.state's record on the wire: `{ inputOffset, aircraft }`, as before the package. */
const analyserStateCodec: ChangelogCodec<AircraftTrackState, AnalyserStateRecord> = {
  wrap: (inputOffset, aircraft) => ({ inputOffset, aircraft }),
  unwrap: (record) => ({ inputOffset: record.inputOffset, state: record.aircraft }),
};

/**
 * The track engine seen as keyed state (keys: icao24). Its meta travels as the engine has
 * always stored it: an AircraftTrackState with `meta` set (`metaStateRecord`), which the
 * engine's own importState recognises.
 */
function trackEngineState(engine: TrackEngine): KeyedState<AircraftTrackState> {
  return {
    dirty: () => engine.dirty(),
    ended: () => engine.evicted(),
    clearDirty: () => engine.clearDirty(),
    exportState: (icao24) => engine.exportState(icao24),
    importState: (_icao24, aircraft) => engine.importState(aircraft),
    exportMeta: () => metaStateRecord(engine.exportMeta()),
    importMeta: (meta) => engine.importState(meta),
  };
}

/**
 * One input partition's analyser: its track engine, made durable by
 * @overfly/changelog's ChangelogPartition (per-aircraft input offsets, markers for ended
 * flights, the `<group>/~meta` record; see that package's README).
 */
export class PartitionState extends ChangelogPartition<AircraftTrackState, AnalyserStateRecord> {
  readonly engine: TrackEngine;

  constructor(
    partition: number,
    deps: { layer: FirLayer; airports: AirportIndex },
    config: Partial<TrackConfig>,
    groupId: string,
  ) {
    const engine = new TrackEngine(deps, config);
    super({
      partition,
      group: groupId,
      state: trackEngineState(engine),
      codec: analyserStateCodec,
    });
    this.engine = engine;
  }

  /** Ingests one flights.updates record unless the restored state already holds it. */
  ingest(offset: number, value: PositionUpdate, out: EngineOutput): void {
    this.absorb(offset, value.icao24, () => this.engine.ingest(value, out));
  }
}
