// Precision and recall of the correlator's disruptions against a scenario's ground truth.
//
// A truth item and a disruption match when they are of the same pattern (the ground truth
// names its patterns by the correlator's DisruptionType), speak of the same thing, and their
// time windows overlap within TOLERANCE_MS:
// - an airport pattern (WEATHER_IMPACT, AIRPORT_CONGESTION): the same aerodrome;
// - AIRLINE_WIDE: the same operator;
// - NETWORK_EFFECT: the network (one at a time): time alone;
// - a leg pattern (DELAY, CANCELLATION, CASCADING_DELAY, DIVERSION, RETURN_TO_ORIGIN,
//   HOLDING, GO_AROUND): a leg in common; a track finding no leg was matched to (anchor
//   `flight:<id>`) matches by the truth's aerodrome or operator instead.
// Recall counts the major truth items matched. Precision counts the disruptions matched to
// any truth item of their pattern, major or minor (a minor injected delay found is no false
// positive); a DELAY is also true when its leg is one an injected disruption of any pattern
// made late (a late leg of a weather day is a real late leg). ROTATION_RISK is a prediction
// the ground truth does not declare: counted, not scored.
import type { InjectedDisruption, InjectedPattern } from '@overfly/scenarios';
import type { FoundDisruption } from './correlate.js';

/**
 * One correlation window (the correlator's DISRUPTION_WINDOW, 1 h): a disruption's window
 * starts up to a window before the movements that show it, an aggregate needs its window to
 * fill before it is abnormal, and it is resolved only at the second evaluation without it.
 */
export const TOLERANCE_MS = 60 * 60_000;

const AIRPORT_PATTERNS = new Set<string>(['WEATHER_IMPACT', 'AIRPORT_CONGESTION']);

interface PatternScore {
  pattern: InjectedPattern;
  truthMajor: number;
  truthMinor: number;
  found: number;
  /** Major truth items matched by at least one disruption. */
  matched: number;
  /** Disruptions matched to a truth item (major or minor). */
  trueFound: number;
  /** null when there is nothing to divide by. */
  precision: number | null;
  recall: number | null;
  /** The major truth items no disruption matched (their ids). */
  missed: string[];
}

export interface ScenarioScore {
  scenario: string;
  patterns: PatternScore[];
  rotationRisks: number;
  /** Disruptions an operations controller must act on: not a DELAY or risk below HIGH. */
  majorFound: FoundDisruption[];
}

export function matches(truth: InjectedDisruption, found: FoundDisruption): boolean {
  if (truth.pattern !== found.type) return false;
  if (
    found.windowStart > truth.windowEnd + TOLERANCE_MS ||
    found.windowEnd < truth.windowStart - TOLERANCE_MS
  )
    return false;
  if (AIRPORT_PATTERNS.has(found.type)) return found.airportIcao === truth.airportIcao;
  if (found.type === 'AIRLINE_WIDE') return found.operatorIcao === truth.operatorIcao;
  if (found.type === 'NETWORK_EFFECT') return true;
  if (found.scheduleIds.size === 0)
    return (
      (truth.airportIcao !== null && found.airportIcao === truth.airportIcao) ||
      (truth.operatorIcao !== null && found.operatorIcao === truth.operatorIcao)
    );
  return truth.scheduleIds.some((id) => found.scheduleIds.has(id));
}

/** A disruption an operations controller must act on (what network-normal must not show). */
function isMajor(found: FoundDisruption): boolean {
  if (found.type === 'DELAY' || found.type === 'ROTATION_RISK')
    return found.severity === 'HIGH' || found.severity === 'CRITICAL';
  return found.type !== 'HOLDING' && found.type !== 'GO_AROUND';
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export function score(
  scenario: string,
  truth: readonly InjectedDisruption[],
  found: readonly FoundDisruption[],
): ScenarioScore {
  const patterns = new Set<InjectedPattern>();
  for (const t of truth) patterns.add(t.pattern);
  for (const f of found) if (f.type !== 'ROTATION_RISK') patterns.add(f.type as InjectedPattern);
  const injectedLegs = new Set(truth.flatMap((t) => t.scheduleIds));
  const rows = [...patterns].sort().map((pattern): PatternScore => {
    const items = truth.filter((t) => t.pattern === pattern);
    const major = items.filter((t) => t.major);
    const ofType = found.filter((f) => f.type === pattern);
    const missed = major.filter((t) => !ofType.some((f) => matches(t, f))).map((t) => t.id);
    const trueFound = ofType.filter(
      (f) =>
        items.some((t) => matches(t, f)) ||
        (pattern === 'DELAY' && [...f.scheduleIds].some((id) => injectedLegs.has(id))),
    ).length;
    const matched = major.length - missed.length;
    return {
      pattern,
      truthMajor: major.length,
      truthMinor: items.length - major.length,
      found: ofType.length,
      matched,
      trueFound,
      precision: ratio(trueFound, ofType.length),
      recall: ratio(matched, major.length),
      missed,
    };
  });
  return {
    scenario,
    patterns: rows,
    rotationRisks: found.filter((f) => f.type === 'ROTATION_RISK').length,
    majorFound: found.filter(isMajor),
  };
}
