import type { DisruptionSeverity } from '@overfly/schemas';
import { legCause, type WeatherAt } from '../causes.js';
import { EU261_DELAY_MINUTES, LATE_MINUTES } from '../config.js';
import { assessEu261 } from '../eu261.js';
import { affectedOf, type EvalContext, evidence, type Finding, legLabel } from '../finding.js';
import type { DelayBasis, DelayFact, LegFacts } from '../leg-facts.js';

/**
 * How sure a delay figure is, by where it comes from: the source's actual times, a delay
 * event and the track's own landing are measurements; an estimate can still move; a
 * departure delay carried to the arrival ignores what the flight makes up or loses.
 */
export const DELAY_CONFIDENCE: Record<DelayBasis, number> = {
  ACTUAL: 0.95,
  REPORTED: 0.9,
  TRACK: 0.9,
  ESTIMATE: 0.8,
  PROPAGATED: 0.6,
};

const BASIS_WORDS: Record<DelayBasis, string> = {
  ACTUAL: 'actual',
  REPORTED: 'reported',
  TRACK: 'from the track',
  ESTIMATE: 'estimated',
  PROPAGATED: 'departure delay carried to arrival',
};

/** The larger of the two delays; at a tie, the firmer basis. */
export function worstDelay(f: LegFacts): { fact: DelayFact; at: 'departure' | 'arrival' } | null {
  const dep = f.departureDelay;
  const arr = f.arrivalDelay;
  if (!dep && !arr) return null;
  if (
    !arr ||
    (dep && dep.minutes >= arr.minutes && (dep.minutes > arr.minutes || arr.basis === 'PROPAGATED'))
  )
    return { fact: dep as DelayFact, at: 'departure' };
  return { fact: arr, at: 'arrival' };
}

function delaySeverity(minutes: number): DisruptionSeverity {
  if (minutes >= EU261_DELAY_MINUTES) return 'HIGH';
  if (minutes >= 60) return 'MEDIUM';
  return 'LOW';
}

/**
 * DELAY: a leg departs or arrives 15 minutes or more after schedule (actual, reported,
 * from its track, estimated, or its departure delay carried to the arrival), and is not
 * cancelled. Over when the leg is (arrived, diverted or timed out); resolved at once when
 * the delay falls back under 15 minutes.
 */
export function delayFindings(ctx: EvalContext, weatherAt: WeatherAt): Finding[] {
  const findings: Finding[] = [];
  for (const f of ctx.legs) {
    const anchor = f.leg.scheduleId;
    const worst = worstDelay(f);
    const late = worst !== null && worst.fact.minutes >= LATE_MINUTES && f.cancelled === null;
    if (!late && !ctx.isOpen('DELAY', anchor)) continue;
    const minutes = worst?.fact.minutes ?? 0;
    const cause = legCause(ctx, f, weatherAt);
    const text = worst
      ? `${worst.at} ${minutes} min late (${BASIS_WORDS[worst.fact.basis]})`
      : 'no delay known';
    findings.push({
      type: 'DELAY',
      anchor,
      holds: late,
      final: f.over,
      accumulates: false,
      content: {
        severity: delaySeverity(minutes),
        summary: `${legLabel(f)} ${late ? text : `back on time: ${text}`}`,
        airportIcao: worst?.at === 'arrival' ? f.leg.arrivalAirport : f.leg.departureAirport,
        operatorIcao: f.leg.operatorIcao,
        rootCauseScheduleId: null,
        weatherObservationId: null,
        affectedFlights: [affectedOf(f)],
        ...assessEu261(cause.cause, [f.leg.departureAirport], cause.saidBy),
        correlatedEventIds: evidence(f.evidence),
        confidence: worst ? DELAY_CONFIDENCE[worst.fact.basis] : null,
        positions: [],
      },
    });
  }
  return findings;
}

/**
 * CANCELLATION: the source's status says CANCELLED, or a CANCELLED event was matched to
 * the leg. Over once its scheduled departure has passed; resolved at once when the leg is
 * reinstated.
 */
export function cancellationFindings(ctx: EvalContext, weatherAt: WeatherAt): Finding[] {
  const findings: Finding[] = [];
  for (const f of ctx.legs) {
    const anchor = f.leg.scheduleId;
    if (f.cancelled === null && !ctx.isOpen('CANCELLATION', anchor)) continue;
    const cause = legCause(ctx, f, weatherAt);
    findings.push({
      type: 'CANCELLATION',
      anchor,
      holds: f.cancelled !== null,
      final: f.over,
      accumulates: false,
      content: {
        severity: 'HIGH',
        summary: `${legLabel(f)} ${f.cancelled ? 'cancelled' : 'reinstated'}`,
        airportIcao: f.leg.departureAirport,
        operatorIcao: f.leg.operatorIcao,
        rootCauseScheduleId: null,
        weatherObservationId: null,
        affectedFlights: [affectedOf(f)],
        ...assessEu261(cause.cause, [f.leg.departureAirport], cause.saidBy),
        correlatedEventIds: evidence(f.evidence),
        // The airline's own status is the firmest word; a matched event is as good as its match.
        confidence: f.cancelled?.basis === 'EVENT' ? 0.9 : 0.95,
        positions: [],
      },
    });
  }
  return findings;
}
