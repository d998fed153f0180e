/**
 * Runs a compiled scenario: a lazy stream of flights.updates positions in non-decreasing
 * positionTime order (ties by aircraft, deterministically). Aircraft enter when their
 * flight starts and leave when it ends, so memory follows the number of aircraft active at
 * once, never the number of positions or of flights in the whole scenario.
 */
import type { Airport } from '@overfly/geo';
import type { PositionUpdate } from '@overfly/schemas';
import { bundledRegistry } from './aircraft.js';
import { type FlightGroup, flightPath, type Scenario, type ScriptedFlight } from './compile.js';
import { type AircraftLeg, firstLeg, nextLeg, slotDeparture } from './generated.js';
import { DueHeap } from './heap.js';
import { type FlightPath, legPath, pathStateAt, redirectPath, scratchFlightState } from './path.js';

/** A flight as it starts (or is diverted or turns back), for callers that want more than positions. */
export interface FlightInfo {
  icao24: string;
  callsign: string;
  type: string;
  origin: string;
  destination: string;
  /** Off-block (first ground fix), take-off and landing as planned, epoch ms. */
  departureTime: number;
  takeOffTime: number;
  landingTime: number;
  /** Set when this is a diversion or a return (destination = origin): the destination given up. */
  divertedFrom: string | null;
  scripted: boolean;
  /** The icao24 is in data/aircraft/registry.csv (else fee-calculator needs a registry row). */
  registered: boolean;
}

export interface SimulationOptions {
  onFlight?: (flight: FlightInfo) => void;
}

export interface SimulationStats {
  positions: number;
  flights: number;
  /** Aircraft the engine holds now (flying, on the ground, or between rotations). */
  active: number;
  /** positionTime of the latest position, or null before the first. */
  simulatedTime: number | null;
}

export interface Simulation {
  readonly scenario: Scenario;
  readonly stats: Readonly<SimulationStats>;
  /** The positions, once: a second call continues where the first left off. */
  positions(): Generator<PositionUpdate, void, undefined>;
}

interface Active {
  nextT: number;
  seq: number;
  gridBase: number;
  icao24: string;
  callsign: string;
  type: string;
  squawk: string;
  originCountry: string | null;
  origin: string;
  destination: Airport;
  /** Off-block and lift-off of the flight as first planned (a diversion keeps them). */
  departureTime: number;
  takeOffTime: number;
  path: FlightPath;
  taxiInMs: number;
  gaps: ReadonlyArray<{ from: number; to: number }>;
  gapIndex: number;
  diversions: ReadonlyArray<{ at: number; to: Airport }>;
  diversionIndex: number;
  group: FlightGroup | null;
  slot: number;
  leg: AircraftLeg | null;
  done: boolean;
}

interface Source {
  time: number;
  activate(): Active;
  advance(): void;
}

export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const { start, end, reportIntervalMs: interval } = scenario;
  const heap = new DueHeap<Active>();
  const stats: SimulationStats = { positions: 0, flights: 0, active: 0, simulatedTime: null };
  const state = scratchFlightState();
  let seq = 0;

  /** The first report time at or after t on the aircraft's grid (and not before the start). */
  const gridAtOrAfter = (gridBase: number, t: number) =>
    gridBase + Math.ceil((Math.max(t, start) - gridBase) / interval) * interval;

  /** A new flight, or (with `diverted`) the new destination of one, as planned then. */
  const announce = (
    a: Active,
    origin: string,
    diverted?: { from: string; departureTime: number; takeOffTime: number },
  ) => {
    if (!diverted) stats.flights += 1;
    options.onFlight?.({
      icao24: a.icao24,
      callsign: a.callsign,
      type: a.type,
      origin,
      destination: a.destination.icao,
      departureTime: diverted?.departureTime ?? a.path.tStart,
      takeOffTime: diverted?.takeOffTime ?? a.path.tLift,
      landingTime: a.path.tTouchdown,
      divertedFrom: diverted?.from ?? null,
      scripted: a.group === null,
      registered: bundledRegistry().typeOf(a.icao24) !== undefined,
    });
  };

  const fromScripted = (flight: ScriptedFlight): Active => {
    const gridBase = start + flight.phaseMs;
    const path: FlightPath = flightPath(flight);
    const active: Active = {
      nextT: gridAtOrAfter(gridBase, path.tStart),
      seq: seq++,
      gridBase,
      icao24: flight.icao24,
      callsign: flight.callsign,
      type: flight.type,
      squawk: flight.squawk,
      originCountry: flight.originCountry,
      origin: flight.origin.icao,
      destination: flight.destination,
      departureTime: path.tStart,
      takeOffTime: path.tLift,
      path,
      taxiInMs: flight.taxiInMs,
      gaps: flight.gaps,
      gapIndex: 0,
      diversions: flight.diversions,
      diversionIndex: 0,
      group: null,
      slot: -1,
      leg: null,
      done: false,
    };
    announce(active, flight.origin.icao);
    return active;
  };

  /**
   * An aircraft for a group's leg; `active` (with `now`, the report time being processed)
   * is reused for the slot's next leg, whose first report may never come before `now`.
   */
  const fromLeg = (
    group: FlightGroup,
    slot: number,
    leg: AircraftLeg,
    active?: Active,
    now = start,
  ): Active => {
    const gridBase = start + leg.phaseMs;
    const next: Active = active ?? {
      nextT: 0,
      seq: seq++,
      gridBase,
      icao24: '',
      callsign: '',
      type: '',
      squawk: '',
      originCountry: null,
      origin: leg.origin.icao,
      destination: leg.destination,
      departureTime: leg.plan.tStart,
      takeOffTime: leg.plan.tLift,
      path: legPath(leg.plan),
      taxiInMs: 0,
      gaps: [],
      gapIndex: 0,
      diversions: [],
      diversionIndex: 0,
      group,
      slot,
      leg,
      done: false,
    };
    next.gridBase = gridBase;
    next.nextT = gridAtOrAfter(gridBase, Math.max(leg.plan.tStart, now));
    next.icao24 = leg.icao24;
    next.callsign = leg.callsign;
    next.type = leg.type;
    next.squawk = leg.squawk;
    next.originCountry = leg.operator.country;
    next.origin = leg.origin.icao;
    next.destination = leg.destination;
    next.departureTime = leg.plan.tStart;
    next.takeOffTime = leg.plan.tLift;
    if (active) next.path = legPath(leg.plan);
    next.taxiInMs = leg.plan.tEnd - leg.plan.tStop;
    next.leg = leg;
    announce(next, leg.origin.icao);
    return next;
  };

  const sources: Source[] = [];
  if (scenario.scripted.length > 0) {
    let i = 0;
    const flights = scenario.scripted;
    const source: Source = {
      time: (flights[0] as ScriptedFlight).startTime,
      activate: () => fromScripted(flights[i] as ScriptedFlight),
      advance() {
        i += 1;
        source.time = i < flights.length ? (flights[i] as ScriptedFlight).startTime : Infinity;
      },
    };
    sources.push(source);
  }
  for (const group of scenario.groups) {
    let slot = 0;
    const source: Source = {
      time: slotDeparture(scenario, group, 0),
      activate: () => fromLeg(group, slot, firstLeg(scenario, group, slot)),
      advance() {
        slot += 1;
        source.time = slot < group.count ? slotDeparture(scenario, group, slot) : Infinity;
      },
    };
    sources.push(source);
  }

  const nextSource = (): Source | undefined => {
    let best: Source | undefined;
    for (const source of sources) if (!best || source.time < best.time) best = source;
    return best;
  };

  /** One step of the top aircraft: its position at nextT, or null (silent, between legs, done). */
  const advance = (a: Active): PositionUpdate | null => {
    const t = a.nextT;
    while (a.diversionIndex < a.diversions.length) {
      const diversion = a.diversions[a.diversionIndex] as { at: number; to: Airport };
      if (diversion.at > t) break;
      a.diversionIndex += 1;
      const path = redirectPath(a.path, diversion.at, diversion.to, a.taxiInMs);
      if (!path) continue; // compileScenario refused diversions outside the flight
      const diverted = {
        from: a.destination.icao,
        departureTime: a.departureTime,
        takeOffTime: a.takeOffTime,
      };
      a.path = path;
      a.destination = diversion.to;
      announce(a, a.origin, diverted);
    }
    while (a.gapIndex < a.gaps.length && (a.gaps[a.gapIndex] as { to: number }).to <= t) {
      a.gapIndex += 1;
    }
    const gap = a.gaps[a.gapIndex];
    if (gap && gap.from <= t) {
      a.nextT = gridAtOrAfter(a.gridBase, gap.to);
      return null;
    }
    if (t > a.path.tEnd) {
      const leg = a.group && a.leg ? nextLeg(scenario, a.group, a.slot, a.leg) : null;
      if (leg && a.group) fromLeg(a.group, a.slot, leg, a, t);
      else a.done = true;
      return null;
    }
    a.nextT = t + interval;
    return positionOf(a, t);
  };

  const positionOf = (a: Active, t: number): PositionUpdate => {
    const s = pathStateAt(a.path, t, state);
    const altitude = s.onGround ? null : round(s.altitudeM, 100);
    const track = round(s.trackDeg, 100);
    return {
      icao24: a.icao24,
      callsign: a.callsign,
      originCountry: a.originCountry,
      positionTime: t,
      lastContact: t,
      latitude: round(s.lat, 1e6),
      longitude: round(s.lon, 1e6),
      baroAltitudeM: altitude,
      geoAltitudeM: altitude,
      onGround: s.onGround,
      velocityMs: round(s.speedMs, 100),
      trackDeg: track >= 360 ? track - 360 : track,
      verticalRateMs: round(s.verticalRateMs, 100),
      squawk: a.squawk,
      source: 'SIMULATED',
      receivedAt: t,
    };
  };

  function* positions(): Generator<PositionUpdate, void, undefined> {
    for (;;) {
      const top = heap.peek();
      const source = nextSource();
      if (source && source.time < end && source.time <= (top ? top.nextT : Infinity)) {
        heap.push(source.activate());
        source.advance();
        stats.active = heap.size;
        continue;
      }
      if (!top || top.nextT >= end) return;
      const update = advance(top);
      if (top.done) {
        heap.pop();
        stats.active = heap.size;
      } else heap.updateTop();
      if (update) {
        stats.positions += 1;
        stats.simulatedTime = update.positionTime;
        yield update;
      }
    }
  }

  return { scenario, stats, positions };
}

function round(value: number, scale: number): number {
  return Math.round(value * scale) / scale;
}
