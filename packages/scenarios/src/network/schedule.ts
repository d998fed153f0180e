/**
 * The plan of the day: each aircraft starts at its hub (or, after a night stop, at an
 * outstation), flies round trips hub → outstation → hub while they fit in the day, and may
 * end with a night-stop leg out. Block times come from the engine's flight model plus a
 * schedule buffer; ground times are the type's minimum turnaround plus some slack.
 */
import { type Airport, defaultAirports, greatCircleKm } from '@overfly/geo';
import { type Rng, rngFor } from '../prng.js';
import type { NetworkData } from './data.js';
import { drawCruiseFl, flightPlan, performanceOf } from './flight-time.js';
import type { ScheduledLeg } from './model.js';
import { STREAM } from './streams.js';

const MINUTE = 60_000;
/** Schedules are published in 5-minute steps. */
const STEP = 5 * MINUTE;
/**
 * Block time = the engine's gate-to-gate time plus this buffer (airlines pad block times for
 * taxi queues; a chosen figure), rounded up to the 5-minute step.
 */
const SCHEDULE_BUFFER_MS = 10 * MINUTE;
/** Extra ground time over the minimum turnaround: 0–20 minutes in 5-minute steps (chosen). */
const SLACK_STEPS = 4;
/** First departures spread over the first 90 minutes of the day (chosen). */
const FIRST_DEPARTURE_STEPS = 18;
/** Share of aircraft that spent the night at an outstation and start by flying to the hub. */
const NIGHT_STOP_IN = 0.35;
/** Share of aircraft that end the day with a leg out to a night stop, when it fits. */
const NIGHT_STOP_OUT = 0.4;
/** The last scheduled arrival of the day is at least this long before its end (chosen). */
const END_MARGIN_MS = 20 * MINUTE;

/** A scheduled leg and what the rest of the compiler needs to know about it. */
export interface PlannedLeg extends ScheduledLeg {
  aircraftIndex: number;
  /** Its place in the aircraft's rotation (0 = first leg of the day). */
  rotationIndex: number;
  cruiseFl: number;
  /** Off-block to on-block as the engine flies it. */
  flightMs: number;
  seats: number;
  /** The aircraft's minimum turnaround. */
  turnaroundMs: number;
  /** The other leg of its round trip from the hub; null for a night-stop leg. */
  pairedWith: string | null;
  distanceKm: number;
}

export interface PlannedDay {
  /** Sorted by scheduled departure, then scheduleId. */
  legs: readonly PlannedLeg[];
  byId: ReadonlyMap<string, PlannedLeg>;
  /** Each aircraft's legs in flying order, by fleet index. */
  rotations: ReadonlyArray<readonly PlannedLeg[]>;
}

export function planDay(
  network: NetworkData,
  seed: number,
  start: number,
  end: number,
): PlannedDay {
  const airports = defaultAirports();
  const place = (icao: string): Airport => {
    const found = airports.byIcao(icao);
    if (!found) throw new Error(`unknown airport ${icao}`);
    return found;
  };
  const numbers = new Map(network.airlines.map((a) => [a.icao, a.flightNumbers]));
  const rotations: PlannedLeg[][] = [];
  network.fleet.forEach((aircraft, aircraftIndex) => {
    const airline = network.airlines.find((a) => a.icao === aircraft.operatorIcao);
    if (!airline) throw new Error(`no airline ${aircraft.operatorIcao}`);
    const rng = rngFor(seed, STREAM.rotation, aircraftIndex);
    const performance = performanceOf(aircraft.type);
    const outstations = network.airports
      .map((a) => a.icao)
      .filter((icao) => icao !== aircraft.base);
    const legs: PlannedLeg[] = [];
    const plan = (from: string, to: string, departure: number): PlannedLeg => {
      const origin = place(from);
      const destination = place(to);
      const cruiseFl = drawCruiseFl(origin, destination, performance, rng);
      const flight = flightPlan(origin, destination, performance, cruiseFl, departure);
      const flightMs = flight.tEnd - flight.tStart;
      return {
        scheduleId: '',
        flightNumber: '',
        operatorIcao: airline.icao,
        callsign: '',
        icao24: aircraft.icao24,
        registration: aircraft.registration,
        aircraftType: aircraft.type,
        departureAirport: from,
        arrivalAirport: to,
        scheduledDeparture: departure,
        scheduledArrival: departure + roundUp(flightMs + SCHEDULE_BUFFER_MS),
        inboundScheduleId: null,
        aircraftIndex,
        rotationIndex: 0,
        cruiseFl,
        flightMs,
        seats: aircraft.seats,
        turnaroundMs: aircraft.turnaroundMs,
        pairedWith: null,
        distanceKm: greatCircleKm(origin, destination),
      };
    };
    /** Gives the leg its flight number and its place in the rotation. */
    const fly = (leg: PlannedLeg): PlannedLeg => {
      const number = numbers.get(airline.icao) ?? 1;
      numbers.set(airline.icao, number + 1);
      leg.flightNumber = `${airline.iata}${number}`;
      leg.callsign = `${airline.icao}${number}`;
      leg.scheduleId = `${leg.flightNumber}-${yyyymmdd(leg.scheduledDeparture)}-${leg.departureAirport}`;
      leg.inboundScheduleId = legs[legs.length - 1]?.scheduleId ?? null;
      leg.rotationIndex = legs.length;
      legs.push(leg);
      return leg;
    };
    const ground = () => aircraft.turnaroundMs + rng.int(0, SLACK_STEPS) * STEP;
    let time = start + rng.int(0, FIRST_DEPARTURE_STEPS) * STEP;
    if (rng.next() < NIGHT_STOP_IN) {
      const leg = fly(plan(rng.pick(outstations), aircraft.base, time));
      time = roundUp(leg.scheduledArrival + ground());
    }
    let previous: string | null = null;
    for (;;) {
      const turn = ground();
      const trip = roundTrip(outstations, previous, rng, (to) => {
        const out = plan(aircraft.base, to, time);
        const back = plan(to, aircraft.base, roundUp(out.scheduledArrival + turn));
        return back.scheduledArrival <= end - END_MARGIN_MS ? [out, back] : null;
      });
      if (!trip) break;
      const [out, back] = trip;
      fly(out);
      fly(back);
      out.pairedWith = back.scheduleId;
      back.pairedWith = out.scheduleId;
      previous = out.arrivalAirport;
      time = roundUp(back.scheduledArrival + ground());
    }
    if (rng.next() < NIGHT_STOP_OUT) {
      const leg = plan(aircraft.base, rng.pick(outstations), time);
      if (leg.scheduledArrival <= end - END_MARGIN_MS) fly(leg);
    }
    rotations.push(legs);
  });
  const legs = rotations
    .flat()
    .sort(
      (a, b) => a.scheduledDeparture - b.scheduledDeparture || compare(a.scheduleId, b.scheduleId),
    );
  return { legs, byId: new Map(legs.map((l) => [l.scheduleId, l])), rotations };
}

/**
 * The next round trip: outstations in a drawn order (not the one just flown to), the first
 * whose trip ends in the day. Null when none fits.
 */
function roundTrip(
  outstations: readonly string[],
  previous: string | null,
  rng: Rng,
  trip: (to: string) => [PlannedLeg, PlannedLeg] | null,
): [PlannedLeg, PlannedLeg] | null {
  const order = outstations.filter((icao) => icao !== previous);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  for (const to of order) {
    const legs = trip(to);
    if (legs) return legs;
  }
  return null;
}

function roundUp(ms: number): number {
  return Math.ceil(ms / STEP) * STEP;
}

function yyyymmdd(t: number): string {
  return new Date(t).toISOString().slice(0, 10).replaceAll('-', '');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
