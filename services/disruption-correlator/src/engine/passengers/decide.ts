import {
  assessCompensation,
  type Carriers,
  type Cause,
  type Eu261Assessment,
  Eu261Error,
  type Itinerary,
  type Leg,
  type Rerouting,
} from '@overfly/eu261';
import type {
  CorrelatorPassenger,
  CorrelatorSchedule,
  PassengerEventType,
  Rebooking,
} from '@overfly/schemas';
import { HOUR, MINUTE } from '../config.js';
import type { LegFacts } from '../leg-facts.js';
import { type CareCosts, type OptionCosts, totalOf } from './costs.js';
import { type Priority, priorityOf } from './priority.js';
import {
  connectionMs,
  expectedArrival,
  expectedDeparture,
  type Routes,
  type Trip,
} from './trip.js';

/**
 * A connection counts as at risk when the passenger would reach the onward leg's departure
 * with less than this to spare beyond the minimum connecting time: a gate change or a slow
 * transfer bus takes it.
 */
const AT_RISK_MARGIN_MS = 15 * MINUTE;

/**
 * Care (Art. 9) is owed from a departure delay of 2 h (band A), 3 h (band B) or 4 h (band C)
 * (Art. 6(1)(a)–(c)); after a cancellation (Art. 5(1)(b)) or a missed connection on one
 * booking (Folkerts, C-11/11) it is owed while the passenger waits for the re-routing.
 */
const CARE_AFTER_MS = { A: 2 * HOUR, B: 3 * HOUR, C: 4 * HOUR } as const;

/** A re-routing that leaves this long after the passenger is ready spans a night: hotel (Art. 9(1)(b)). */
const OVERNIGHT_WAIT_MS = 8 * HOUR;

export interface DecideEnv {
  now: number;
  factsOf(scheduleId: string): LegFacts | undefined;
  routes: Routes;
  carriers: Carriers;
  care: CareCosts;
  /**
   * Assessments of this evaluation by booking shape (legs, where and how it was disrupted,
   * the re-routing): most passengers of a leg share theirs, and assessing is the stage's
   * dearest step.
   */
  assessments: Map<string, Eu261Assessment | null>;
}

export interface Decision {
  type: PassengerEventType;
  priority: Priority;
  assessment: Eu261Assessment | null;
  arrivalDelayMinutes: number | null;
  rebooking: Rebooking | null;
  /** What this passenger's case costs, per option, in euro cents. */
  costs: OptionCosts;
  estimatedCostMinor: number | null;
}

type ConnectionState = 'NONE' | 'HELD' | 'AT_RISK' | 'MISSED';

interface Onward {
  /** The first leg of the re-routing, when one was needed and found. */
  first: { leg: CorrelatorSchedule; departure: number; arrival: number } | null;
  /** When the passenger reaches the end of the trip as now expected; null when not today. */
  arrival: number | null;
  /** The booked legs replaced (their fares pay for the new seats). */
  replaced: number[];
  /** When the passenger was stranded and when the re-routing leaves (for the overnight rule). */
  waitFrom: number;
  waitUntil: number | null;
}

/**
 * Takes the passenger on from `from` (index of the first leg not flown as booked), ready at
 * `readyAt`: each remaining booked leg is kept while it can still be made, otherwise the
 * earliest alternative on its route replaces it.
 */
function reroute(trip: Trip, from: number, readyAt: number, env: DecideEnv): Onward {
  const replaced: number[] = [];
  const excluded = new Set(trip.legs.slice(from).map((l) => l.scheduleId));
  let ready = readyAt;
  let first: Onward['first'] = null;
  let arrival = readyAt;
  for (let i = from; i < trip.legs.length; i++) {
    const booked = trip.legs[i] as CorrelatorSchedule;
    const facts = env.factsOf(booked.scheduleId);
    const keep =
      i !== from &&
      facts?.cancelled == null &&
      facts?.diversion == null &&
      expectedDeparture(booked, facts) >= ready;
    if (keep) arrival = expectedArrival(booked, facts);
    else {
      const alt = env.routes.earliest(
        booked.departureAirport,
        booked.arrivalAirport,
        Math.max(ready, env.now),
        excluded,
      );
      if (!alt) return { first, arrival: null, replaced, waitFrom: readyAt, waitUntil: null };
      replaced.push(i);
      first ??= alt;
      arrival = alt.arrival;
    }
    ready = arrival + connectionMs(trip, i);
  }
  return { first, arrival, replaced, waitFrom: readyAt, waitUntil: first?.departure ?? null };
}

function carrierOf(env: DecideEnv, leg: CorrelatorSchedule) {
  const { icao, community } = env.carriers.carrierOf(leg.operatorIcao);
  return { icao, community };
}

/** The booking as packages/eu261 reads it, with what is now expected in place of actual times. */
function itineraryOf(
  trip: Trip,
  env: DecideEnv,
  state: { cancelled: boolean; diverted: boolean; missed: boolean },
  cause: Cause,
  onward: Onward | null,
): Itinerary {
  const legs: Leg[] = trip.legs.map((leg, i) => {
    const facts = env.factsOf(leg.scheduleId);
    const disrupted = i === trip.at;
    const cancelled = disrupted && state.cancelled;
    const diverted = disrupted && state.diverted;
    return {
      flightNumber: leg.flightNumber,
      operatingCarrier: carrierOf(env, leg),
      from: leg.departureAirport,
      to: leg.arrivalAirport,
      scheduledDeparture: leg.scheduledDeparture,
      scheduledArrival: leg.scheduledArrival,
      actualDeparture: cancelled ? null : expectedDeparture(leg, facts),
      actualArrival: cancelled || diverted ? null : expectedArrival(leg, facts),
      status: cancelled ? 'CANCELLED' : diverted ? 'DIVERTED' : 'OPERATED',
      // Told when the airline published it: on the day, far inside Art. 5(1)(c)'s 14 days.
      cancellationNoticeAt: cancelled ? leg.updatedAt : null,
      deniedBoarding: 'NONE',
      missedConnection: disrupted && state.missed,
      cause: disrupted ? cause : null,
    };
  });
  const rerouting: Rerouting | null =
    onward?.first && onward.arrival !== null
      ? {
          flightNumber: onward.first.leg.flightNumber,
          departure: onward.first.departure,
          arrival: onward.arrival,
          actualArrival: null,
        }
      : null;
  return { bookingRef: null, legs, rerouting, thirdCountryRedress: false };
}

function assess(itinerary: Itinerary): Eu261Assessment | null {
  try {
    return assessCompensation(itinerary);
  } catch (error) {
    // Not assessable yet (a diversion or missed connection with no way on known): the
    // decision goes out without an amount, and a later one carries it.
    if (error instanceof Eu261Error) return null;
    throw error;
  }
}

function rebookingOf(onward: Onward | null, passenger: CorrelatorPassenger): Rebooking | null {
  const alt = onward?.first;
  if (!alt) return null;
  return {
    scheduleId: alt.leg.scheduleId,
    flightNumber: alt.leg.flightNumber,
    departureAirport: alt.leg.departureAirport,
    arrivalAirport: alt.leg.arrivalAirport,
    scheduledDeparture: alt.leg.scheduledDeparture,
    scheduledArrival: alt.leg.scheduledArrival,
    // The network's alternatives are the same airlines' same cabins (no downgrade, Art. 10).
    cabinClass: passenger.cabinClass as Rebooking['cabinClass'],
  };
}

function faresOf(trip: Trip, indexes: readonly number[]): number {
  let total = 0;
  for (const i of indexes) {
    const entry = trip.entries[i];
    if (entry?.fareMinor != null && entry.fareCurrency === 'EUR') total += entry.fareMinor;
  }
  return total;
}

/**
 * What one passenger of a disrupted leg is told and offered, and what it costs: null when
 * the disruption changes nothing for them (a short delay, no connection at stake). The rules
 * and their articles: services/disruption-correlator/README.md, "Passenger decisions".
 */
export function decidePassenger(trip: Trip, cause: Cause, env: DecideEnv): Decision | null {
  const leg = trip.legs[trip.at] as CorrelatorSchedule;
  const facts = env.factsOf(leg.scheduleId);
  const cancelled = facts?.cancelled != null || leg.status === 'CANCELLED';
  const diverted = !cancelled && (facts?.diversion != null || leg.status === 'DIVERTED');
  const next = trip.legs[trip.at + 1];

  let connection: ConnectionState = next ? 'HELD' : 'NONE';
  let onward: Onward | null = null;
  if (cancelled) {
    onward = reroute(trip, trip.at, Math.max(env.now, leg.scheduledDeparture), env);
    if (next) connection = 'MISSED';
  } else if (!diverted && next) {
    const ready = expectedArrival(leg, facts) + connectionMs(trip, trip.at);
    const departs = expectedDeparture(next, env.factsOf(next.scheduleId));
    if (ready > departs) {
      connection = 'MISSED';
      onward = reroute(trip, trip.at + 1, ready, env);
    } else if (ready + AT_RISK_MARGIN_MS > departs) connection = 'AT_RISK';
  }

  // Nothing lost and nothing late enough for care (the least threshold is band A's 2 h):
  // nothing to tell. A late onward leg is decided on under its own disruption.
  if (!cancelled && !diverted && onward === null && connection !== 'AT_RISK') {
    const late = Math.max(
      expectedDeparture(leg, facts) - leg.scheduledDeparture,
      expectedArrival(leg, facts) - leg.scheduledArrival,
    );
    if (late < CARE_AFTER_MS.A) return null;
  }

  let assessment: Eu261Assessment | null = null;
  if (trip.complete) {
    const state = { cancelled, diverted, missed: connection === 'MISSED' && !cancelled };
    let key = `${trip.at}|${+cancelled}${+diverted}${+state.missed}|${onward?.first?.leg.scheduleId ?? ''}|${onward?.arrival ?? ''}`;
    for (const l of trip.legs) key += `|${l.scheduleId}`;
    if (env.assessments.has(key)) assessment = env.assessments.get(key) ?? null;
    else {
      assessment = assess(itineraryOf(trip, env, state, cause, onward));
      env.assessments.set(key, assessment);
    }
  }
  const arrivalDelayMinutes = assessment?.arrivalDelayMinutes ?? null;
  const compensation = assessment?.eligible ? assessment.amount.amountMinor : 0;
  const band = assessment?.band ?? 'A';
  const departureDelayMs = cancelled ? 0 : expectedDeparture(leg, facts) - leg.scheduledDeparture;
  const stranded = onward !== null;
  const careOwed =
    stranded ||
    diverted ||
    departureDelayMs >= CARE_AFTER_MS[band] ||
    (arrivalDelayMinutes !== null && arrivalDelayMinutes * MINUTE >= CARE_AFTER_MS[band]);

  const costs: OptionCosts = {};
  if (compensation > 0) costs.COMPENSATION = compensation;
  let type: PassengerEventType;
  if (onward?.first && onward.arrival !== null) {
    type = 'REBOOKING_PROPOSED';
    costs.REBOOK = faresOf(trip, onward.replaced);
    costs.MEALS = env.care.mealsMinor;
    if (onward.waitUntil !== null && onward.waitUntil - onward.waitFrom >= OVERNIGHT_WAIT_MS)
      costs.HOTEL = env.care.hotelMinor;
  } else if (onward) {
    // No way on in the schedule held: at the start of the journey the refund (Art. 8(1)(a))
    // is what is offered; part-way, care, and a hotel when the schedule shows nothing for
    // the night (not when it merely ends: the seat may be on a flight it does not hold yet).
    const remaining = trip.legs.map((_, i) => i).filter((i) => i >= trip.at);
    if (trip.at === 0 && cancelled) {
      type = 'REFUND_OFFERED';
      costs.REFUND = faresOf(trip, remaining);
    } else {
      type = 'CARE_OFFERED';
      costs.MEALS = env.care.mealsMinor;
      if (onward.waitFrom + OVERNIGHT_WAIT_MS <= env.routes.horizon)
        costs.HOTEL = env.care.hotelMinor;
    }
  } else if (diverted) {
    type = 'CARE_OFFERED';
    costs.GROUND_TRANSPORT = env.care.groundTransportMinor;
    costs.MEALS = env.care.mealsMinor;
  } else if (connection === 'AT_RISK') {
    type = 'CONNECTION_AT_RISK';
  } else if (careOwed) {
    type = 'CARE_OFFERED';
    costs.MEALS = env.care.mealsMinor;
  } else if (compensation > 0) {
    type = 'COMPENSATION_ASSESSED';
  } else return null;

  const total = totalOf(costs);
  return {
    type,
    priority: priorityOf(trip.passenger, connection),
    assessment,
    arrivalDelayMinutes,
    rebooking: type === 'REBOOKING_PROPOSED' ? rebookingOf(onward, trip.passenger) : null,
    costs,
    estimatedCostMinor: type === 'CONNECTION_AT_RISK' && total === 0 ? null : total,
  };
}
