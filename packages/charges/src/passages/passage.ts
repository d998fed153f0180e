import { haversineKm } from '@overfly/geo';
import type { ChargedPassage } from '@overfly/schemas';
import type { CrossingInput } from '../price.js';

/**
 * One flight's passage through one charging zone: the FINAL crossings of consecutive FIRs
 * of the zone, in sequence order (Regulation (EU) 2019/317 Annex VIII 1.2 prices a flight
 * per charging zone, not per FIR). A FIR in no zone is a passage of its one crossing.
 */
export interface ZonePassage {
  /** The crossingId of the crossing the passage began with: stable whatever is redelivered. */
  passageId: string;
  flightId: string;
  icao24: string;
  callsign: string | null;
  /** The charging zone, or null for a FIR outside every zone of the tariff. */
  zone: string | null;
  crossings: readonly CrossingInput[];
}

/** The passage as the charge record names it: where it began and ended, what it is made of. */
export function describePassage(passage: ZonePassage): ChargedPassage {
  const first = passage.crossings[0];
  const last = passage.crossings.at(-1);
  if (!first || !last) throw new Error(`passage ${passage.passageId} has no crossing`);
  const exitLatitude = last.exitLatitude ?? last.entryLatitude;
  const exitLongitude = last.exitLongitude ?? last.entryLongitude;
  const greatCircleDistanceKm =
    passage.crossings.length === 1
      ? // The analyser's own entry → exit great circle (the same haversine, unrounded).
        first.greatCircleDistanceKm
      : haversineKm(first.entryLatitude, first.entryLongitude, exitLatitude, exitLongitude);
  let flown = 0;
  let takeOffs = 0;
  let landings = 0;
  for (const c of passage.crossings) {
    flown += c.flownDistanceKm;
    if (c.departureAirport) takeOffs++;
    if (c.arrivalAirport) landings++;
  }
  return {
    crossingIds: passage.crossings.map((c) => c.crossingId),
    firIds: passage.crossings.map((c) => c.firId),
    entryTime: first.entryTime,
    exitTime: last.exitTime ?? last.entryTime,
    entryLatitude: first.entryLatitude,
    entryLongitude: first.entryLongitude,
    exitLatitude,
    exitLongitude,
    greatCircleDistanceKm,
    flownDistanceKm: flown,
    takeOffs,
    landings,
    departureAirport: passage.crossings.find((c) => c.departureAirport)?.departureAirport ?? null,
    arrivalAirport: passage.crossings.findLast((c) => c.arrivalAirport)?.arrivalAirport ?? null,
  };
}

/** A passage of one crossing (a FIR priced on its own: no zone, or a record of old). */
export function singleCrossingPassage(c: CrossingInput, zone: string | null): ZonePassage {
  return {
    passageId: c.crossingId,
    flightId: c.flightId,
    icao24: c.icao24,
    callsign: c.callsign,
    zone,
    crossings: [c],
  };
}
