import type { DisruptionSeverity } from '@overfly/schemas';
import { hasDelayCode, legCause, type WeatherAt } from '../causes.js';
import { EU261_DELAY_MINUTES, LATE_MINUTES, MINUTE } from '../config.js';
import { assessEu261, causeOfDelayCode } from '../eu261.js';
import {
  affectedOf,
  type EvalContext,
  evidence,
  type Finding,
  hhmm,
  legLabel,
  worstFirst,
} from '../finding.js';
import type { DelayBasis, LegFacts } from '../leg-facts.js';
import { DELAY_CONFIDENCE, worstDelay } from './leg.js';

/** A leg's own delay, the larger of departure and arrival (0 when none is known). */
function ownDelay(f: LegFacts): number {
  return Math.max(f.departureDelay?.minutes ?? 0, f.arrivalDelay?.minutes ?? 0);
}

/** Minutes late at arrival, its own figure or what its rotation predicts, whichever is later. */
function expectedArrivalDelay(ctx: EvalContext, f: LegFacts): number | null {
  const rotation = ctx.rotation.get(f.leg.scheduleId);
  const predicted = rotation
    ? Math.round((rotation.expectedArrival - f.leg.scheduledArrival) / MINUTE)
    : null;
  const own = f.arrivalDelay?.minutes ?? null;
  if (own === null) return predicted !== null && predicted > 0 ? predicted : null;
  return predicted === null ? own : Math.max(own, predicted);
}

/** An inbound's arrival as a fact (it is on block, or landed), not an estimate or a prediction. */
const KNOWN_ARRIVAL: ReadonlySet<DelayBasis> = new Set(['ACTUAL', 'REPORTED', 'TRACK']);

/**
 * A link of a cascade: the leg is late (its own delay, or the one its rotation predicts)
 * by 15 minutes or more, and its inbound explains it: the source gives it a reactionary
 * IATA code (91–96), or the inbound's expected on-block plus the minimum turnaround falls
 * 15 minutes or more past its scheduled departure (the knock-on).
 *
 * When the source gives the leg a code of another cause (its main one, AHM 730: weather,
 * an ATFM slot, the airline's own), the knock-on makes a new link only once the inbound is
 * on block (actual, reported or the track's landing): an estimated arrival carries the
 * departure delay over the whole block time, and the schedule's buffer often absorbs the
 * minutes it predicts. `onEstimate`: take the knock-on on the estimate anyway, to keep a
 * link of a cascade already found until the inbound lands (so it does not flicker), and to
 * tell whether a leg may be explained by its inbound (then it is no root of its own yet).
 *
 * How sure the link is: 0.95 with a reactionary code, 0.85 when the leg's own delay is
 * known, 0.6 when it is only predicted.
 */
function link(
  ctx: EvalContext,
  f: LegFacts,
  onEstimate: boolean,
): { late: boolean; explained: boolean; confidence: number } {
  const rotation = ctx.rotation.get(f.leg.scheduleId);
  const reactionary = rotation?.inbound ? rotation.reactionaryMinutes : 0;
  const own = ownDelay(f);
  const late = f.cancelled === null && Math.max(own, reactionary) >= LATE_MINUTES;
  const code = f.leg.delayCode;
  const reactionaryCode = causeOfDelayCode(code) === 'REACTIONARY';
  const coded = reactionaryCode && own >= LATE_MINUTES;
  const otherCause = hasDelayCode(code) && !reactionaryCode;
  const onBlock = rotation?.inboundBasis != null && KNOWN_ARRIVAL.has(rotation.inboundBasis);
  const knockOn = reactionary >= LATE_MINUTES && (!otherCause || onBlock || onEstimate);
  const explained = rotation?.inbound != null && (knockOn || coded);
  const confidence = coded ? 0.95 : own >= LATE_MINUTES ? 0.85 : 0.6;
  return { late, explained, confidence };
}

function cascadeSeverity(chain: number, worstMinutes: number): DisruptionSeverity {
  return chain >= 4 || worstMinutes >= EU261_DELAY_MINUTES ? 'HIGH' : 'MEDIUM';
}

/**
 * CASCADING_DELAY: a root leg late for a reason of its own (not explained by its inbound)
 * makes at least two later legs of the same aircraft late, each explained by the one
 * before it (see `link`). Anchored to the root; `rootCauseScheduleId` names it. Over when
 * every leg of the chain is; resolved at once when fewer than two links remain.
 */
export function cascadeFindings(ctx: EvalContext, weatherAt: WeatherAt): Finding[] {
  const findings: Finding[] = [];
  for (const root of ctx.legs) {
    const anchor = root.leg.scheduleId;
    const rootLink = link(ctx, root, true);
    const isRoot = root.cancelled === null && ownDelay(root) >= LATE_MINUTES && !rootLink.explained;
    const open = ctx.isOpen('CASCADING_DELAY', anchor);
    if (!isRoot && !open) continue;
    const chain: LegFacts[] = [];
    const rootDelay = worstDelay(root);
    let confidence = rootDelay ? DELAY_CONFIDENCE[rootDelay.fact.basis] : 1;
    let current = root;
    for (;;) {
      const next = ctx.world
        .outboundOf(current.leg.scheduleId)
        .map((leg) => ctx.factsOf(leg.scheduleId))
        .find((f): f is LegFacts => f !== undefined);
      if (!next || chain.includes(next)) break;
      const l = link(ctx, next, open);
      if (!l.late || !l.explained) break;
      chain.push(next);
      confidence = Math.min(confidence, l.confidence);
      current = next;
    }
    const holds = isRoot && chain.length >= 2;
    if (!holds && !open) continue;
    const legs = [root, ...chain];
    const affected = worstFirst(legs.map((f) => affectedOf(f, expectedArrivalDelay(ctx, f))));
    const worst = Math.max(0, ...affected.map((a) => a.expectedArrivalDelayMinutes ?? 0));
    const cause = legCause(ctx, root, weatherAt);
    const aircraft = root.leg.registration ?? root.leg.icao24 ?? 'its aircraft';
    const next = chain
      .map((f) => `${f.leg.flightNumber} ${expectedArrivalDelay(ctx, f) ?? '?'} min`)
      .join(', ');
    findings.push({
      type: 'CASCADING_DELAY',
      anchor,
      holds,
      final: legs.every((f) => f.over),
      accumulates: false,
      content: {
        severity: cascadeSeverity(chain.length, worst),
        summary: holds
          ? `Rotation of ${aircraft}: ${legLabel(root)} ${ownDelay(root)} min late, then ${chain.length} more legs late (${next})`
          : `Rotation of ${aircraft}: the delay of ${legLabel(root)} no longer carries on`,
        airportIcao: root.leg.departureAirport,
        operatorIcao: root.leg.operatorIcao,
        rootCauseScheduleId: anchor,
        weatherObservationId: null,
        affectedFlights: affected,
        ...assessEu261(
          cause.cause,
          legs.map((f) => f.leg.departureAirport),
          cause.saidBy,
        ),
        correlatedEventIds: evidence(...legs.map((f) => f.evidence)),
        confidence,
        positions: [],
      },
    });
  }
  return findings;
}

/** How sure a risk is, by how the inbound's arrival is known. */
const RISK_CONFIDENCE: Record<DelayBasis, number> = {
  ACTUAL: 0.9,
  REPORTED: 0.85,
  TRACK: 0.85,
  ESTIMATE: 0.75,
  PROPAGATED: 0.6,
};

function riskSeverity(minutes: number): DisruptionSeverity {
  if (minutes >= 60) return 'HIGH';
  if (minutes >= LATE_MINUTES) return 'MEDIUM';
  return 'LOW';
}

/**
 * ROTATION_RISK: a leg not yet departed whose inbound aircraft is late, and whose expected
 * on-block plus the minimum turnaround is after the leg's scheduled departure. (A turn
 * planned shorter than the minimum with an inbound on time is the plan, not a disruption.)
 * Resolved at once when the leg departs or is cancelled, or the inbound catches up.
 */
export function rotationRiskFindings(ctx: EvalContext, weatherAt: WeatherAt): Finding[] {
  const findings: Finding[] = [];
  const turnaround = Math.round(ctx.config.minTurnaroundMs / MINUTE);
  for (const f of ctx.legs) {
    const anchor = f.leg.scheduleId;
    const rotation = ctx.rotation.get(anchor);
    const inbound = rotation?.inbound;
    const inboundLate =
      inbound != null &&
      rotation?.inboundArrival != null &&
      rotation.inboundArrival > inbound.leg.scheduledArrival;
    const minutes = rotation?.reactionaryMinutes ?? 0;
    const holds = !f.departed && f.cancelled === null && inboundLate && minutes > 0;
    if (!holds && !ctx.isOpen('ROTATION_RISK', anchor)) continue;
    const cause = legCause(ctx, f, weatherAt);
    const arrival = rotation?.inboundArrival ?? null;
    const summary =
      holds && inbound && arrival !== null
        ? `${legLabel(f)} at risk: inbound ${inbound.leg.flightNumber} expected on block ${hhmm(arrival)}, ready ${hhmm(arrival + ctx.config.minTurnaroundMs)} after a ${turnaround} min turnaround, ${minutes} min after its ${hhmm(f.leg.scheduledDeparture)} departure`
        : `${legLabel(f)} no longer at risk from its inbound`;
    findings.push({
      type: 'ROTATION_RISK',
      anchor,
      holds,
      final: false,
      accumulates: false,
      content: {
        severity: riskSeverity(minutes),
        summary,
        airportIcao: f.leg.departureAirport,
        operatorIcao: f.leg.operatorIcao,
        rootCauseScheduleId: null,
        weatherObservationId: null,
        affectedFlights: [affectedOf(f, expectedArrivalDelay(ctx, f))],
        ...assessEu261(cause.cause, [f.leg.departureAirport], cause.saidBy),
        correlatedEventIds: evidence(f.evidence, inbound?.evidence ?? []),
        confidence: RISK_CONFIDENCE[rotation?.inboundBasis ?? 'PROPAGATED'],
        positions: [],
      },
    });
  }
  return findings;
}
