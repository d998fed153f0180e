import type { CorrelatorPassenger, CorrelatorSchedule } from '@overfly/schemas';
import { MINUTE } from '../config.js';
import { compareText } from '../inputs.js';
import type { LegFacts } from '../leg-facts.js';
import type { World } from '../world.js';

/** The most legs a booking is followed over (a round trip with connections both ways). */
const MAX_LEGS = 8;

/**
 * Minimum connecting time when the manifest gives none: the shortest published MCT at the
 * network's hubs is 25–45 min for a Schengen-to-Schengen change (IATA SSIM Chapter 8 MCT
 * records as airlines file them); 45 min is the safe side for a passenger's connection.
 */
const DEFAULT_MCT_MINUTES = 45;

/** One passenger's booking, as the manifests and schedules the correlator holds tell it. */
export interface Trip {
  passenger: CorrelatorPassenger;
  /** The booked legs in travel order. */
  legs: CorrelatorSchedule[];
  /** The passenger's entry in each leg's manifest (null where that manifest is not held). */
  entries: Array<CorrelatorPassenger | null>;
  /** Index in `legs` of the disrupted leg. */
  at: number;
  /** The booking's legs reach its final destination (none is missing from the state). */
  complete: boolean;
}

function entryOf(world: World, scheduleId: string, passengerId: string) {
  return world.manifests.get(scheduleId)?.passengers.find((p) => p.passengerId === passengerId);
}

/** The booking of `passenger` on the disrupted leg `leg`: inbound legs first, onward legs after. */
export function tripOf(
  world: World,
  leg: CorrelatorSchedule,
  passenger: CorrelatorPassenger,
): Trip {
  const legs: CorrelatorSchedule[] = [leg];
  const entries: Array<CorrelatorPassenger | null> = [passenger];
  const id = passenger.passengerId;
  let inbound = world.inboundOf(leg.scheduleId, id);
  while (inbound !== undefined && legs.length < MAX_LEGS) {
    const before = world.legs.get(inbound);
    if (!before || legs.some((l) => l.scheduleId === inbound)) break;
    legs.unshift(before);
    entries.unshift(entryOf(world, inbound, id) ?? null);
    inbound = world.inboundOf(inbound, id);
  }
  const at = legs.length - 1;
  let entry: CorrelatorPassenger | null = passenger;
  while (entry?.connectionScheduleId && legs.length < MAX_LEGS) {
    const next = world.legs.get(entry.connectionScheduleId);
    if (!next || legs.some((l) => l.scheduleId === next.scheduleId)) break;
    legs.push(next);
    entry = entryOf(world, next.scheduleId, id) ?? null;
    entries.push(entry);
  }
  const last = legs[legs.length - 1] as CorrelatorSchedule;
  return {
    passenger,
    legs,
    entries,
    at,
    complete: last.arrivalAirport === passenger.finalDestinationAirport,
  };
}

/** The connecting time the passenger needs after leg `i` of the trip. */
export function connectionMs(trip: Trip, i: number): number {
  const mct = trip.entries[i]?.minimumConnectionMinutes ?? DEFAULT_MCT_MINUTES;
  return mct * MINUTE;
}

/** When a leg is now expected to leave: actual, estimated, or its known delay on the schedule. */
export function expectedDeparture(leg: CorrelatorSchedule, facts: LegFacts | undefined): number {
  if (leg.actualDeparture !== null) return leg.actualDeparture;
  if (leg.estimatedDeparture !== null) return leg.estimatedDeparture;
  const delay = facts?.departureDelay?.minutes ?? 0;
  return leg.scheduledDeparture + Math.max(0, delay) * MINUTE;
}

export function expectedArrival(leg: CorrelatorSchedule, facts: LegFacts | undefined): number {
  if (leg.actualArrival !== null) return leg.actualArrival;
  return facts?.expectedArrival ?? leg.estimatedArrival ?? leg.scheduledArrival;
}

/** A leg a passenger cannot be put on: cancelled, diverted, or already gone. */
function unusable(leg: CorrelatorSchedule, facts: LegFacts | undefined): boolean {
  return (
    leg.status === 'CANCELLED' ||
    leg.status === 'DIVERTED' ||
    facts?.cancelled != null ||
    facts?.diversion != null
  );
}

/**
 * The earliest usable leg on each route, found from the legs the correlator holds (the
 * airline's own and its partners' schedule as flight.schedules gives it). Seats are not
 * known here: a proposal is the earliest alternative, which the airline's inventory
 * confirms or not.
 */
export class Routes {
  readonly #byRoute = new Map<string, CorrelatorSchedule[]>();
  readonly #factsOf: (id: string) => LegFacts | undefined;
  /**
   * The latest scheduled departure held: past it the schedule says nothing, so finding no
   * alternative before it is not finding none at all.
   */
  readonly horizon: number;

  constructor(legs: Iterable<CorrelatorSchedule>, factsOf: (id: string) => LegFacts | undefined) {
    this.#factsOf = factsOf;
    let horizon = Number.NEGATIVE_INFINITY;
    for (const leg of legs) {
      horizon = Math.max(horizon, leg.scheduledDeparture);
      const key = `${leg.departureAirport}>${leg.arrivalAirport}`;
      let list = this.#byRoute.get(key);
      if (!list) {
        list = [];
        this.#byRoute.set(key, list);
      }
      list.push(leg);
    }
    this.horizon = horizon;
    for (const list of this.#byRoute.values())
      list.sort(
        (a, b) =>
          a.scheduledDeparture - b.scheduledDeparture || compareText(a.scheduleId, b.scheduleId),
      );
  }

  /** The earliest usable leg from → to leaving at or after `notBefore`, other than `not`. */
  earliest(
    from: string,
    to: string,
    notBefore: number,
    not: ReadonlySet<string>,
  ): { leg: CorrelatorSchedule; departure: number; arrival: number } | null {
    let best: { leg: CorrelatorSchedule; departure: number; arrival: number } | null = null;
    for (const leg of this.#byRoute.get(`${from}>${to}`) ?? []) {
      if (not.has(leg.scheduleId)) continue;
      const facts = this.#factsOf(leg.scheduleId);
      if (unusable(leg, facts) || leg.actualDeparture !== null) continue;
      const departure = expectedDeparture(leg, facts);
      if (departure < notBefore) continue;
      if (best && departure >= best.departure) continue;
      best = { leg, departure, arrival: expectedArrival(leg, facts) };
    }
    return best;
  }
}
