import type { FlightTrackState, TrackFix } from '@overfly/schemas';
import type { TrackedPosition } from './types.js';

/**
 * A flight in progress is the checkpoint's own record (fir-analyser.state's
 * FlightTrackState, with its CrossingProgress and PendingFirChange): the engine works on
 * the shape it saves, so the state codec only copies it.
 */
export type FlightProgress = FlightTrackState;

/** Sentinel for "no time yet" in the numeric fields below. */
export const NO_TIME = Number.NEGATIVE_INFINITY;

/**
 * Everything the engine keeps per aircraft, named as fir-analyser.state names it. The last
 * accepted fix is one object per flight, updated in place (no allocation per position);
 * the reorder buffer and the candidate track are small and bounded.
 */
export class AircraftTrack {
  readonly icao24: string;
  latestFixTime = NO_TIME;
  lastReleasedTime = NO_TIME;
  reorderBuffer: TrackedPosition[] = [];
  /** The flight's last accepted fix, its altitude the plausible one (null after a spike). */
  lastAccepted: TrackFix | null = null;
  lastAltitudeTime = NO_TIME;
  lastAltitudeM = 0;
  velocityLatDegS = 0;
  velocityLonDegS = 0;
  candidate: TrackedPosition[] = [];
  flight: FlightProgress | null = null;

  constructor(icao24: string) {
    this.icao24 = icao24;
  }
}
