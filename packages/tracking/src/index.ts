export type { AircraftTrackState, EngineMeta } from '@overfly/schemas';
export { defaultTrackConfig, resolveTrackConfig, type TrackConfig } from './config.js';
export { TrackEngine } from './engine.js';
export { TrackingError, type TrackingErrorCode, trackingErrors } from './errors.js';
export type { Airport, AirportIndex, Fir, FirLayer, LonLat, Transition } from './geo-contract.js';
export { META_KEY, metaStateRecord } from './state-codec.js';
export type {
  CrossingRecord,
  EngineOutput,
  Fix,
  FlightEventRecord,
  RejectReason,
} from './types.js';
