/**
 * A flight gate to gate as a few pieces in time order: legs on great circles (the closed-form
 * profile of profile.ts), a holding pattern, a go-around circuit. A plain flight is one leg;
 * a holding splits its leg at the holding fix, a go-around cuts the approach at the decision
 * height. Each piece is a handful of numbers, so a path costs what a leg costs.
 */
import type { Airport } from '@overfly/geo';
import type { TypePerformance } from './aircraft.js';
import { elevationM } from './airports.js';
import { cruiseSpeedMs, flightLevelToMetres } from './cruise.js';
import {
  type Circuit,
  type CircuitState,
  circuitStateAt,
  DECISION_HEIGHT_M,
  planCircuit,
} from './go-around.js';
import { type Holding, holdingPointAt, holdingSpeedMs, planHolding } from './holding.js';
import { buildLeg, divertLeg, scratchPoint, scratchState } from './leg.js';
import {
  DESCENT_DISTANCE_PER_HEIGHT,
  type LegInput,
  type LegPlan,
  legStateAt,
  planLeg,
  TOUCHDOWN_MS,
} from './profile.js';
import { type LatLon, Route } from './route.js';

type Piece =
  | { readonly kind: 'leg'; readonly tFrom: number; readonly tTo: number; readonly plan: LegPlan }
  | {
      readonly kind: 'holding';
      readonly tFrom: number;
      readonly tTo: number;
      readonly holding: Holding;
    }
  | {
      readonly kind: 'circuit';
      readonly tFrom: number;
      readonly tTo: number;
      readonly circuit: Circuit;
    };

export interface FlightPath {
  /** Contiguous, in time order: each piece starts where the one before ends. */
  readonly pieces: readonly Piece[];
  /** Off-block, lift-off, the (last) touchdown and the end of the taxi-in, epoch ms. */
  readonly tStart: number;
  readonly tLift: number;
  readonly tTouchdown: number;
  readonly tEnd: number;
}

/** The aircraft at one moment of its path. */
export interface FlightState {
  lat: number;
  lon: number;
  trackDeg: number;
  altitudeM: number;
  speedMs: number;
  verticalRateMs: number;
  onGround: boolean;
  /** In flight (neither before take-off nor after touchdown). */
  airborne: boolean;
}

/** How a leg begins: the fields of planLeg's input that say where, when and at what level. */
type LegStart = Pick<
  LegInput,
  'startTime' | 'originElevationM' | 'holdMs' | 'airborne' | 'cruiseAltitudeM' | 'cruiseSpeedMs'
>;

export interface PathSpec {
  origin: Airport;
  destination: Airport;
  waypoints: readonly LatLon[];
  startTime: number;
  performance: TypePerformance;
  cruiseFl: number;
  holdMs: number;
  taxiInMs: number;
  /** A holding at this level before the approach, for about this long. */
  holding: { levelFl: number; durationMs: number } | null;
  /** The first approach is discontinued at the decision height, then a circuit. */
  goAround: boolean;
}

/** A single leg as a path (generated flights, diversions). */
export function legPath(plan: LegPlan): FlightPath {
  return {
    pieces: [{ kind: 'leg', tFrom: plan.tStart, tTo: plan.tEnd, plan }],
    tStart: plan.tStart,
    tLift: plan.tLift,
    tTouchdown: plan.tTouchdown,
    tEnd: plan.tEnd,
  };
}

/** The path of a scripted flight: its leg, with its holding and go-around if it has them. */
export function buildPath(spec: PathSpec): FlightPath {
  const cruiseAltitudeM = flightLevelToMetres(spec.cruiseFl);
  const cruise = {
    cruiseAltitudeM,
    cruiseSpeedMs: cruiseSpeedMs(spec.performance, cruiseAltitudeM),
  };
  const destinationM = elevationM(spec.destination);
  const route = new Route([spec.origin, ...spec.waypoints, spec.destination]);
  const ground = {
    startTime: spec.startTime,
    originElevationM: elevationM(spec.origin),
    holdMs: spec.holdMs,
  };
  if (!spec.holding && !spec.goAround) {
    return legPath(buildLeg(spec));
  }
  const pieces: Piece[] = [];
  let rest = route;
  // How the next leg starts: on the ground at the origin, or in the air out of a holding.
  let start: LegStart = { ...ground, ...cruise };
  let tLift: number | null = null;
  if (spec.holding) {
    const altitudeM = flightLevelToMetres(spec.holding.levelFl);
    const speedMs = holdingSpeedMs(altitudeM);
    // The fix is where the 3:1 descent from the holding level to the runway begins.
    const fixM = (altitudeM - destinationM) * DESCENT_DISTANCE_PER_HEIGHT;
    const [toFix, fromFix] = route.cut(route.lengthM - fixM);
    const inbound = planLeg({
      route: toFix,
      ...start,
      destinationElevationM: altitudeM,
      taxiInMs: 0,
      arrival: { speedMs },
    });
    tLift = inbound.tLift;
    pieces.push({ kind: 'leg', tFrom: inbound.tStart, tTo: inbound.tTouchdown, plan: inbound });
    const course = fromFix.at(0, scratchPoint()).trackDeg;
    const holding = planHolding(
      fromFix.start,
      course,
      altitudeM,
      inbound.tTouchdown,
      spec.holding.durationMs,
    );
    pieces.push({ kind: 'holding', tFrom: holding.tFrom, tTo: holding.tTo, holding });
    rest = fromFix;
    start = {
      startTime: holding.tTo,
      originElevationM: altitudeM,
      holdMs: 0,
      airborne: { altitudeM, speedMs },
      cruiseAltitudeM: altitudeM,
      cruiseSpeedMs: speedMs,
    };
  }
  if (!spec.goAround) {
    const final = planLeg({
      route: rest,
      ...start,
      destinationElevationM: destinationM,
      taxiInMs: spec.taxiInMs,
    });
    pieces.push({ kind: 'leg', tFrom: final.tStart, tTo: final.tEnd, plan: final });
    return pathOf(pieces, tLift ?? final.tLift, final.tTouchdown, final.tEnd);
  }
  const goAroundM = DECISION_HEIGHT_M * DESCENT_DISTANCE_PER_HEIGHT;
  const [toDecision, afterDecision] = rest.cut(rest.lengthM - goAroundM);
  const approach = planLeg({
    route: toDecision,
    ...start,
    destinationElevationM: destinationM + DECISION_HEIGHT_M,
    taxiInMs: 0,
    arrival: { speedMs: TOUCHDOWN_MS },
  });
  pieces.push({ kind: 'leg', tFrom: approach.tStart, tTo: approach.tTouchdown, plan: approach });
  const course = afterDecision.at(0, scratchPoint()).trackDeg;
  const circuit = planCircuit(
    afterDecision.start,
    course,
    afterDecision.lengthM,
    destinationM,
    TOUCHDOWN_MS,
    approach.tTouchdown,
    spec.taxiInMs,
  );
  pieces.push({ kind: 'circuit', tFrom: circuit.tFrom, tTo: circuit.tEnd, circuit });
  return pathOf(pieces, tLift ?? approach.tLift, circuit.tTouchdown, circuit.tEnd);
}

function pathOf(pieces: Piece[], tLift: number, tTouchdown: number, tEnd: number): FlightPath {
  return { pieces, tStart: (pieces[0] as Piece).tFrom, tLift, tTouchdown, tEnd };
}

/** The piece flying at t (the last one from its start on). */
function pieceAt(path: FlightPath, t: number): Piece {
  const pieces = path.pieces;
  for (let i = 0; i < pieces.length - 1; i++) {
    const piece = pieces[i] as Piece;
    if (t < piece.tTo) return piece;
  }
  return pieces[pieces.length - 1] as Piece;
}

const legState = scratchState();
const routePoint = scratchPoint();
const circuitState: CircuitState = {
  phase: 'climb',
  distanceM: 0,
  altitudeM: 0,
  speedMs: 0,
  verticalRateMs: 0,
  onGround: false,
};

/** Where the aircraft is at t, how high, how fast (the path clamped to its times). */
export function pathStateAt(path: FlightPath, t: number, out: FlightState): FlightState {
  const piece = pieceAt(path, t);
  switch (piece.kind) {
    case 'leg': {
      const s = legStateAt(piece.plan, t, legState);
      piece.plan.route.at(s.distanceM, routePoint);
      out.altitudeM = s.altitudeM;
      out.speedMs = s.speedMs;
      out.verticalRateMs = s.verticalRateMs;
      out.onGround = s.onGround;
      out.airborne = s.phase === 'climb' || s.phase === 'cruise' || s.phase === 'descent';
      break;
    }
    case 'holding': {
      holdingPointAt(piece.holding, t, routePoint);
      out.altitudeM = piece.holding.altitudeM;
      out.speedMs = piece.holding.speedMs;
      out.verticalRateMs = 0;
      out.onGround = false;
      out.airborne = true;
      break;
    }
    case 'circuit': {
      const s = circuitStateAt(piece.circuit, t, circuitState);
      piece.circuit.path.at(s.distanceM, routePoint);
      out.altitudeM = s.altitudeM;
      out.speedMs = s.speedMs;
      out.verticalRateMs = s.verticalRateMs;
      out.onGround = s.onGround;
      out.airborne = !s.onGround;
      break;
    }
  }
  out.lat = routePoint.lat;
  out.lon = routePoint.lon;
  out.trackDeg = routePoint.trackDeg;
  return out;
}

/**
 * The path from `at` on, flown direct to `to` from wherever the aircraft is then (a
 * diversion, a return to the origin): from a leg, keeping its altitude and speed (a climb
 * goes on to its level); from a holding, at the holding level; from a go-around circuit, at
 * least at the circuit altitude. Null when it is not in the air at `at`.
 */
export function redirectPath(
  path: FlightPath,
  at: number,
  to: Airport,
  taxiInMs: number,
): FlightPath | null {
  const piece = pieceAt(path, at);
  let plan: LegPlan | null;
  if (piece.kind === 'leg') {
    plan = divertLeg(piece.plan, at, to, taxiInMs);
  } else {
    const state = pathStateAt(path, at, scratchFlightState());
    if (!state.airborne) return null;
    const level =
      piece.kind === 'holding'
        ? { altitudeM: piece.holding.altitudeM, speedMs: piece.holding.speedMs }
        : { altitudeM: piece.circuit.hCircuit, speedMs: piece.circuit.vCircuit };
    plan = planLeg({
      route: new Route([{ lat: state.lat, lon: state.lon }, to]),
      startTime: at,
      originElevationM: state.altitudeM,
      destinationElevationM: elevationM(to),
      cruiseAltitudeM: Math.max(state.altitudeM, level.altitudeM),
      cruiseSpeedMs: Math.max(state.speedMs, level.speedMs),
      holdMs: 0,
      taxiInMs,
      airborne: { altitudeM: state.altitudeM, speedMs: state.speedMs },
    });
  }
  if (!plan) return null;
  const before = path.pieces
    .filter((p) => p.tFrom < at)
    .map((p) => (p.tTo > at ? { ...p, tTo: at } : p));
  before.push({ kind: 'leg', tFrom: at, tTo: plan.tEnd, plan });
  return {
    pieces: before,
    tStart: path.tStart,
    tLift: path.tLift,
    tTouchdown: plan.tTouchdown,
    tEnd: plan.tEnd,
  };
}

/** When the holding of a path runs, or null. */
export function holdingOf(path: FlightPath): Holding | null {
  for (const piece of path.pieces) if (piece.kind === 'holding') return piece.holding;
  return null;
}

/** When the approach of a path is discontinued (its go-around), or null. */
export function goAroundTime(path: FlightPath): number | null {
  for (const piece of path.pieces) if (piece.kind === 'circuit') return piece.circuit.tFrom;
  return null;
}

export function scratchFlightState(): FlightState {
  return {
    lat: 0,
    lon: 0,
    trackDeg: 0,
    altitudeM: 0,
    speedMs: 0,
    verticalRateMs: 0,
    onGround: true,
    airborne: false,
  };
}
