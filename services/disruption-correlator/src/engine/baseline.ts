import type { CorrelatorBaselineHour } from '@overfly/schemas';
import { placeOfDelayCode } from './causes.js';
import { DAY, type EngineConfig, HOUR, LATE_MINUTES } from './config.js';
import { type Cause, causeOfDelayCode } from './eu261.js';
import type { LegFacts } from './leg-facts.js';
import type { World } from './world.js';

/** A departure or an arrival of a leg at an aerodrome. */
export interface Movement {
  facts: LegFacts;
  kind: 'departure' | 'arrival';
  airport: string;
  /** Cancelled, late by 15 minutes or more at this end, or (an arrival) diverted away. */
  disrupted: boolean;
  /**
   * Disrupted, and for a reason of this aerodrome as far as its IATA delay code says (see
   * `explainedElsewhere`): what the airport patterns and the baseline count.
   */
  here: boolean;
}

/**
 * Causes that are another pattern's story, not the aerodrome's: the airline's own (IATA
 * delay codes 01–69: technical, handling, its operations, its staff; 97 its own strike) and
 * the inbound leg's (reactionary, 91–96), which rotation and airline-wide patterns follow.
 */
const ELSEWHERE: ReadonlySet<Cause> = new Set([
  'AIRLINE',
  'TECHNICAL',
  'OWN_STRIKE',
  'REACTIONARY',
]);

/** Minutes a leg's inbound aircraft makes it late (rotation.ts); 0 when none or unknown. */
export type ReactionaryOf = (scheduleId: string) => number;

/**
 * Whether a movement's cause is away from its aerodrome. By its IATA delay code: with the
 * airline or the inbound leg (ELSEWHERE), or at the other end of the leg or en route
 * (`placeOfDelayCode`): a departure held for weather or an ATFM slot at its destination
 * (72, 83) is the destination's story; an arrival late because it left late for its
 * origin's weather or restrictions (71, 89) is the origin's. A leg without a code (a
 * flight-data API gives none) is placed by its times: an arrival that gained less than 15
 * minutes after a late departure brought its delay from the origin; a departure its late
 * inbound aircraft explains to within 15 minutes is the rotation's.
 */
function explainedElsewhere(
  facts: LegFacts,
  kind: Movement['kind'],
  reactionaryOf: ReactionaryOf,
): boolean {
  const code = facts.leg.delayCode;
  if (code === null || code.trim() === '') return placedByTimes(facts, kind, reactionaryOf);
  if (ELSEWHERE.has(causeOfDelayCode(code))) return true;
  const place = placeOfDelayCode(code);
  if (place === null) return false;
  return place !== (kind === 'departure' ? 'DEPARTURE' : 'ARRIVAL');
}

function placedByTimes(
  facts: LegFacts,
  kind: Movement['kind'],
  reactionaryOf: ReactionaryOf,
): boolean {
  if (facts.cancelled !== null || facts.diversion !== null) return false;
  const departure = facts.departureDelay?.minutes ?? 0;
  if (kind === 'arrival') {
    const arrival = facts.arrivalDelay?.minutes ?? 0;
    return departure >= LATE_MINUTES && arrival - departure < LATE_MINUTES;
  }
  const reactionary = reactionaryOf(facts.leg.scheduleId);
  return reactionary > 0 && departure - reactionary < LATE_MINUTES;
}

export function hourOfDay(at: number): number {
  // `new Date(at).getUTCHours()` without building a Date (asked per leg, per evaluation).
  return Math.floor((((at % DAY) + DAY) % DAY) / HOUR);
}

/**
 * The movements of every leg scheduled in [from, to): departures by scheduled off-block at
 * the departure aerodrome, arrivals by scheduled on-block at the arrival aerodrome.
 */
export function movementsIn(
  legs: readonly LegFacts[],
  from: number,
  to: number,
  reactionaryOf: ReactionaryOf = () => 0,
): Movement[] {
  const movements: Movement[] = [];
  for (const f of legs) {
    const { leg } = f;
    const cancelled = f.cancelled !== null;
    if (leg.scheduledDeparture >= from && leg.scheduledDeparture < to) {
      const disrupted = cancelled || (f.departureDelay?.minutes ?? 0) >= LATE_MINUTES;
      movements.push({
        facts: f,
        kind: 'departure',
        airport: leg.departureAirport,
        disrupted,
        here: disrupted && !explainedElsewhere(f, 'departure', reactionaryOf),
      });
    }
    if (leg.scheduledArrival >= from && leg.scheduledArrival < to) {
      const disrupted =
        cancelled || f.diversion !== null || (f.arrivalDelay?.minutes ?? 0) >= LATE_MINUTES;
      movements.push({
        facts: f,
        kind: 'arrival',
        airport: leg.arrivalAirport,
        disrupted,
        here: disrupted && !explainedElsewhere(f, 'arrival', reactionaryOf),
      });
    }
  }
  return movements;
}

/**
 * The share of disrupted movements an aerodrome has in this hour of the day: the learned
 * one once the hour has `baselineMinDays` days of history, the configured floor until then.
 */
export function baselineShare(
  world: World,
  icao: string,
  hour: number,
  config: EngineConfig,
): number {
  const learned = world.airports.get(icao)?.baseline.find((b) => b.hour === hour);
  return learned && learned.days >= config.baselineMinDays ? learned.share : config.baselineFloor;
}

/**
 * Folds one ended hour [hourStart, hourStart + 1 h) into every aerodrome's baseline: the
 * share of its movements scheduled in that hour that were disrupted for a reason of the
 * aerodrome (`here`, what the airport patterns compare with it), as known now (one
 * window after the hour, so late legs have shown it), weighted exponentially with a
 * half-life of `baselineHalfLifeMs` (one sample per aerodrome and hour of the day per day).
 * Hours without movements at an aerodrome teach nothing.
 */
export function foldHour(
  world: World,
  legs: readonly LegFacts[],
  hourStart: number,
  config: EngineConfig,
  reactionaryOf: ReactionaryOf = () => 0,
): void {
  const counts = new Map<string, { movements: number; disrupted: number }>();
  for (const m of movementsIn(legs, hourStart, hourStart + HOUR, reactionaryOf)) {
    const c = counts.get(m.airport) ?? { movements: 0, disrupted: 0 };
    c.movements++;
    if (m.here) c.disrupted++;
    counts.set(m.airport, c);
  }
  const alpha = 1 - 2 ** (-DAY / config.baselineHalfLifeMs);
  const hour = hourOfDay(hourStart);
  for (const icao of [...counts.keys()].sort()) {
    const c = counts.get(icao) as { movements: number; disrupted: number };
    const share = c.disrupted / c.movements;
    const airport = world.airport(icao);
    let entry: CorrelatorBaselineHour | undefined = airport.baseline.find((b) => b.hour === hour);
    if (!entry) {
      entry = { hour, share, days: 1 };
      airport.baseline.push(entry);
      airport.baseline.sort((a, b) => a.hour - b.hour);
    } else {
      entry.share += alpha * (share - entry.share);
      entry.days++;
    }
  }
}
