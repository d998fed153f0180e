/**
 * The document's disruptions checked against the network and the planned day: airports and
 * airlines exist, windows fall in the day, each leg-based disruption finds its leg (named by
 * flight number or drawn by the seed), a return to origin happens in the air. Every problem
 * names its field, as the flight scenario's do.
 */

import { formatDuration } from '@overfly/config';
import { defaultAirports, greatCircleKm } from '@overfly/geo';
import type { ScenarioIssue } from '../errors.js';
import { rngFor } from '../prng.js';
import type { NetworkData } from './data.js';
import type { DisruptionSpec, LegSelector } from './document.js';
import { flightPlan, performanceOf } from './flight-time.js';
import type { PlannedDay, PlannedLeg } from './schedule.js';
import { STREAM } from './streams.js';

/** A disruption with its id, its window in epoch ms and, for leg-based ones, its leg. */
export interface ResolvedDisruption {
  id: string;
  index: number;
  spec: DisruptionSpec;
  from: number;
  to: number;
  leg: PlannedLeg | null;
}

/** The shortest distance from a leg's destination to its diversion airport (chosen). */
const MIN_DIVERSION_KM = 20;

const LEG_BASED = new Set(['cascade', 'diversion', 'holding', 'go_around', 'return_to_origin']);

export function resolveDisruptions(
  specs: readonly DisruptionSpec[],
  network: NetworkData,
  day: PlannedDay,
  context: { seed: number; start: number; end: number },
  issues: ScenarioIssue[],
): ResolvedDisruption[] {
  const airports = new Set(network.airports.map((a) => a.icao));
  const airlines = new Set(network.airlines.map((a) => a.icao));
  const taken = new Set<string>();
  const ids = new Set<string>();
  const resolved: ResolvedDisruption[] = [];
  const durationMs = context.end - context.start;
  specs.forEach((spec, index) => {
    const at = `disruptions[${index}]`;
    const before = issues.length;
    let from = context.start;
    let to = context.end;
    if ('airport' in spec && !airports.has(spec.airport)) {
      issues.push({
        path: `${at}.airport`,
        message: `${spec.airport} is not an airport of the ${network.name} network (${[...airports].join(', ')})`,
      });
    }
    if ('airline' in spec && !airlines.has(spec.airline)) {
      issues.push({
        path: `${at}.airline`,
        message: `${spec.airline} is not an airline of the ${network.name} network (${[...airlines].join(', ')})`,
      });
    }
    if (
      spec.type === 'weather' ||
      spec.type === 'atc_congestion' ||
      spec.type === 'technical' ||
      spec.type === 'airline_wide'
    ) {
      const f = spec.from ?? 0;
      const t = spec.to ?? durationMs;
      if (t > durationMs) {
        issues.push({
          path: `${at}.to`,
          message: `after the end of the day (${formatDuration(durationMs)})`,
        });
      }
      if (f >= t) issues.push({ path: `${at}.from`, message: 'expected from before to' });
      from = context.start + f;
      to = context.start + t;
    }
    let leg: PlannedLeg | null = null;
    if (LEG_BASED.has(spec.type) && 'leg' in spec) {
      leg = findLeg(spec, spec.leg, index, day, network, context, taken, issues);
      if (leg) {
        taken.add(leg.scheduleId);
        from = leg.scheduledDeparture;
        to = leg.scheduledArrival;
        checkLeg(spec, leg, at, issues);
      }
    }
    const id = spec.id ?? defaultId(spec, index, leg);
    if (ids.has(id)) issues.push({ path: `${at}.id`, message: `"${id}" is used twice` });
    ids.add(id);
    if (issues.length === before) resolved.push({ id, index, spec, from, to, leg });
  });
  return resolved;
}

function defaultId(spec: DisruptionSpec, index: number, leg: PlannedLeg | null): string {
  const subject =
    'airport' in spec ? spec.airport : 'airline' in spec ? spec.airline : leg?.flightNumber;
  return `${spec.type.replaceAll('_', '-')}-${subject ?? 'leg'}-${index + 1}`;
}

/** The leg a flight number names, or one drawn among the legs the selector allows. */
function findLeg(
  spec: DisruptionSpec,
  selector: LegSelector,
  index: number,
  day: PlannedDay,
  network: NetworkData,
  context: { seed: number; start: number },
  taken: ReadonlySet<string>,
  issues: ScenarioIssue[],
): PlannedLeg | null {
  const path = `disruptions[${index}].leg`;
  if (typeof selector === 'string') {
    const leg = day.legs.find((l) => l.flightNumber === selector);
    if (!leg) {
      const prefix = selector.slice(0, 2);
      const numbers = day.legs
        .filter((l) => l.flightNumber.startsWith(prefix))
        .map((l) => l.flightNumber);
      issues.push({
        path,
        message: `no leg ${selector} in this day${numbers.length > 0 ? ` (${prefix} flies ${numbers[0]}–${numbers[numbers.length - 1]})` : ''}`,
      });
    }
    return leg ?? null;
  }
  const hubs = new Map(network.airlines.map((a) => [a.icao, a.hubs]));
  const candidates = day.legs.filter((leg) => {
    if (taken.has(leg.scheduleId)) return false;
    if (selector.airline !== undefined && leg.operatorIcao !== selector.airline) return false;
    if (selector.departure !== undefined && leg.departureAirport !== selector.departure)
      return false;
    if (selector.arrival !== undefined && leg.arrivalAirport !== selector.arrival) return false;
    if (selector.after !== undefined && leg.scheduledDeparture < context.start + selector.after)
      return false;
    if (selector.before !== undefined && leg.scheduledDeparture >= context.start + selector.before)
      return false;
    const rotation = day.rotations[leg.aircraftIndex] ?? [];
    switch (spec.type) {
      // A cascade needs legs after its root to run through.
      case 'cascade':
        return leg.rotationIndex <= 1 && rotation.length - leg.rotationIndex >= 3;
      // Back at a hub, the aircraft can take its next round trip from there.
      case 'return_to_origin':
        return (hubs.get(leg.operatorIcao) ?? []).includes(leg.departureAirport);
      case 'diversion':
        return leg.arrivalAirport !== spec.to && leg.departureAirport !== spec.to;
      default:
        return true;
    }
  });
  if (candidates.length === 0) {
    issues.push({ path, message: `no leg of the day matches ${JSON.stringify(selector)}` });
    return null;
  }
  return rngFor(context.seed, STREAM.disruption, index).pick(candidates);
}

function checkLeg(
  spec: DisruptionSpec,
  leg: PlannedLeg,
  at: string,
  issues: ScenarioIssue[],
): void {
  const airports = defaultAirports();
  const origin = airports.byIcao(leg.departureAirport);
  const destination = airports.byIcao(leg.arrivalAirport);
  if (!origin || !destination) return;
  if (spec.type === 'diversion') {
    const alternate = airports.byIcao(spec.to);
    if (!alternate) {
      issues.push({
        path: `${at}.to`,
        message: `unknown airport "${spec.to}" (not in data/airports/airports.csv)`,
      });
    } else if (
      spec.to === leg.departureAirport ||
      greatCircleKm(alternate, destination) < MIN_DIVERSION_KM
    ) {
      issues.push({
        path: `${at}.to`,
        message: `${spec.to} is not an alternate for ${leg.flightNumber} ${leg.departureAirport}–${leg.arrivalAirport}`,
      });
    }
  }
  if (spec.type === 'return_to_origin') {
    const plan = flightPlan(origin, destination, performanceOf(leg.aircraftType), leg.cruiseFl, 0);
    if (spec.at <= plan.tLift || spec.at >= plan.tTouchdown) {
      issues.push({
        path: `${at}.at`,
        message: `${leg.flightNumber} is in the air from ${formatDuration(plan.tLift)} to ${formatDuration(plan.tTouchdown)} after off-block`,
      });
    }
  }
}
