import type { AircraftTrackState, FlightTrackState, TrackFix } from '@overfly/schemas';
import { AircraftTrack, type FlightProgress, NO_TIME } from './aircraft.js';
import { TrackingError } from './errors.js';
import type { Fix } from './types.js';

/** Key of the record that carries the engine meta on fir-analyser.state. */
export const META_KEY = '~meta';

function fixToState(f: Fix): TrackFix {
  return {
    time: f.t,
    latitude: f.lat,
    longitude: f.lon,
    altitudeM: f.altM,
    onGround: f.onGround,
    velocityMs: f.velocityMs,
    callsign: f.callsign,
  };
}

function fixFromState(icao24: string, f: TrackFix): Fix {
  return {
    icao24,
    t: f.time,
    lat: f.latitude,
    lon: f.longitude,
    altM: f.altitudeM,
    onGround: f.onGround,
    velocityMs: f.velocityMs,
    callsign: f.callsign,
  };
}

function flightToState(fl: FlightProgress): FlightTrackState {
  const c = fl.crossing;
  const p = fl.pending;
  return {
    flightId: fl.flightId,
    firstFixTime: fl.firstFixTime,
    callsign: fl.callsign,
    phase: fl.phase,
    takeoffAirport: fl.takeoffAirport,
    lastSequence: fl.lastSequence,
    crossing: c && {
      crossingId: c.crossingId,
      sequence: c.sequence,
      firId: c.firId,
      firName: c.firName,
      entryTime: c.entryTime,
      entryLatitude: c.entryLat,
      entryLongitude: c.entryLon,
      flownDistanceKm: c.flownKm,
      departureAirport: c.departureAirport,
    },
    pending: p && {
      toFirId: p.toFirId,
      time: p.time,
      latitude: p.lat,
      longitude: p.lon,
      flownDistanceKm: p.flownKm,
    },
  };
}

function flightFromState(fl: FlightTrackState): FlightProgress {
  const c = fl.crossing;
  const p = fl.pending;
  return {
    flightId: fl.flightId,
    firstFixTime: fl.firstFixTime,
    callsign: fl.callsign,
    phase: fl.phase === 'UNKNOWN' ? 'AIRBORNE' : fl.phase,
    takeoffAirport: fl.takeoffAirport,
    lastSequence: fl.lastSequence,
    crossing: c && {
      crossingId: c.crossingId,
      sequence: c.sequence,
      firId: c.firId,
      firName: c.firName,
      entryTime: c.entryTime,
      entryLat: c.entryLatitude,
      entryLon: c.entryLongitude,
      flownKm: c.flownDistanceKm,
      departureAirport: c.departureAirport,
    },
    pending: p && {
      toFirId: p.toFirId,
      time: p.time,
      lat: p.latitude,
      lon: p.longitude,
      flownKm: p.flownDistanceKm,
    },
  };
}

/** The aircraft as a fir-analyser.state value. */
export function aircraftToState(ac: AircraftTrack): AircraftTrackState {
  return {
    icao24: ac.icao24,
    meta: null,
    latestFixTime: ac.latestFixTime === NO_TIME ? 0 : ac.latestFixTime,
    lastReleasedTime: ac.lastReleasedTime === NO_TIME ? null : ac.lastReleasedTime,
    reorderBuffer: ac.buffer.map(fixToState),
    lastAccepted: ac.hasMain
      ? {
          time: ac.mainT,
          latitude: ac.mainLat,
          longitude: ac.mainLon,
          altitudeM: ac.mainAltM,
          onGround: ac.mainOnGround,
          velocityMs: ac.mainVelocityMs,
          callsign: ac.mainCallsign,
        }
      : null,
    lastAltitudeTime: ac.altT === NO_TIME ? null : ac.altT,
    lastAltitudeM: ac.altT === NO_TIME ? null : ac.altM,
    velocityLatDegS: ac.vLat,
    velocityLonDegS: ac.vLon,
    candidate: ac.candidate.map(fixToState),
    flight: ac.flight && flightToState(ac.flight),
  };
}

/** Rebuilds an aircraft from its fir-analyser.state value. */
export function aircraftFromState(state: AircraftTrackState): AircraftTrack {
  if (state.icao24.startsWith(META_KEY)) {
    throw new TrackingError('STATE_INVALID', `${state.icao24} is a meta key without meta`);
  }
  if ((state.lastAccepted === null) !== (state.flight === null)) {
    throw new TrackingError('STATE_INVALID', `${state.icao24}: lastAccepted and flight disagree`);
  }
  const ac = new AircraftTrack(state.icao24);
  ac.latestFixTime = state.latestFixTime;
  ac.lastReleasedTime = state.lastReleasedTime ?? NO_TIME;
  ac.buffer = state.reorderBuffer.map((f) => fixFromState(state.icao24, f));
  const main = state.lastAccepted;
  if (main) {
    ac.hasMain = true;
    ac.mainT = main.time;
    ac.mainLat = main.latitude;
    ac.mainLon = main.longitude;
    ac.mainAltM = main.altitudeM;
    ac.mainOnGround = main.onGround;
    ac.mainVelocityMs = main.velocityMs;
    ac.mainCallsign = main.callsign;
  }
  ac.altT = state.lastAltitudeTime ?? NO_TIME;
  ac.altM = state.lastAltitudeM ?? 0;
  ac.vLat = state.velocityLatDegS;
  ac.vLon = state.velocityLonDegS;
  ac.candidate = state.candidate.map((f) => fixFromState(state.icao24, f));
  ac.flight = state.flight && flightFromState(state.flight);
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
