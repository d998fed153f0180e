import { MINUTE } from './config.js';
import type { DelayBasis, LegFacts } from './leg-facts.js';

/** What the rotation says of a leg: when its aircraft can leave and arrive. */
interface RotationFact {
  /** The leg bringing its aircraft in, when known and not cancelled. */
  inbound: LegFacts | null;
  /** When the inbound aircraft is expected on block; null without an inbound. */
  inboundArrival: number | null;
  /** How the inbound's arrival is known. */
  inboundBasis: DelayBasis | null;
  /** Minutes the inbound makes this leg late: its arrival plus the turnaround past the scheduled departure (0 when none). */
  reactionaryMinutes: number;
  /** Expected off-block: its own figure, or later when the inbound aircraft cannot be ready. */
  expectedDeparture: number;
  /** Expected on-block, carrying a later departure through the scheduled block time. */
  expectedArrival: number;
  /** How the expected arrival is known (PROPAGATED when it rests on a prediction). */
  arrivalBasis: DelayBasis | null;
}

export type RotationView = ReadonlyMap<string, RotationFact>;

/**
 * Expected times along each aircraft's rotation: a leg cannot leave before its inbound
 * aircraft is on block plus the minimum turnaround. Legs are taken in scheduled-departure
 * order, so each inbound is computed before the legs it feeds, and a delay carries on down
 * the rotation for as long as the schedule's slack does not absorb it.
 */
export function rotationView(
  legs: readonly LegFacts[],
  factsOf: (scheduleId: string) => LegFacts | undefined,
  minTurnaroundMs: number,
): RotationView {
  const view = new Map<string, RotationFact>();
  for (const f of legs) {
    const { leg } = f;
    const ownDeparture =
      leg.actualDeparture ??
      leg.estimatedDeparture ??
      leg.scheduledDeparture + (f.departureDelay ? f.departureDelay.minutes * MINUTE : 0);
    const inboundFacts = leg.inboundScheduleId ? view.get(leg.inboundScheduleId) : undefined;
    const inbound =
      inboundFacts && leg.inboundScheduleId ? (factsOf(leg.inboundScheduleId) ?? null) : null;
    const usable = inbound !== null && inbound.cancelled === null && inboundFacts !== undefined;
    const inboundArrival = usable ? inboundFacts.expectedArrival : null;
    const ready = inboundArrival === null ? null : inboundArrival + minTurnaroundMs;
    const reactionary =
      ready === null ? 0 : Math.max(0, Math.round((ready - leg.scheduledDeparture) / MINUTE));
    // An aircraft already gone is gone: no prediction overrides an actual off-block.
    const expectedDeparture =
      leg.actualDeparture ?? (ready === null ? ownDeparture : Math.max(ownDeparture, ready));
    const shift = expectedDeparture - leg.scheduledDeparture;
    const ownArrivalKnown = f.arrivalDelay !== null && f.arrivalDelay.basis !== 'PROPAGATED';
    const expectedArrival = ownArrivalKnown
      ? f.expectedArrival
      : Math.max(f.expectedArrival, leg.scheduledArrival + shift);
    const predicted = !ownArrivalKnown && expectedArrival > f.expectedArrival;
    view.set(leg.scheduleId, {
      inbound: usable ? inbound : null,
      inboundArrival,
      inboundBasis: usable ? (inboundFacts.arrivalBasis ?? null) : null,
      reactionaryMinutes: reactionary,
      expectedDeparture,
      expectedArrival,
      arrivalBasis: predicted ? 'PROPAGATED' : (f.arrivalDelay?.basis ?? null),
    });
  }
  return view;
}
