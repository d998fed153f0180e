import type { CorrelatorWeather, DisruptionSeverity } from '@overfly/schemas';
import { baselineShare, hourOfDay, type Movement, movementsIn } from '../baseline.js';
import { assessEu261, type Cause, causeOfDelayCode } from '../eu261.js';
import {
  affectedOf,
  type EvalContext,
  evidence,
  type Finding,
  MAX_AFFECTED,
  percent,
  worstFirst,
} from '../finding.js';
import type { LegFacts } from '../leg-facts.js';

/**
 * An aerodrome's share of disrupted movements counts as abnormal when it is at least twice
 * its baseline and at least 15 percentage points above it: twice, so an airport whose
 * baseline is low is not flagged for a couple of late flights; 15 points, so one whose
 * baseline is high must still be clearly worse than usual.
 */
const ABNORMAL_FACTOR = 2;
const ABNORMAL_MARGIN = 0.15;

const SEVERE_WEATHER = new Set(['HIGH', 'SEVERE']);
const LOW_CEILING = new Set(['IFR', 'LIFR']);
const SEVERITY_RANK: Record<string, number> = { SEVERE: 3, HIGH: 2 };
const CATEGORY_RANK: Record<string, number> = { LIFR: 2, IFR: 1 };

/** What the airport patterns found at one aerodrome at this evaluation. */
export interface AirportCondition {
  icao: string;
  movements: number;
  disrupted: Movement[];
  share: number;
  baseline: number;
  /** Disrupted movements above the baseline (the airport's own condition). */
  abnormal: boolean;
  /** Reports in effect during the window with HIGH or SEVERE weather, or IFR or LIFR. */
  badWeather: CorrelatorWeather[];
  /** Most disrupted legs carry a weather delay code (7x, 84) that puts it here. */
  weatherCoded: boolean;
}

/**
 * Whether an abnormal aerodrome's condition is weather: a report in effect says so, or the
 * airlines' own delay codes do (a storm's queue outlasts the storm's last SPECI by hours).
 */
export function isWeather(c: AirportCondition): boolean {
  return c.badWeather.length > 0 || c.weatherCoded;
}

/** The reports in effect in [from, to): those observed in it, and the last one before it. */
function inEffect(
  observations: readonly CorrelatorWeather[],
  from: number,
  to: number,
): CorrelatorWeather[] {
  const before = observations.filter((o) => o.observedAt < from);
  const during = observations.filter((o) => o.observedAt >= from && o.observedAt < to);
  const last = before[before.length - 1];
  return last ? [last, ...during] : during;
}

/** The report to blame: the most severe, then the lowest category, then the latest. */
function worstReport(reports: readonly CorrelatorWeather[]): CorrelatorWeather {
  return [...reports].sort(
    (a, b) =>
      (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
      (CATEGORY_RANK[b.flightCategory] ?? 0) - (CATEGORY_RANK[a.flightCategory] ?? 0) ||
      b.observedAt - a.observedAt,
  )[0] as CorrelatorWeather;
}

export function airportConditions(ctx: EvalContext): Map<string, AirportCondition> {
  const { now, windowStart, config, world } = ctx;
  const byAirport = new Map<string, Movement[]>();
  const reactionaryOf = (id: string) => ctx.rotation.get(id)?.reactionaryMinutes ?? 0;
  for (const m of movementsIn(ctx.legs, windowStart, now, reactionaryOf)) {
    const list = byAirport.get(m.airport) ?? [];
    list.push(m);
    byAirport.set(m.airport, list);
  }
  const conditions = new Map<string, AirportCondition>();
  for (const icao of [...byAirport.keys()].sort()) {
    const movements = byAirport.get(icao) as Movement[];
    const disrupted = movements.filter((m) => m.here);
    const share = disrupted.length / movements.length;
    // The baseline of the window: each movement's hour of the day, averaged over them.
    const baseline =
      movements.reduce(
        (sum, m) => sum + baselineShare(world, icao, hourOfDay(scheduledTime(m)), config),
        0,
      ) / movements.length;
    const threshold = Math.max(ABNORMAL_FACTOR * baseline, baseline + ABNORMAL_MARGIN);
    const observations = world.airports.get(icao)?.observations ?? [];
    conditions.set(icao, {
      icao,
      movements: movements.length,
      disrupted,
      share,
      baseline,
      abnormal: disrupted.length >= config.minFlights && share >= threshold,
      badWeather: inEffect(observations, windowStart, now).filter(
        (o) => SEVERE_WEATHER.has(o.severity) || LOW_CEILING.has(o.flightCategory),
      ),
      weatherCoded: codedShare(disrupted, ['WEATHER']) >= 0.5,
    });
  }
  return conditions;
}

function scheduledTime(m: Movement): number {
  return m.kind === 'departure' ? m.facts.leg.scheduledDeparture : m.facts.leg.scheduledArrival;
}

function airportSeverity(c: AirportCondition): DisruptionSeverity {
  return c.disrupted.length >= 15 || c.share >= 0.6 ? 'HIGH' : 'MEDIUM';
}

/** The share of disrupted legs whose IATA delay code gives one of these causes (or is one of these codes). */
function codedShare(
  disrupted: readonly Movement[],
  causes: readonly Cause[],
  codes: readonly string[] = [],
): number {
  if (disrupted.length === 0) return 0;
  const coded = disrupted.filter((m) => {
    const code = m.facts.leg.delayCode;
    return causes.includes(causeOfDelayCode(code)) || codes.includes(code?.trim() ?? '');
  }).length;
  return coded / disrupted.length;
}

/** Restrictions at the airport of destination (88) and of departure (89), beside ATFM's 81–83. */
const RESTRICTION_CODES = ['88', '89'];

function legsOf(movements: readonly Movement[]): LegFacts[] {
  const seen = new Map<string, LegFacts>();
  for (const m of movements) seen.set(m.facts.leg.scheduleId, m.facts);
  return [...seen.values()];
}

/**
 * WEATHER_IMPACT: an aerodrome's disrupted movements are above its baseline (see
 * AirportCondition) while a report in effect in the window has HIGH or SEVERE weather or
 * IFR or LIFR, or most of them carry a weather delay code. AIRPORT_CONGESTION: the same
 * without either. Both resolve after two evaluations in a row without the condition.
 */
export function airportFindings(
  ctx: EvalContext,
  conditions: ReadonlyMap<string, AirportCondition>,
): Finding[] {
  const findings: Finding[] = [];
  const windowMinutes = Math.round(ctx.config.windowMs / 60_000);
  for (const c of conditions.values()) {
    if (!c.abnormal) continue;
    const legs = legsOf(c.disrupted);
    const affected = worstFirst(legs.map((f) => affectedOf(f))).slice(0, MAX_AFFECTED);
    const counts = `${c.disrupted.length} of ${c.movements} movements delayed or cancelled in the last ${windowMinutes} min (baseline ${percent(c.baseline)})`;
    const legEvidence = legs.map((f) => f.evidence);
    if (isWeather(c)) {
      const report = c.badWeather.length > 0 ? worstReport(c.badWeather) : null;
      const what = report
        ? [...report.phenomena, report.severity, report.flightCategory]
            .filter((w) => w !== 'UNKNOWN' && w !== 'NONE')
            .join(', ')
        : 'weather delay codes on most legs, no adverse report in effect';
      findings.push({
        type: 'WEATHER_IMPACT',
        anchor: c.icao,
        holds: true,
        final: false,
        accumulates: true,
        content: {
          severity: airportSeverity(c),
          summary: `Weather at ${c.icao} (${what}): ${counts}`,
          airportIcao: c.icao,
          operatorIcao: null,
          rootCauseScheduleId: null,
          weatherObservationId: report?.observationId ?? null,
          affectedFlights: affected,
          ...assessEu261(
            'WEATHER',
            legs.map((f) => f.leg.departureAirport),
            report
              ? `weather at ${c.icao} (${report.observationId})`
              : `weather delay codes (7x, 84) on most legs at ${c.icao}`,
          ),
          correlatedEventIds: evidence(
            c.badWeather.map((o) => o.observationId),
            ...legEvidence,
          ),
          // A report or the airline's weather codes alone say 0.75; both, 0.9.
          confidence: report && c.weatherCoded ? 0.9 : 0.75,
          positions: [],
        },
      });
    } else {
      const atc = codedShare(c.disrupted, ['ATC']) >= 0.5;
      const restricted = codedShare(c.disrupted, ['ATC'], RESTRICTION_CODES) >= 0.5;
      findings.push({
        type: 'AIRPORT_CONGESTION',
        anchor: c.icao,
        holds: true,
        final: false,
        accumulates: true,
        content: {
          severity: airportSeverity(c),
          summary: `Congestion at ${c.icao}: ${counts}, without bad weather`,
          airportIcao: c.icao,
          operatorIcao: null,
          rootCauseScheduleId: null,
          weatherObservationId: null,
          affectedFlights: affected,
          ...assessEu261(
            atc ? 'ATC' : 'UNKNOWN',
            legs.map((f) => f.leg.departureAirport),
            atc ? `ATFM delay codes (81–83) on most legs at ${c.icao}` : 'not established',
          ),
          correlatedEventIds: evidence(...legEvidence),
          // The residual pattern (no weather to blame): 0.65; with ATFM or airport restriction
          // codes on most legs (81–83, 88, 89: here, by where each puts its cause), 0.8.
          confidence: restricted ? 0.8 : 0.65,
          positions: [],
        },
      });
    }
  }
  return findings;
}
