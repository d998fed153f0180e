/**
 * A parsed document → a Scenario the simulation runs: airports resolved, every default of a
 * scripted flight drawn, events turned into absolute times, and the rules that need the
 * data (airports exist, types are known, a diversion happens in the air) checked, each
 * problem naming its field.
 */

import { formatDuration } from '@overfly/config';
import { type Airport, defaultAirports, greatCircleKm } from '@overfly/geo';
import { isSyntheticAddress, SYNTHETIC_ADDRESSES } from './addresses.js';
import {
  bundledRegistry,
  type TypePerformance,
  typePerformance,
  typesForDistance,
} from './aircraft.js';
import { airportsInRegion } from './airports.js';
import { cruiseLevel } from './cruise.js';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { HOLD_MS, squawkFrom, TAXI_IN_MS } from './leg.js';
import { operatorOf, operatorsFor } from './operators.js';
import { buildPath, type FlightPath, goAroundTime, holdingOf, redirectPath } from './path.js';
import { rngFor } from './prng.js';
import { METRES_PER_FOOT } from './profile.js';
import { initialCourseDeg, type LatLon } from './route.js';
import type {
  AfterLanding,
  GeneratedFlightsSpec,
  ScenarioDocument,
  ScriptedFlightSpec,
} from './schema.js';

export interface CompileOptions {
  /** Epoch ms; overrides the document's start (a caller that wants "now" passes Date.now()). */
  start?: number;
  /** Overrides the document's seed. */
  seed?: number;
  /** Overrides the document's duration (ms). */
  durationMs?: number;
}

export interface ScriptedFlight {
  /** Index in the document's `flights`. */
  index: number;
  icao24: string;
  callsign: string;
  type: string;
  squawk: string;
  originCountry: string | null;
  origin: Airport;
  destination: Airport;
  waypoints: readonly LatLon[];
  performance: TypePerformance;
  cruiseFl: number;
  startTime: number;
  holdMs: number;
  taxiInMs: number;
  /** Offset of this aircraft's report times within the report interval. */
  phaseMs: number;
  /** Transponder silences, [from, to) epoch ms, in time order. */
  gaps: ReadonlyArray<{ from: number; to: number }>;
  /** Diversions and returns to the origin (`to` is then the origin), in time order. */
  diversions: ReadonlyArray<{ at: number; to: Airport }>;
  /** A holding before the approach: its level and about how long (whole laps). */
  holding: { levelFl: number; durationMs: number } | null;
  /** The first approach ends in a go-around. */
  goAround: boolean;
}

export interface FlightGroup {
  /** Index in the document's `flights`. */
  index: number;
  count: number;
  airports: readonly Airport[];
  departureSpreadMs: number;
  startAirborne: boolean;
  afterLanding: AfterLanding;
  turnaroundMs: number;
  minDistanceKm: number;
  maxDistanceKm: number;
  /** First synthetic address slot of the group. */
  slotBase: number;
}

export interface Scenario {
  name: string;
  description: string | null;
  seed: number;
  start: number;
  end: number;
  reportIntervalMs: number;
  scripted: readonly ScriptedFlight[];
  groups: readonly FlightGroup[];
  /** Aircraft slots of all groups together (synthetic address stride). */
  slots: number;
}

/** The shortest route a scripted flight may have (a chosen floor: take-off to landing). */
const MIN_ROUTE_KM = 20;

export function compileScenario(
  document: ScenarioDocument,
  options: CompileOptions = {},
  origin = document.name ?? 'scenario',
): Scenario {
  const startText = document.start;
  const start = options.start ?? (startText === undefined ? undefined : Date.parse(startText));
  if (start === undefined || !Number.isFinite(start)) {
    throw new ScenarioError(
      'SCENARIOS_START_MISSING',
      `${origin}: give "start" in the scenario or a start time to run it at (e.g. now)`,
    );
  }
  const seed = options.seed ?? document.seed;
  const durationMs = options.durationMs ?? document.duration;
  const issues: ScenarioIssue[] = [];
  if (!(durationMs > 0)) issues.push({ path: 'duration', message: 'expected a positive duration' });
  const context: Context = {
    seed,
    start,
    end: start + durationMs,
    intervalMs: Math.round(document.reportIntervalS * 1000),
    issues,
    generatesAircraft: document.flights.some((flight) => flight.kind === 'generated'),
  };

  const scripted: ScriptedFlight[] = [];
  const groups: FlightGroup[] = [];
  let slots = 0;
  document.flights.forEach((flight, index) => {
    if (flight.kind === 'scripted') {
      const compiled = compileScripted(flight, index, context);
      if (compiled) scripted.push(compiled);
    } else {
      const group = compileGroup(flight, index, slots, context);
      if (group) {
        groups.push(group);
        slots += group.count;
      }
    }
  });
  if (slots > SYNTHETIC_ADDRESSES.size - scripted.length) {
    issues.push({
      path: 'flights',
      message: `${slots} generated aircraft is more than the ${SYNTHETIC_ADDRESSES.size} synthetic addresses`,
    });
  }
  checkAirframeOverlaps(scripted, context);
  if (issues.length > 0) throw new ScenarioError('SCENARIOS_INVALID', origin, { issues });
  scripted.sort((a, b) => a.startTime - b.startTime || a.index - b.index);
  return {
    name: document.name ?? origin,
    description: document.description ?? null,
    seed,
    start,
    end: context.end,
    reportIntervalMs: context.intervalMs,
    scripted,
    groups,
    slots,
  };
}

interface Context {
  seed: number;
  start: number;
  end: number;
  intervalMs: number;
  issues: ScenarioIssue[];
  /** Generated groups draw from the synthetic block, so scripted flights must stay out of it. */
  generatesAircraft: boolean;
}

function airport(code: string, path: string, context: Context): Airport | undefined {
  const found = defaultAirports().byIcao(code);
  if (!found) {
    context.issues.push({
      path,
      message: `unknown airport "${code}" (not in data/airports/airports.csv)`,
    });
  }
  return found;
}

function compileScripted(
  spec: ScriptedFlightSpec,
  index: number,
  context: Context,
): ScriptedFlight | null {
  const at = `flights[${index}]`;
  const problems = context.issues.length;
  const origin = airport(spec.origin, `${at}.origin`, context);
  const destination = airport(spec.destination, `${at}.destination`, context);
  const rng = rngFor(context.seed, 0, index);
  // A network day (packages/scenarios/src/network) names its own made-up airframes in the
  // synthetic block: allowed where no generated aircraft or unnamed scripted one can get it.
  if (
    spec.icao24 !== undefined &&
    isSyntheticAddress(spec.icao24) &&
    (context.generatesAircraft || SYNTHETIC_ADDRESSES.isScriptedDefault(spec.icao24))
  ) {
    context.issues.push({
      path: `${at}.icao24`,
      message: `${SYNTHETIC_ADDRESSES.describe} is kept for generated aircraft and unnamed scripted ones`,
    });
  }
  const registered = spec.icao24 === undefined ? undefined : bundledRegistry().typeOf(spec.icao24);
  if (registered && spec.type !== undefined && spec.type !== registered.type) {
    context.issues.push({
      path: `${at}.type`,
      message: `icao24 ${spec.icao24} is registered as ${registered.type} in data/aircraft/registry.csv, not ${spec.type}`,
    });
  }
  if (!origin || !destination) return null;
  const gcKm = greatCircleKm(origin, destination);
  if (gcKm < MIN_ROUTE_KM) {
    context.issues.push({
      path: `${at}.destination`,
      message: `${spec.destination} is ${gcKm.toFixed(1)} km from ${spec.origin}; a flight needs at least ${MIN_ROUTE_KM} km`,
    });
  }
  const type = spec.type ?? registered?.type ?? rng.pick(typesForDistance(gcKm));
  const performance = typePerformance().get(type);
  if (!performance) {
    context.issues.push({
      path: `${at}.type`,
      message: `no performance data for type "${type}" in data/aircraft/ps-aircraft-params-20250328.csv`,
    });
  }
  if (performance && spec.cruiseFl !== undefined && spec.cruiseFl > performance.maxFl) {
    context.issues.push({
      path: `${at}.cruiseFl`,
      message: `FL${spec.cruiseFl} is above the ${type}'s ceiling FL${performance.maxFl}`,
    });
  }
  const toward = spec.waypoints[0] ?? destination;
  const callsign =
    spec.callsign ??
    `${rng.pick(operatorsFor(origin.icao, destination.icao)).designator}${rng.int(10, 9999)}`;
  if (!performance || context.issues.length > problems) return null;
  const flight: ScriptedFlight = {
    index,
    icao24: spec.icao24 ?? SYNTHETIC_ADDRESSES.scripted(index),
    callsign,
    type,
    squawk: squawkFrom(rng),
    originCountry: operatorOf(callsign)?.country ?? null,
    origin,
    destination,
    waypoints: spec.waypoints,
    performance,
    cruiseFl: spec.cruiseFl ?? cruiseLevel(initialCourseDeg(origin, toward), performance, rng),
    startTime: context.start + spec.departure,
    holdMs: rng.int(HOLD_MS.min, HOLD_MS.max),
    taxiInMs: rng.int(TAXI_IN_MS.min, TAXI_IN_MS.max),
    phaseMs: rng.int(0, context.intervalMs - 1),
    gaps: [],
    diversions: [],
    holding: null,
    goAround: false,
  };
  return compileEvents(spec, flight, context);
}

/** Holding levels the engine draws from: FL70–FL140, where the busy European stacks hold. */
const HOLDING_LEVELS = [70, 80, 90, 100, 110, 120, 130, 140] as const;
/** A holding is at least this far below the cruise level, so the flight descends to it. */
const HOLDING_BELOW_CRUISE_FT = 2_000;
/** The random stream of a scripted flight's holding level, apart from its other draws. */
const HOLDING_STREAM = 1;

/** Events in absolute time, each checked against the flight as it will be flown. */
function compileEvents(
  spec: ScriptedFlightSpec,
  flight: ScriptedFlight,
  context: Context,
): ScriptedFlight | null {
  const gaps: Array<{ from: number; to: number }> = [];
  const redirects: Array<{ at: number; to: Airport; path: string; what: string }> = [];
  let holding: { levelFl: number; durationMs: number; path: string } | null = null;
  let goAround = false;
  spec.events.forEach((event, i) => {
    const path = `flights[${flight.index}].events[${i}]`;
    switch (event.type) {
      case 'position_gap':
        if (event.duration <= 0) {
          context.issues.push({
            path: `${path}.duration`,
            message: 'expected a positive duration',
          });
        }
        gaps.push({
          from: context.start + event.at,
          to: context.start + event.at + event.duration,
        });
        break;
      case 'diversion': {
        const to = airport(event.to, `${path}.to`, context);
        if (to) redirects.push({ at: context.start + event.at, to, path, what: 'diverts' });
        break;
      }
      case 'return_to_origin':
        redirects.push({
          at: context.start + event.at,
          to: flight.origin,
          path,
          what: 'turns back',
        });
        break;
      case 'holding':
        if (holding) {
          context.issues.push({ path, message: 'a flight holds once; this is its second holding' });
        } else if (event.duration <= 0) {
          context.issues.push({
            path: `${path}.duration`,
            message: 'expected a positive duration',
          });
        } else {
          const levelFl = rngFor(context.seed, 0, flight.index, HOLDING_STREAM).pick(
            HOLDING_LEVELS,
          );
          holding = { levelFl, durationMs: event.duration, path };
        }
        break;
      case 'go_around':
        if (goAround) {
          context.issues.push({ path, message: 'a flight goes around once; this is its second' });
        }
        goAround = true;
        break;
    }
  });
  gaps.sort((a, b) => a.from - b.from);
  redirects.sort((a, b) => a.at - b.at);
  const planned = holding as { levelFl: number; durationMs: number; path: string } | null;
  let held: { levelFl: number; durationMs: number } | null = null;
  if (planned) {
    // Below the cruise level, so the flight comes down to it: a short hop is lowered.
    const cruiseFt = flightPath({ ...flight, holding: null, goAround: false }).cruiseFt;
    const top = Math.floor((cruiseFt - HOLDING_BELOW_CRUISE_FT) / 1_000) * 10;
    const levelFl = Math.min(planned.levelFl, top);
    if (levelFl < (HOLDING_LEVELS[0] as number)) {
      context.issues.push({
        path: planned.path,
        message: `the flight cruises at FL${Math.round(cruiseFt / 100)}, too low to hold at FL${HOLDING_LEVELS[0]} or above; give it a longer route or a higher cruiseFl`,
      });
      return null;
    }
    held = { levelFl, durationMs: planned.durationMs };
  }
  let path: FlightPath = flightPath({ ...flight, holding: held, goAround });
  let stack = holdingOf(path);
  let missed = goAroundTime(path);
  let destination = flight.destination;
  for (const redirect of redirects) {
    if (redirect.to.icao === destination.icao) {
      context.issues.push({
        path: redirect.what === 'turns back' ? redirect.path : `${redirect.path}.to`,
        message: `the flight is already bound for ${destination.icao} then`,
      });
      continue;
    }
    if (stack && redirect.at < stack.tFrom) {
      context.issues.push({
        path: `${redirect.path}.at`,
        message: `the flight ${redirect.what} before its holding (from ${offset(stack.tFrom, context)} to ${offset(stack.tTo, context)} after the start), which it would never fly; make it ${offset(stack.tFrom, context)} or later`,
      });
      continue;
    }
    if (missed !== null && redirect.at < missed) {
      context.issues.push({
        path: `${redirect.path}.at`,
        message: `the flight ${redirect.what} before its go-around (${offset(missed, context)} after the start), which it would never fly; make it ${offset(missed, context)} or later`,
      });
      continue;
    }
    const next = redirectPath(path, redirect.at, redirect.to, flight.taxiInMs);
    if (!next) {
      context.issues.push({
        path: `${redirect.path}.at`,
        message: `the flight is not in the air then; it is from ${offset(path.tLift, context)} to ${offset(path.tTouchdown, context)} after the start`,
      });
      continue;
    }
    path = next;
    destination = redirect.to;
    stack = null;
    missed = null;
  }
  return {
    ...flight,
    gaps,
    diversions: redirects.map(({ at, to }) => ({ at, to })),
    holding: held,
    goAround,
  };
}

function offset(t: number, context: Context): string {
  return formatDuration(t - context.start);
}

/** The path a scripted flight flies before any diversion (its cruise level in feet beside it). */
export function flightPath(
  flight: Pick<
    ScriptedFlight,
    | 'origin'
    | 'destination'
    | 'waypoints'
    | 'startTime'
    | 'performance'
    | 'cruiseFl'
    | 'holdMs'
    | 'taxiInMs'
    | 'holding'
    | 'goAround'
  >,
): FlightPath & { cruiseFt: number } {
  const path = buildPath(flight);
  const first = path.pieces[0];
  const cruiseM = first?.kind === 'leg' ? first.plan.hCruise : 0;
  return { ...path, cruiseFt: cruiseM / METRES_PER_FOOT };
}

/** One airframe (icao24) cannot fly two scripted legs at once. */
function checkAirframeOverlaps(flights: readonly ScriptedFlight[], context: Context): void {
  const seen = new Map<string, Array<{ index: number; from: number; to: number }>>();
  for (const flight of flights) {
    const plan = flightPath(flight);
    // A diversion can only lengthen the leg by its extra distance: a diverted leg is checked
    // as planned plus an hour; any other as planned (holding and go-around are in its path),
    // so an airframe's rotation with short turnarounds (a network day) passes.
    const margin = flight.diversions.length > 0 ? 3_600_000 : 0;
    const span = { index: flight.index, from: plan.tStart, to: plan.tEnd + margin };
    const others = seen.get(flight.icao24) ?? [];
    for (const other of others) {
      if (span.from < other.to && other.from < span.to) {
        context.issues.push({
          path: `flights[${flight.index}].icao24`,
          message: `${flight.icao24} is still flying flights[${other.index}] then`,
        });
      }
    }
    others.push(span);
    seen.set(flight.icao24, others);
  }
}

function compileGroup(
  spec: GeneratedFlightsSpec,
  index: number,
  slotBase: number,
  context: Context,
): FlightGroup | null {
  const at = `flights[${index}]`;
  const problems = context.issues.length;
  if ((spec.airports === undefined) === (spec.region === undefined)) {
    context.issues.push({ path: at, message: 'give exactly one of "airports" or "region"' });
  }
  if (spec.minDistanceKm >= spec.maxDistanceKm) {
    context.issues.push({
      path: `${at}.minDistanceKm`,
      message: `expected less than maxDistanceKm (${spec.maxDistanceKm})`,
    });
  }
  const airports: Airport[] = [];
  spec.airports?.forEach((code, i) => {
    const found = airport(code, `${at}.airports[${i}]`, context);
    if (found && !airports.some((a) => a.icao === found.icao)) airports.push(found);
  });
  if (spec.region) airports.push(...airportsInRegion(spec.region));
  if (context.issues.length > problems) return null;
  if (!hasPairInRange(airports, spec.minDistanceKm, spec.maxDistanceKm)) {
    context.issues.push({
      path: spec.region ? `${at}.region` : `${at}.airports`,
      message: `no two of its ${airports.length} airports are ${spec.minDistanceKm}–${spec.maxDistanceKm} km apart`,
    });
    return null;
  }
  return {
    index,
    count: spec.count,
    airports,
    departureSpreadMs: spec.departureSpread,
    startAirborne: spec.startAirborne,
    afterLanding: spec.afterLanding,
    turnaroundMs: spec.turnaround,
    minDistanceKm: spec.minDistanceKm,
    maxDistanceKm: spec.maxDistanceKm,
    slotBase,
  };
}

function hasPairInRange(airports: readonly Airport[], minKm: number, maxKm: number): boolean {
  for (let i = 0; i < airports.length; i++) {
    for (let j = i + 1; j < airports.length; j++) {
      const km = greatCircleKm(airports[i] as Airport, airports[j] as Airport);
      if (km >= minKm && km <= maxKm) return true;
    }
  }
  return false;
}
