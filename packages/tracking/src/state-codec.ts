import type { AircraftTrackState, FlightTrackState, TrackFix } from '@overfly/schemas';
import { AircraftTrack, NO_TIME } from './aircraft.js';
import { altitudeOf } from './altitude.js';
import { TrackingError } from './errors.js';
import { copyManoeuvres, freshManoeuvres } from './manoeuvres.js';
import type { TrackedPosition } from './types.js';

/** Key of the record that carries the engine meta on fir-analyser.state. */
export const META_KEY = '~meta';

/**
 * A buffered position as the checkpoint keeps it: the engine reads only its altitude
 * (barometric, else geometric), so that one number is saved, and restored as barometric.
 */
function toTrackFix(p: TrackedPosition): TrackFix {
  return {
    time: p.positionTime,
    latitude: p.latitude,
    longitude: p.longitude,
    altitudeM: altitudeOf(p),
    onGround: p.onGround,
    velocityMs: p.velocityMs,
    callsign: p.callsign,
  };
}

function fromTrackFix(icao24: string, f: TrackFix): TrackedPosition {
  return {
    icao24,
    positionTime: f.time,
    latitude: f.latitude,
    longitude: f.longitude,
    baroAltitudeM: f.altitudeM,
    geoAltitudeM: null,
    onGround: f.onGround,
    velocityMs: f.velocityMs,
    callsign: f.callsign,
  };
}

/** A copy: the engine updates its flight in place, a snapshot must not follow it. */
function copyFlight(fl: FlightTrackState): FlightTrackState {
  return {
    ...fl,
    crossing: fl.crossing && { ...fl.crossing },
    pending: fl.pending && { ...fl.pending },
    touchdown: fl.touchdown && { ...fl.touchdown },
    manoeuvres: fl.manoeuvres && copyManoeuvres(fl.manoeuvres),
  };
}

const orNull = (time: number): number | null => (time === NO_TIME ? null : time);

/** The aircraft as a fir-analyser.state value, detached from the live engine. */
export function aircraftToState(ac: AircraftTrack): AircraftTrackState {
  return {
    icao24: ac.icao24,
    meta: null,
    latestFixTime: ac.latestFixTime === NO_TIME ? 0 : ac.latestFixTime,
    lastReleasedTime: orNull(ac.lastReleasedTime),
    reorderBuffer: ac.reorderBuffer.map(toTrackFix),
    lastAccepted: ac.lastAccepted && { ...ac.lastAccepted },
    lastAltitudeTime: orNull(ac.lastAltitudeTime),
    lastAltitudeM: ac.lastAltitudeTime === NO_TIME ? null : ac.lastAltitudeM,
    velocityLatDegS: ac.velocityLatDegS,
    velocityLonDegS: ac.velocityLonDegS,
    candidate: ac.candidate.map(toTrackFix),
    flight: ac.flight && copyFlight(ac.flight),
  };
}

/** Rebuilds an aircraft from its fir-analyser.state value. */
export function aircraftFromState(state: AircraftTrackState): AircraftTrack {
  if (state.icao24.startsWith(META_KEY)) {
    throw new TrackingError('TRACKING_STATE_INVALID', `${state.icao24} is a meta key without meta`);
  }
  if ((state.lastAccepted === null) !== (state.flight === null)) {
    throw new TrackingError(
      'TRACKING_STATE_INVALID',
      `${state.icao24}: lastAccepted and flight disagree`,
    );
  }
  const ac = new AircraftTrack(state.icao24);
  ac.latestFixTime = state.latestFixTime;
  ac.lastReleasedTime = state.lastReleasedTime ?? NO_TIME;
  ac.reorderBuffer = state.reorderBuffer.map((f) => fromTrackFix(state.icao24, f));
  ac.lastAccepted = state.lastAccepted && { ...state.lastAccepted };
  ac.lastAltitudeTime = state.lastAltitudeTime ?? NO_TIME;
  ac.lastAltitudeM = state.lastAltitudeM ?? 0;
  ac.velocityLatDegS = state.velocityLatDegS;
  ac.velocityLonDegS = state.velocityLonDegS;
  ac.candidate = state.candidate.map((f) => fromTrackFix(state.icao24, f));
  const flight = state.flight && copyFlight(state.flight);
  // UNKNOWN is the enum's default for a phase a newer writer added; fly on as airborne.
  if (flight?.phase === 'UNKNOWN') flight.phase = 'AIRBORNE';
  // Written before the manoeuvre detectors: they start afresh with the next fix.
  if (flight && flight.manoeuvres === null) flight.manoeuvres = freshManoeuvres();
  ac.flight = flight;
  return ac;
}

/** The '~meta' record value that carries `meta` on fir-analyser.state. */
export function metaStateRecord(
  meta: AircraftTrackState['meta'],
  key = META_KEY,
): AircraftTrackState {
  return {
    icao24: key,
    meta,
    latestFixTime: 0,
    lastReleasedTime: null,
    reorderBuffer: [],
    lastAccepted: null,
    lastAltitudeTime: null,
    lastAltitudeM: null,
    velocityLatDegS: 0,
    velocityLonDegS: 0,
    candidate: [],
    flight: null,
  };
}
