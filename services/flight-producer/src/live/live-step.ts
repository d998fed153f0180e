import type { OutgoingRecord } from '@overfly/kafka';
import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import type { FetchStatesResult, OpenSkyState } from '../opensky/index.js';
import type { StateTracker } from '../state/state-tracker.js';

/** An OpenSky state vector as a `flights.updates` record; null when it carries no position. */
export function toLiveUpdate(state: OpenSkyState, receivedAt: number): PositionUpdate | null {
  if (state.latitude === null || state.longitude === null || state.timePosition === null) {
    return null;
  }
  const callsign = state.callsign?.trim() ?? '';
  return {
    icao24: state.icao24.trim().toLowerCase(),
    callsign: callsign === '' ? null : callsign,
    originCountry: state.originCountry === '' ? null : state.originCountry,
    positionTime: Math.round(state.timePosition * 1000),
    lastContact: Math.round(state.lastContact * 1000),
    latitude: state.latitude,
    longitude: state.longitude,
    baroAltitudeM: state.baroAltitudeM,
    geoAltitudeM: state.geoAltitudeM,
    onGround: state.onGround,
    velocityMs: state.velocityMs,
    trackDeg: state.trueTrackDeg,
    verticalRateMs: state.verticalRateMs,
    squawk: state.squawk,
    source: 'OPENSKY_LIVE',
    receivedAt,
  };
}

export interface LiveStepResult {
  /** New positions: to flights.updates and to the recording. */
  updates: PositionUpdate[];
  /** States and tombstones for flights.state. */
  states: Array<OutgoingRecord<AircraftState>>;
  /** New positions older than `staleAfterMs` at fetch time: published, not made current. */
  stale: number;
  /** State vectors repeating a position already published (OpenSky repeats the last fix). */
  repeated: number;
  /** State vectors without a position. */
  withoutPosition: number;
}

/**
 * Turns one poll into records. A position is published once (OpenSky repeats an
 * aircraft's last fix in every response until a new one arrives). A position older than
 * `staleAfterMs` at fetch time is a real past position, so it goes to flights.updates
 * with its true time, but never to flights.state: what is there is shown as current.
 */
export function createLiveStep(options: {
  staleAfterMs: number;
  tracker: StateTracker;
  forgetAfterMs: number;
}) {
  const published = new Map<string, number>();
  return (result: FetchStatesResult, receivedAt: number): LiveStepResult => {
    const fetchedAt = Math.round(result.time * 1000);
    const out: LiveStepResult = {
      updates: [],
      states: [],
      stale: 0,
      repeated: 0,
      withoutPosition: 0,
    };
    for (const state of result.states) {
      const update = toLiveUpdate(state, receivedAt);
      if (update === null) {
        out.withoutPosition += 1;
        continue;
      }
      const last = published.get(update.icao24);
      if (last !== undefined && update.positionTime <= last) {
        out.repeated += 1;
        continue;
      }
      published.set(update.icao24, update.positionTime);
      out.updates.push(update);
      if (fetchedAt - update.positionTime > options.staleAfterMs) {
        out.stale += 1;
        continue;
      }
      const current = options.tracker.observe(update, receivedAt);
      if (current) out.states.push({ key: current.icao24, value: current });
    }
    for (const icao24 of options.tracker.expire(fetchedAt))
      out.states.push({ key: icao24, value: null });
    // The dedupe memory must not grow with every aircraft ever seen.
    for (const [icao24, t] of published) {
      if (fetchedAt - t > options.forgetAfterMs) published.delete(icao24);
    }
    return out;
  };
}
