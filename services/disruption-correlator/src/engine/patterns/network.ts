import { hasDelayCode } from '../causes.js';
import { LATE_MINUTES } from '../config.js';
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
import { type AirportCondition, isWeather } from './airport.js';

const AIRLINE_CAUSES: readonly Cause[] = ['AIRLINE', 'TECHNICAL', 'OWN_STRIKE'];

/**
 * AIRLINE_WIDE: among the legs scheduled to depart in the window, an operator's share of
 * legs delayed at departure or cancelled for a reason of its own (`ownReason`) is at least
 * `airlineShare`, at least twice the share of every other operator together, with at least
 * `minFlights` such legs departing from at least `airlineMinAirports` aerodromes. Resolves
 * after two evaluations in a row without it.
 */
export function airlineFindings(
  ctx: EvalContext,
  conditions: ReadonlyMap<string, AirportCondition>,
): Finding[] {
  const { config, windowStart, now } = ctx;
  const legs = new Map<string, number>();
  const disrupted = new Map<string, LegFacts[]>();
  for (const f of ctx.legs) {
    const { leg } = f;
    if (leg.scheduledDeparture < windowStart || leg.scheduledDeparture >= now) continue;
    legs.set(leg.operatorIcao, (legs.get(leg.operatorIcao) ?? 0) + 1);
    const late = f.cancelled !== null || (f.departureDelay?.minutes ?? 0) >= LATE_MINUTES;
    if (!late || !ownReason(ctx, f, conditions)) continue;
    const list = disrupted.get(leg.operatorIcao) ?? [];
    list.push(f);
    disrupted.set(leg.operatorIcao, list);
  }
  const totalLegs = [...legs.values()].reduce((a, b) => a + b, 0);
  const totalDisrupted = [...disrupted.values()].reduce((a, b) => a + b.length, 0);
  const windowMinutes = Math.round(config.windowMs / 60_000);
  const findings: Finding[] = [];
  for (const operator of [...disrupted.keys()].sort()) {
    const own = disrupted.get(operator) as LegFacts[];
    const n = legs.get(operator) ?? 0;
    const share = own.length / n;
    const otherLegs = totalLegs - n;
    const others = otherLegs === 0 ? 0 : (totalDisrupted - own.length) / otherLegs;
    const airports = [...new Set(own.map((f) => f.leg.departureAirport))].sort();
    if (
      own.length < config.minFlights ||
      share < config.airlineShare ||
      share < 2 * others ||
      airports.length < config.airlineMinAirports
    )
      continue;
    const causes = own.map((f) => causeOfDelayCode(f.leg.delayCode));
    const ownCause = causes.filter((c) => AIRLINE_CAUSES.includes(c)).length * 2 >= own.length;
    const main = mostCommon(causes.filter((c) => AIRLINE_CAUSES.includes(c)));
    findings.push({
      type: 'AIRLINE_WIDE',
      anchor: operator,
      holds: true,
      final: false,
      accumulates: true,
      content: {
        severity: airports.length >= 5 || own.length >= 15 ? 'HIGH' : 'MEDIUM',
        summary: `${operator}: ${own.length} of ${n} departures delayed or cancelled at ${airports.length} airports (${airports.join(', ')}) in the last ${windowMinutes} min; other airlines ${percent(others)}`,
        airportIcao: null,
        operatorIcao: operator,
        rootCauseScheduleId: null,
        weatherObservationId: null,
        affectedFlights: worstFirst(own.map((f) => affectedOf(f))).slice(0, MAX_AFFECTED),
        ...assessEu261(
          ownCause && main ? main : 'UNKNOWN',
          own.map((f) => f.leg.departureAirport),
          ownCause ? `the airline's own IATA delay codes on most legs` : 'not established',
        ),
        correlatedEventIds: evidence(...own.map((f) => f.evidence)),
        // One operator worse than all others across airports: 0.7; with its own delay codes on most legs, 0.85.
        confidence: ownCause ? 0.85 : 0.7,
        positions: [],
      },
    });
  }
  return findings;
}

/**
 * Whether a late or cancelled departure is the airline's own story. Its IATA delay code
 * says so when it has one: the airline's own (01–69, 97) is; any other (weather, ATFM,
 * security, the airport's restrictions, 91–96 its inbound) is another pattern's. A leg
 * without a code is the airline's unless its inbound explains it (the rotation's story) or
 * it leaves from or arrives at an aerodrome with an abnormal condition or bad weather in
 * effect (the airport's).
 */
function ownReason(
  ctx: EvalContext,
  f: LegFacts,
  conditions: ReadonlyMap<string, AirportCondition>,
): boolean {
  const code = f.leg.delayCode;
  if (hasDelayCode(code)) return AIRLINE_CAUSES.includes(causeOfDelayCode(code));
  if ((ctx.rotation.get(f.leg.scheduleId)?.reactionaryMinutes ?? 0) >= LATE_MINUTES) return false;
  const troubled = (icao: string) => {
    const c = conditions.get(icao);
    return c !== undefined && (c.abnormal || c.badWeather.length > 0);
  };
  return !(troubled(f.leg.departureAirport) || troubled(f.leg.arrivalAirport));
}

function mostCommon(causes: readonly Cause[]): Cause | null {
  const counts = new Map<Cause, number>();
  for (const c of causes) counts.set(c, (counts.get(c) ?? 0) + 1);
  let best: Cause | null = null;
  for (const [c, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (best === null || n > (counts.get(best) ?? 0)) best = c;
  return best;
}

/**
 * NETWORK_EFFECT: at least `networkMinAirports` aerodromes have an abnormal share of
 * disrupted movements at the same evaluation (weather or not), and their disrupted legs
 * belong to at least two operators. One network disruption at a time (anchor 'network');
 * it resolves after two evaluations in a row without it.
 */
export function networkFindings(
  ctx: EvalContext,
  conditions: ReadonlyMap<string, AirportCondition>,
): Finding[] {
  const abnormal = [...conditions.values()].filter((c) => c.abnormal);
  if (abnormal.length < ctx.config.networkMinAirports) return [];
  const legs = new Map<string, LegFacts>();
  for (const c of abnormal) for (const m of c.disrupted) legs.set(m.facts.leg.scheduleId, m.facts);
  const operators = new Set([...legs.values()].map((f) => f.leg.operatorIcao));
  if (operators.size < 2) return [];
  const weatherEverywhere = abnormal.every(isWeather);
  const names = abnormal.map((c) => (isWeather(c) ? `${c.icao} (weather)` : c.icao)).join(', ');
  const all = [...legs.values()];
  return [
    {
      type: 'NETWORK_EFFECT',
      anchor: 'network',
      holds: true,
      final: false,
      accumulates: true,
      content: {
        severity: abnormal.length >= 5 ? 'CRITICAL' : 'HIGH',
        summary: `${abnormal.length} airports disrupted at once: ${names}; ${all.length} flights of ${operators.size} airlines`,
        airportIcao: null,
        operatorIcao: null,
        rootCauseScheduleId: null,
        weatherObservationId: null,
        affectedFlights: worstFirst(all.map((f) => affectedOf(f))).slice(0, MAX_AFFECTED),
        ...assessEu261(
          weatherEverywhere ? 'WEATHER' : 'UNKNOWN',
          all.map((f) => f.leg.departureAirport),
          weatherEverywhere ? 'weather at every airport concerned' : 'not established',
        ),
        correlatedEventIds: evidence(
          abnormal.flatMap((c) => c.badWeather.map((o) => o.observationId)),
          ...all.map((f) => f.evidence),
        ),
        confidence: 0.8,
        positions: [],
      },
    },
  ];
}
