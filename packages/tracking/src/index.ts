export type { AircraftTrackState, EngineMeta } from '@overfly/schemas';
export { altitudeOf } from './altitude.js';
export { defaultTrackConfig, resolveTrackConfig, type TrackConfig } from './config.js';
export { TrackEngine } from './engine.js';
export { TrackingError, type TrackingErrorCode, trackingErrors } from './errors.js';
export { crossingsOf } from './recorded.js';
export { META_KEY, metaStateRecord } from './state-codec.js';
export type {
  CrossingRecord,
  EngineOutput,
  FlightEventRecord,
  RejectReason,
  TrackedPosition,
} from './types.js';
