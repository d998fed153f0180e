/**
 * The flights of a `generated` group, one slot at a time and on demand: slot i's numbers
 * come from its own random stream, so nothing about slot i is stored before it departs and
 * nothing about it changes when the group grows or another slot draws differently.
 */
import { type Airport, greatCircleKm } from '@overfly/geo';
import { SYNTHETIC_ADDRESSES } from './addresses.js';
import { type TypePerformance, typePerformance, typesForDistance } from './aircraft.js';
import type { FlightGroup, Scenario } from './compile.js';
import { cruiseLevel } from './cruise.js';
import { buildLeg, HOLD_MS, squawkFrom, TAXI_IN_MS } from './leg.js';
import { type Operator, operatorsFor } from './operators.js';
import { type Rng, rngFor } from './prng.js';
import type { LegPlan } from './profile.js';
import { initialCourseDeg } from './route.js';

/** One leg of one aircraft, with who flies it. */
export interface AircraftLeg {
  icao24: string;
  callsign: string;
  flightNumber: number;
  operator: Operator;
  type: string;
  performance: TypePerformance;
  squawk: string;
  origin: Airport;
  destination: Airport;
  cruiseFl: number;
  plan: LegPlan;
  /** Offset of the aircraft's report times within the report interval. */
  phaseMs: number;
  /** Which leg of its slot (0 first; rotations and replacements count up). */
  leg: number;
}

// Stream ids under (seed, 1 + group, slot, …): one per leg, and one for departure times.
const DEPARTURE_STREAM = 0xffff_ffff;

/** When slot `slot` of the group enters the simulation (its first leg's off-block, or the start). */
export function slotDeparture(scenario: Scenario, group: FlightGroup, slot: number): number {
  if (group.startAirborne) return scenario.start;
  const jitter = rngFor(scenario.seed, 1 + group.index, slot, DEPARTURE_STREAM).next();
  return scenario.start + Math.floor(((slot + jitter) / group.count) * group.departureSpreadMs);
}

export function firstLeg(scenario: Scenario, group: FlightGroup, slot: number): AircraftLeg {
  const rng = rngFor(scenario.seed, 1 + group.index, slot, 0);
  const leg = newAircraftLeg(scenario, group, slot, 0, slotDeparture(scenario, group, slot), rng);
  if (!group.startAirborne) return leg;
  // Already under way at the start: somewhere between lift-off and touchdown, uniformly.
  const progress = rng.next();
  const { tLift, tTouchdown, tStart } = leg.plan;
  const newStart = scenario.start - progress * (tTouchdown - tLift) - (tLift - tStart);
  return { ...leg, plan: replan(leg, Math.round(newStart), groundOf(leg.plan)) };
}

/** The slot's next leg once `previous` has ended, or null when the slot is done. */
export function nextLeg(
  scenario: Scenario,
  group: FlightGroup,
  slot: number,
  previous: AircraftLeg,
): AircraftLeg | null {
  const legNo = previous.leg + 1;
  const rng = rngFor(scenario.seed, 1 + group.index, slot, legNo);
  switch (group.afterLanding) {
    case 'disappear':
      return null;
    case 'replace':
      return newAircraftLeg(scenario, group, slot, legNo, previous.plan.tEnd, rng);
    case 'rotate': {
      // The same airframe flies back where it came from (an out-and-back rotation, the
      // return flight numbered next to the outbound one) after its turnaround.
      const start = previous.plan.tEnd + Math.round(group.turnaroundMs * rng.between(1, 1.5));
      const flightNumber = previous.flightNumber ^ 1;
      const leg: Omit<AircraftLeg, 'plan'> = {
        ...previous,
        callsign: `${previous.operator.designator}${flightNumber}`,
        flightNumber,
        squawk: squawkFrom(rng),
        origin: previous.destination,
        destination: previous.origin,
        // Flying the other way: the semicircular rule wants the other parity of level.
        cruiseFl: cruiseLevel(
          initialCourseDeg(previous.destination, previous.origin),
          previous.performance,
          rng,
        ),
        leg: legNo,
      };
      return { ...leg, plan: replan(leg, start, drawGround(rng)) };
    }
  }
}

function newAircraftLeg(
  scenario: Scenario,
  group: FlightGroup,
  slot: number,
  legNo: number,
  startTime: number,
  rng: Rng,
): AircraftLeg {
  const [origin, destination] = pickPair(rng, group);
  const km = greatCircleKm(origin, destination);
  const type = rng.pick(typesForDistance(km));
  const performance = typePerformance().get(type);
  if (!performance) throw new Error(`no performance row for ${type}`); // the bands list table types only
  const operator = rng.pick(operatorsFor(origin.icao, destination.icao));
  const flightNumber = rng.int(10, 9999);
  const leg: Omit<AircraftLeg, 'plan'> = {
    icao24: SYNTHETIC_ADDRESSES.generated(group.slotBase + slot, legNo, scenario.slots),
    callsign: `${operator.designator}${flightNumber}`,
    flightNumber,
    operator,
    type,
    performance,
    squawk: squawkFrom(rng),
    origin,
    destination,
    cruiseFl: cruiseLevel(initialCourseDeg(origin, destination), performance, rng),
    phaseMs: rng.int(0, scenario.reportIntervalMs - 1),
    leg: legNo,
  };
  return { ...leg, plan: replan(leg, startTime, drawGround(rng)) };
}

/** The leg's profile from `startTime`, with these ground times. */
function replan(
  leg: Omit<AircraftLeg, 'plan'>,
  startTime: number,
  ground: { holdMs: number; taxiInMs: number },
): LegPlan {
  return buildLeg({
    origin: leg.origin,
    destination: leg.destination,
    startTime,
    performance: leg.performance,
    cruiseFl: leg.cruiseFl,
    ...ground,
  });
}

function drawGround(rng: Rng): { holdMs: number; taxiInMs: number } {
  return {
    holdMs: rng.int(HOLD_MS.min, HOLD_MS.max),
    taxiInMs: rng.int(TAXI_IN_MS.min, TAXI_IN_MS.max),
  };
}

function groundOf(plan: LegPlan): { holdMs: number; taxiInMs: number } {
  return { holdMs: plan.tRoll - plan.tStart, taxiInMs: plan.tEnd - plan.tStop };
}

/** Two airports of the group at an allowed distance (compileGroup checked one pair exists). */
function pickPair(rng: Rng, group: FlightGroup): [Airport, Airport] {
  const { airports, minDistanceKm: min, maxDistanceKm: max } = group;
  const fits = (a: Airport, b: Airport) => {
    if (a === b) return false;
    const km = greatCircleKm(a, b);
    return km >= min && km <= max;
  };
  for (let attempt = 0; attempt < 64; attempt++) {
    const a = rng.pick(airports);
    const b = rng.pick(airports);
    if (fits(a, b)) return [a, b];
  }
  // Sparse in range: walk the origins from a random one and take a random fitting partner.
  const first = rng.int(0, airports.length - 1);
  for (let i = 0; i < airports.length; i++) {
    const a = airports[(first + i) % airports.length] as Airport;
    const partners = airports.filter((b) => fits(a, b));
    if (partners.length > 0) return [a, rng.pick(partners)];
  }
  throw new Error('no airport pair in range'); // compileGroup refuses such a group
}
