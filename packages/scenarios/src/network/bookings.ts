/**
 * Who flies: bookings on the planned legs, direct or connecting through the airline's hub
 * (the onward leg leaves at least the hub's minimum connecting time after the inbound is
 * scheduled to arrive), and their passengers with cabin, loyalty tier, fares, special
 * assistance and language. Every figure here is Overfly's own model, not airline data:
 * load factors, fares and the shares of each need are chosen to look like a European
 * short-haul day, and are listed in README "Network scenarios".
 */
import type { CabinClass, LoyaltyTier, Money } from '@overfly/schemas';
import { type Rng, rngFor, streamSeed } from '../prng.js';
import type { NetworkAirlineData, NetworkAirportData } from './data.js';
import type { NetworkBooking, NetworkPassenger, SpecialAssistanceCode } from './model.js';
import type { PlannedLeg } from './schedule.js';
import { STREAM } from './streams.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Seats sold on a leg: 72–93 % of its seats (chosen). */
const LOAD_FACTOR = { min: 0.72, max: 0.93 } as const;
/** Share of an inbound leg's passengers who connect at the hub (chosen). */
const CONNECTING_SHARE = { min: 0.2, max: 0.45 } as const;
/** At most this share of an outbound leg's seats goes to connecting passengers (chosen). */
const CONNECTING_CAP = 0.5;
/** The longest connection sold: the hub's minimum connecting time plus this (chosen). */
const LONGEST_EXTRA_MS = 150 * MINUTE;
/** Party sizes 1–4 with these weights (chosen). */
const PARTY_WEIGHTS = [0.6, 0.25, 0.08, 0.07] as const;
const BUSINESS_SHARE = 0.1;
/** Share of bookings made on the day, 2–20 hours before departure; the rest 1–60 days before. */
const LATE_BOOKINGS = 0.03;
/** Share of passengers without a contact the airline may use. */
const NO_CONTACT = 0.05;

const TIERS: ReadonlyArray<readonly [LoyaltyTier, number]> = [
  ['NONE', 0.5],
  ['BASIC', 0.2],
  ['SILVER', 0.15],
  ['GOLD', 0.1],
  ['PLATINUM', 0.05],
];
const BUSINESS_TIERS: ReadonlyArray<readonly [LoyaltyTier, number]> = [
  ['NONE', 0.2],
  ['BASIC', 0.2],
  ['SILVER', 0.25],
  ['GOLD', 0.2],
  ['PLATINUM', 0.15],
];
/** Per passenger (UMNR per party of one, INFT per party of two or more). Chosen shares. */
const NEEDS: ReadonlyArray<readonly [SpecialAssistanceCode, number]> = [
  ['WCHR', 0.01],
  ['WCHC', 0.002],
  ['BLND', 0.001],
  ['DEAF', 0.001],
  ['MEDA', 0.001],
];
const UNACCOMPANIED_MINOR = 0.01;
const INFANT = 0.03;

export interface BookingContext {
  seed: number;
  legs: readonly PlannedLeg[];
  airports: ReadonlyMap<string, NetworkAirportData>;
  airlines: ReadonlyMap<string, NetworkAirlineData>;
}

export function bookDay(context: BookingContext): NetworkBooking[] {
  const { legs, airports } = context;
  const sold = new Map<string, number>(legs.map((l) => [l.scheduleId, 0]));
  const target = new Map<string, number>();
  const connectingSold = new Map<string, number>();
  const bookings: NetworkBooking[] = [];
  const departuresFrom = new Map<string, PlannedLeg[]>();
  legs.forEach((leg, i) => {
    const rng = rngFor(context.seed, STREAM.bookings, 0, i);
    target.set(
      leg.scheduleId,
      Math.round(leg.seats * rng.between(LOAD_FACTOR.min, LOAD_FACTOR.max)),
    );
    const key = `${leg.operatorIcao}:${leg.departureAirport}`;
    departuresFrom.set(key, [...(departuresFrom.get(key) ?? []), leg]);
  });

  const book = (itinerary: readonly PlannedLeg[], size: number, rng: Rng) => {
    const n = bookings.length;
    bookings.push(makeBooking(context, itinerary, size, rng, n));
    for (const leg of itinerary) sold.set(leg.scheduleId, (sold.get(leg.scheduleId) ?? 0) + size);
  };

  // Connections first, so each outbound leg keeps room for its local passengers after.
  legs.forEach((inbound, i) => {
    const hub = airports.get(inbound.arrivalAirport);
    if (!hub) return;
    const mct = hub.minimumConnectionMinutes * MINUTE;
    const onward = (departuresFrom.get(`${inbound.operatorIcao}:${hub.icao}`) ?? []).filter(
      (out) =>
        out.arrivalAirport !== inbound.departureAirport &&
        out.scheduledDeparture - inbound.scheduledArrival >= mct &&
        out.scheduledDeparture - inbound.scheduledArrival <= mct + LONGEST_EXTRA_MS,
    );
    if (onward.length === 0) return;
    const rng = rngFor(context.seed, STREAM.bookings, 1, i);
    let want = Math.round(
      (target.get(inbound.scheduleId) ?? 0) *
        rng.between(CONNECTING_SHARE.min, CONNECTING_SHARE.max),
    );
    let misses = 0;
    while (want > 0 && misses < 8) {
      const out = rng.pick(onward);
      const size = Math.min(partySize(rng), want);
      const room = Math.min(
        (target.get(inbound.scheduleId) ?? 0) - (sold.get(inbound.scheduleId) ?? 0),
        Math.floor(out.seats * CONNECTING_CAP) - (connectingSold.get(out.scheduleId) ?? 0),
        (target.get(out.scheduleId) ?? 0) - (sold.get(out.scheduleId) ?? 0),
      );
      if (room < size) {
        misses++;
        continue;
      }
      book([inbound, out], size, rng);
      connectingSold.set(out.scheduleId, (connectingSold.get(out.scheduleId) ?? 0) + size);
      want -= size;
    }
  });

  // Then local passengers up to each leg's load factor.
  legs.forEach((leg, i) => {
    const rng = rngFor(context.seed, STREAM.bookings, 2, i);
    for (;;) {
      const room = (target.get(leg.scheduleId) ?? 0) - (sold.get(leg.scheduleId) ?? 0);
      if (room <= 0) break;
      book([leg], Math.min(partySize(rng), room), rng);
    }
  });
  return bookings;
}

function partySize(rng: Rng): number {
  let x = rng.next();
  for (let i = 0; i < PARTY_WEIGHTS.length; i++) {
    x -= PARTY_WEIGHTS[i] as number;
    if (x < 0) return i + 1;
  }
  return PARTY_WEIGHTS.length;
}

function weighted<T>(items: ReadonlyArray<readonly [T, number]>, rng: Rng): T {
  let x = rng.next();
  for (const [item, weight] of items) {
    x -= weight;
    if (x < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

function makeBooking(
  context: BookingContext,
  itinerary: readonly PlannedLeg[],
  size: number,
  rng: Rng,
  n: number,
): NetworkBooking {
  const first = itinerary[0] as PlannedLeg;
  const cabinClass: CabinClass = rng.next() < BUSINESS_SHARE ? 'BUSINESS' : 'ECONOMY';
  const late = rng.next() < LATE_BOOKINGS;
  const bookedAt = late
    ? first.scheduledDeparture - rng.int(120, 1_200) * MINUTE
    : first.scheduledDeparture - rng.int(1, 60) * DAY - rng.int(0, 1_439) * MINUTE;
  const language = languageOf(context, first, rng);
  const connecting = itinerary.length > 1;
  const pseudonym = pseudonymOf(context.seed, n);
  const passengers: NetworkPassenger[] = [];
  for (let p = 0; p < size; p++) {
    const needs: SpecialAssistanceCode[] = [];
    if (size === 1 && rng.next() < UNACCOMPANIED_MINOR) needs.push('UMNR');
    if (size > 1 && p === 0 && rng.next() < INFANT) needs.push('INFT');
    for (const [code, chance] of NEEDS) if (rng.next() < chance) needs.push(code);
    const passengerId = `P${pseudonym}-${p + 1}`;
    passengers.push({
      passengerId,
      cabinClass,
      loyaltyTier: weighted(cabinClass === 'BUSINESS' ? BUSINESS_TIERS : TIERS, rng),
      fares: itinerary.map((leg) => fare(leg, cabinClass, connecting, rng)),
      specialAssistance: needs,
      language,
      contactRef: rng.next() < NO_CONTACT ? null : `C${pseudonym}-${p + 1}`,
    });
  }
  return {
    bookingId: `B${pseudonym}`,
    itinerary: itinerary.map((l) => l.scheduleId),
    passengers,
    bookedAt,
  };
}

/**
 * Fare of one leg in EUR cents: €40 plus €0.12 per great-circle km, times 0.7–2.0 for
 * when it was bought; business ×2.5–3.5; each leg of a connection 20 % cheaper. Overfly's
 * own model (no fare data is bundled), only so options can be costed.
 */
function fare(leg: PlannedLeg, cabin: CabinClass, connecting: boolean, rng: Rng): Money {
  let euros = (40 + 0.12 * leg.distanceKm) * rng.between(0.7, 2.0);
  if (cabin === 'BUSINESS') euros *= rng.between(2.5, 3.5);
  if (connecting) euros *= 0.8;
  return { amountMinor: Math.round(euros) * 100, currency: 'EUR' };
}

/** Mostly the language of where the trip starts, else the airline's, else English. */
function languageOf(context: BookingContext, first: PlannedLeg, rng: Rng): string {
  const x = rng.next();
  const origin = context.airports.get(first.departureAirport);
  if (x < 0.6 && origin) return rng.pick(origin.languages);
  const airline = context.airlines.get(first.operatorIcao);
  if (x < 0.85 && airline) return airline.language;
  return 'en';
}

/**
 * The stable part of a booking's ids, saying nothing about the person: 8 hex digits of a
 * hash of the seed and the booking's number, then the number (so no two bookings share it).
 */
function pseudonymOf(seed: number, n: number): string {
  return `${streamSeed(seed, STREAM.ids, n).toString(16).padStart(8, '0')}${n.toString(36)}`;
}
