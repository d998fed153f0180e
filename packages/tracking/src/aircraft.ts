import type { FlightPhase } from '@overfly/schemas';
import type { Fix } from './types.js';

/** The FIR crossing in progress (already published PROVISIONAL). */
export interface OpenCrossing {
  crossingId: string;
  sequence: number;
  firId: string;
  firName: string | null;
  entryTime: number;
  entryLat: number;
  entryLon: number;
  flownKm: number;
  departureAirport: string | null;
}

/** A FIR change not yet committed (boundary ping-pong filter). */
export interface PendingChange {
  toFirId: string | null;
  time: number;
  lat: number;
  lon: number;
  flownKm: number;
}

export interface FlightProgress {
  flightId: string;
  firstFixTime: number;
  callsign: string | null;
  phase: FlightPhase;
  takeoffAirport: string | null;
  lastSequence: number;
  crossing: OpenCrossing | null;
  pending: PendingChange | null;
}

/** Sentinel for "no time yet" in the numeric fields below. */
export const NO_TIME = Number.NEGATIVE_INFINITY;

/**
 * Everything the engine keeps per aircraft: typed scalar fields for the last accepted fix
 * (no per-fix objects), the reorder buffer and the candidate track (both small, bounded).
 */
export class AircraftTrack {
  readonly icao24: string;
  latestFixTime = NO_TIME;
  lastReleasedTime = NO_TIME;
  buffer: Fix[] = [];

  hasMain = false;
  mainT = 0;
  mainLat = 0;
  mainLon = 0;
  mainAltM: number | null = null;
  mainOnGround: boolean | null = null;
  mainVelocityMs: number | null = null;
  mainCallsign: string | null = null;
  altT = NO_TIME;
  altM = 0;
  vLat = 0;
  vLon = 0;

  candidate: Fix[] = [];
  flight: FlightProgress | null = null;

  constructor(icao24: string) {
    this.icao24 = icao24;
  }
}
