import { greatCircleKm } from '@overfly/geo';
import type { CorrelatorFlight, CorrelatorSchedule, CorrelatorTrackEvent } from '@overfly/schemas';
import { MINUTE } from './config.js';
import type { World } from './world.js';

/**
 * Where a delay figure comes from, from the firmest to the weakest: the source's actual
 * times, a delay event, the track's own landing (wheels-on against scheduled on-block, so
 * a lower bound: taxi-in comes on top), the source's estimate, or a departure delay carried
 * to the arrival unchanged.
 */
export type DelayBasis = 'ACTUAL' | 'REPORTED' | 'TRACK' | 'ESTIMATE' | 'PROPAGATED';

export interface DelayFact {
  minutes: number;
  basis: DelayBasis;
}

export interface TrackFinding {
  basis: 'SCHEDULE' | 'EVENT' | 'TRACK';
  /** The aerodrome it ended at, when known. */
  airport: string | null;
  flight: CorrelatorFlight | null;
  /** The flight.events that show it, in time order. */
  events: CorrelatorTrackEvent[];
  /** When the last of them happened (or the schedule said so). */
  at: number;
}

/** One leg as the patterns see it at an evaluation: what its schedule and tracks say. */
export interface LegFacts {
  leg: CorrelatorSchedule;
  flights: CorrelatorFlight[];
  departureDelay: DelayFact | null;
  arrivalDelay: DelayFact | null;
  cancelled: { basis: 'SCHEDULE' | 'EVENT'; events: CorrelatorTrackEvent[] } | null;
  diversion: TrackFinding | null;
  returned: TrackFinding | null;
  departed: boolean;
  arrived: boolean;
  /** The best estimate of its on-block time. */
  expectedArrival: number;
  /** Nothing more to watch: arrived, diverted, cancelled and past its departure, or timed out. */
  over: boolean;
  passengerCount: number | null;
  /** Ids of what shows all this: the schedule version, the flights' events, the manifest (built when first read). */
  readonly evidence: string[];
}

/** Where an aerodrome is; undefined when the table does not know it. */
export type Locate = (icao: string) => { lat: number; lon: number } | undefined;

/**
 * A landing within this distance of an aerodrome is a landing there: the radius the track
 * engine (packages/tracking, `airportRadiusKm`) itself names a landing's aerodrome within.
 */
const SAME_AERODROME_KM = 10;

const DEPARTED = new Set(['DEPARTED', 'AIRBORNE', 'LANDED', 'ARRIVED', 'DIVERTED']);
const ARRIVED = new Set(['LANDED', 'ARRIVED']);

const minutesBetween = (later: number, earlier: number) => Math.round((later - earlier) / MINUTE);

function scheduleRef(leg: CorrelatorSchedule): string {
  return `schedule:${leg.scheduleId}@${new Date(leg.updatedAt).toISOString()}`;
}

/** Whether a landing event happened at (within SAME_AERODROME_KM of) the aerodrome. */
function landedAt(e: CorrelatorTrackEvent, icao: string, locate: Locate): boolean {
  if (e.airportIcao === icao) return true;
  const at = locate(icao);
  if (!at || e.latitude === null || e.longitude === null) return false;
  return greatCircleKm({ lat: e.latitude, lon: e.longitude }, at) <= SAME_AERODROME_KM;
}

function latestOf(flights: CorrelatorFlight[], type: string): CorrelatorTrackEvent | null {
  let latest: CorrelatorTrackEvent | null = null;
  for (const f of flights)
    for (const e of f.events)
      if (e.type === type && (!latest || e.occurredAt >= latest.occurredAt)) latest = e;
  return latest;
}

/**
 * What the state says of a leg. Everything but `over` depends on the state alone, so the
 * engine keeps a leg's facts until the leg, its tracks or its manifest change, and sets
 * `over` for each evaluation with `setOver`.
 */
export function legFacts(world: World, leg: CorrelatorSchedule, locate: Locate): LegFacts {
  const flights = world.flightsOf(leg.scheduleId);
  const status = leg.status;

  let departureDelay: DelayFact | null = null;
  if (leg.actualDeparture !== null)
    departureDelay = {
      minutes: minutesBetween(leg.actualDeparture, leg.scheduledDeparture),
      basis: 'ACTUAL',
    };
  else if (leg.estimatedDeparture !== null)
    departureDelay = {
      minutes: minutesBetween(leg.estimatedDeparture, leg.scheduledDeparture),
      basis: 'ESTIMATE',
    };
  else {
    const reported = latestOf(flights, 'DEPARTURE_DELAY');
    if (reported?.delayMinutes != null)
      departureDelay = { minutes: reported.delayMinutes, basis: 'REPORTED' };
  }

  let landing: CorrelatorTrackEvent | null = null;
  for (const f of flights)
    for (const e of f.events)
      if (e.type === 'LANDING' && landedAt(e, leg.arrivalAirport, locate)) landing = e;

  let arrivalDelay: DelayFact | null = null;
  let expectedArrival: number;
  if (leg.actualArrival !== null) {
    arrivalDelay = {
      minutes: minutesBetween(leg.actualArrival, leg.scheduledArrival),
      basis: 'ACTUAL',
    };
    expectedArrival = leg.actualArrival;
  } else if (leg.estimatedArrival !== null) {
    arrivalDelay = {
      minutes: minutesBetween(leg.estimatedArrival, leg.scheduledArrival),
      basis: 'ESTIMATE',
    };
    expectedArrival = leg.estimatedArrival;
  } else {
    const reported = latestOf(flights, 'ARRIVAL_DELAY');
    if (reported?.delayMinutes != null) {
      arrivalDelay = { minutes: reported.delayMinutes, basis: 'REPORTED' };
    } else if (landing) {
      arrivalDelay = {
        minutes: minutesBetween(landing.occurredAt, leg.scheduledArrival),
        basis: 'TRACK',
      };
    } else if (departureDelay) {
      arrivalDelay = { minutes: departureDelay.minutes, basis: 'PROPAGATED' };
    }
    expectedArrival = leg.scheduledArrival + (arrivalDelay ? arrivalDelay.minutes * MINUTE : 0);
  }

  const cancelledEvents = flights.flatMap((f) => f.events.filter((e) => e.type === 'CANCELLED'));
  const cancelled =
    status === 'CANCELLED'
      ? { basis: 'SCHEDULE' as const, events: cancelledEvents }
      : cancelledEvents.length > 0
        ? { basis: 'EVENT' as const, events: cancelledEvents }
        : null;

  const diversion = diversionOf(leg, flights, locate);
  const returned = returnOf(leg, flights, locate);
  const takeoff = flights.some((f) => f.events.some((e) => e.type === 'TAKEOFF'));
  const departed = leg.actualDeparture !== null || DEPARTED.has(status) || takeoff;
  const arrived = leg.actualArrival !== null || ARRIVED.has(status) || landing !== null;
  const manifest = world.manifests.get(leg.scheduleId);
  let evidence: string[] | null = null;

  return {
    leg,
    flights,
    departureDelay,
    arrivalDelay,
    cancelled,
    diversion,
    returned,
    departed,
    arrived,
    expectedArrival,
    over: false,
    passengerCount: manifest?.passengerCount ?? null,
    // Most legs are evaluated without being cited: their ids are gathered only when they are.
    get evidence() {
      if (evidence === null) {
        evidence = [scheduleRef(leg)];
        for (const f of flights) for (const e of f.events) evidence.push(e.eventId);
        if (manifest) evidence.push(manifest.manifestId);
      }
      return evidence;
    },
  };
}

/** Sets `over` as of `now`: arrived, diverted, cancelled and past its departure, or a window past its expected arrival with no news. */
export function setOver(f: LegFacts, now: number, windowMs: number): LegFacts {
  f.over =
    f.arrived ||
    f.diversion !== null ||
    (f.cancelled !== null && now >= f.leg.scheduledDeparture) ||
    now >= Math.max(f.leg.scheduledArrival, f.expectedArrival) + windowMs;
  return f;
}

/**
 * The leg ended away from its destination: the source says DIVERTED, a DIVERTED event
 * says so, or one of its tracks landed more than SAME_AERODROME_KM from the scheduled
 * arrival and not back at its departure (that is a return to origin).
 */
function diversionOf(
  leg: CorrelatorSchedule,
  flights: CorrelatorFlight[],
  locate: Locate,
): TrackFinding | null {
  const trackEvents = (f: CorrelatorFlight | null) =>
    f
      ? f.events.filter(
          (e) => e.type === 'TAKEOFF' || e.type === 'LANDING' || e.type === 'DIVERTED',
        )
      : [];
  const declared = latestOf(flights, 'DIVERTED');
  const declaredFlight = declared
    ? (flights.find((f) => f.flightId === declared.flightId) ?? null)
    : null;
  if (leg.status === 'DIVERTED') {
    return {
      basis: 'SCHEDULE',
      airport: leg.diversionAirport ?? declared?.airportIcao ?? null,
      flight: declaredFlight,
      events: trackEvents(declaredFlight),
      at: declared?.occurredAt ?? leg.updatedAt,
    };
  }
  if (declared) {
    return {
      basis: 'EVENT',
      airport: declared.airportIcao,
      flight: declaredFlight,
      events: trackEvents(declaredFlight),
      at: declared.occurredAt,
    };
  }
  for (const f of flights) {
    const landing = f.events.find((e) => e.type === 'LANDING');
    // A landing that says neither where nor at what aerodrome says nothing of a diversion.
    const placed =
      landing !== undefined &&
      (landing.airportIcao !== null || (landing.latitude !== null && landing.longitude !== null));
    if (
      !landing ||
      !placed ||
      landedAt(landing, leg.arrivalAirport, locate) ||
      landedAt(landing, leg.departureAirport, locate)
    )
      continue;
    return {
      basis: 'TRACK',
      airport: landing.airportIcao,
      flight: f,
      events: trackEvents(f),
      at: landing.occurredAt,
    };
  }
  return null;
}

/** One of its tracks came back: a RETURN_TO_ORIGIN event, or a take-off then a landing at the departure aerodrome. */
function returnOf(
  leg: CorrelatorSchedule,
  flights: CorrelatorFlight[],
  locate: Locate,
): TrackFinding | null {
  for (const f of flights) {
    const declared = f.events.find((e) => e.type === 'RETURN_TO_ORIGIN');
    const takeoff = f.events.find((e) => e.type === 'TAKEOFF');
    const landing = f.events.find(
      (e) => e.type === 'LANDING' && (!takeoff || e.occurredAt > takeoff.occurredAt),
    );
    const shown = f.events.filter(
      (e) => e.type === 'TAKEOFF' || e.type === 'LANDING' || e.type === 'RETURN_TO_ORIGIN',
    );
    if (declared)
      return {
        basis: 'EVENT',
        airport: leg.departureAirport,
        flight: f,
        events: shown,
        at: declared.occurredAt,
      };
    if (takeoff && landing && landedAt(landing, leg.departureAirport, locate))
      return {
        basis: 'TRACK',
        airport: leg.departureAirport,
        flight: f,
        events: shown,
        at: landing.occurredAt,
      };
  }
  return null;
}
