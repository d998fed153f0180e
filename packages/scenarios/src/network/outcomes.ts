/**
 * What happened to each leg. Each aircraft's legs are played in order: a leg leaves when
 * it is scheduled, when its aircraft is back and turned round (a late inbound makes it late
 * by what the turnaround's slack cannot absorb: reactionary, code 93), after any delay
 * injected on it (technical, airline-wide, weather at the gate, a cascade's root, or the
 * ordinary small delays of every day) and after the queue at its departure runway or, as an
 * ATFM slot, at its arrival runway. Cancellations are decided first, by round trip, so the
 * aircraft stays where its next leg leaves; a diversion ends with a positioning flight back
 * into the rotation, a return to origin leaves the aircraft at its origin.
 *
 * Delay codes are IATA AHM 730 (see README "Network scenarios" for the list and source).
 */
import { type Airport, defaultAirports } from '@overfly/geo';
import { type Rng, rngFor } from '../prng.js';
import { type CapacityEvent, capacityModel } from './capacity.js';
import type { NetworkAirportData } from './data.js';
import type { ResolvedDisruption } from './disruptions.js';
import { flightPlan, performanceOf, turnedPlan } from './flight-time.js';
import type { LegOutcome, PositioningFlight, TrackAnomaly } from './model.js';
import type { PlannedDay, PlannedLeg } from './schedule.js';
import { STREAM } from './streams.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Legs are published (visible to feeds) this long before their scheduled departure. */
export const PUBLISHED_BEFORE_MS = 24 * HOUR;

/** Capacity left and round trips cancelled by weather, by severity (chosen defaults). */
const WEATHER = {
  thunderstorms: { factor: 0.55, cancellations: 0.1, gateDelay: [5, 30], gateCode: '71' },
  fog: { factor: 0.6, cancellations: 0.15, gateDelay: null, gateCode: '71' },
  snow: { factor: 0.5, cancellations: 0.25, gateDelay: [10, 30], gateCode: '75' },
} as const;

/** AHM 730 codes of an airline-wide disruption's causes. */
const AIRLINE_CAUSE_CODES = {
  it_outage: '55',
  flight_planning: '57',
  crew_shortage: '64',
  own_staff_strike: '97',
} as const;

/**
 * Ordinary delays of every day: a quarter of the legs leave 1–12 minutes late, a few
 * 13–25, for passenger, baggage, ramp and crew reasons (chosen shares and codes).
 */
const NOISE = { small: 0.25, larger: 0.04 } as const;
const NOISE_CODES = ['11', '12', '15', '18', '31', '32', '33', '34', '36', '37', '63', '87'];

/** A go-around and a second approach add about ten minutes (chosen; the engine flies its own). */
const GO_AROUND_MS = 10 * MINUTE;
/** A diversion is decided three quarters of the way from lift-off to touchdown (chosen). */
const DIVERSION_POINT = 0.75;
/** Ground time at the alternate before the positioning flight (refuel, weather; chosen). */
const DIVERSION_GROUND_MS = 60 * MINUTE;
/** Inspection after a return to origin before the aircraft flies again (chosen). */
const RETURN_GROUND_MS = 90 * MINUTE;

interface Contribution {
  code: string;
  minutes: number;
  causes: readonly string[];
  knownAt: number;
}

interface Cancellation {
  causeId: string;
  code: string;
  announcedAt: number;
}

export interface PlayedDay {
  outcomes: Map<string, LegOutcome>;
  positioning: PositioningFlight[];
}

export function playDay(
  day: PlannedDay,
  disruptions: readonly ResolvedDisruption[],
  airports: readonly NetworkAirportData[],
  context: { seed: number; start: number; end: number },
): PlayedDay {
  const places = defaultAirports();
  const place = (icao: string): Airport => {
    const found = places.byIcao(icao);
    if (!found) throw new Error(`unknown airport ${icao}`);
    return found;
  };
  const cancellations = new Map<string, Cancellation>();
  const injected = new Map<string, Contribution[]>();
  const anomalies = new Map<string, Array<{ id: string; spec: ResolvedDisruption['spec'] }>>();
  const capacity: CapacityEvent[] = [];
  const codes = new Map<string, { departure: string; arrival: string }>();
  const inject = (leg: PlannedLeg, c: Contribution) =>
    injected.set(leg.scheduleId, [...(injected.get(leg.scheduleId) ?? []), c]);

  for (const d of disruptions) {
    const rng = rngFor(context.seed, STREAM.disruption, 1_000 + d.index);
    const spec = d.spec;
    switch (spec.type) {
      case 'weather': {
        const w = WEATHER[spec.severity];
        const share = spec.cancellations ?? w.cancellations;
        capacity.push({
          id: d.id,
          airport: spec.airport,
          from: d.from,
          to: d.to,
          factor: spec.capacityFactor ?? w.factor,
          cancellations: share,
        });
        codes.set(d.id, { departure: '71', arrival: '72' });
        const touching = (l: PlannedLeg) =>
          (l.departureAirport === spec.airport && within(l.scheduledDeparture, d)) ||
          (l.arrivalAirport === spec.airport && within(l.scheduledArrival, d));
        cancelPairs(
          day,
          touching,
          d.from - 3 * HOUR,
          share,
          rng,
          (out) => ({
            causeId: d.id,
            code: '71',
            announcedAt: announce(
              out,
              Math.max(d.from - 2 * HOUR, out.scheduledDeparture - 3 * HOUR),
              rng,
              30,
            ),
          }),
          cancellations,
          // Weather at the departure station (71) or at the destination (72).
          (leg) => (leg.departureAirport === spec.airport ? '71' : '72'),
        );
        if (w.gateDelay) {
          for (const leg of day.legs) {
            if (leg.departureAirport !== spec.airport || !within(leg.scheduledDeparture, d))
              continue;
            inject(leg, {
              code: w.gateCode,
              minutes: rng.int(w.gateDelay[0], w.gateDelay[1]),
              causes: [d.id],
              knownAt: Math.max(d.from, leg.scheduledDeparture - 30 * MINUTE),
            });
          }
        }
        break;
      }
      case 'atc_congestion':
        capacity.push({
          id: d.id,
          airport: spec.airport,
          from: d.from,
          to: d.to,
          factor: spec.capacityFactor,
          cancellations: 0,
        });
        codes.set(d.id, { departure: '89', arrival: '83' });
        break;
      case 'technical': {
        const mine = (l: PlannedLeg) =>
          l.operatorIcao === spec.airline && within(l.scheduledDeparture, d);
        cancelPairs(
          day,
          mine,
          d.from,
          spec.cancellations ?? 0,
          rng,
          (out) => ({
            causeId: d.id,
            code: '41',
            announcedAt: announce(out, out.scheduledDeparture - 2 * HOUR, rng, 15),
          }),
          cancellations,
        );
        for (const leg of day.legs) {
          if (!mine(leg) || rng.next() >= spec.share) continue;
          inject(leg, {
            code: '41',
            minutes: Math.round(rng.between(spec.delay.min, spec.delay.max) / MINUTE),
            causes: [d.id],
            knownAt: leg.scheduledDeparture - rng.int(15, 60) * MINUTE,
          });
        }
        break;
      }
      case 'airline_wide': {
        const code = AIRLINE_CAUSE_CODES[spec.cause];
        const mine = (l: PlannedLeg) =>
          l.operatorIcao === spec.airline && within(l.scheduledDeparture, d);
        cancelPairs(
          day,
          mine,
          d.from,
          spec.cancellations,
          rng,
          (out) => ({
            causeId: d.id,
            code,
            announcedAt: Math.max(
              d.from,
              Math.min(
                Math.max(d.from + rng.int(5, 30) * MINUTE, out.scheduledDeparture - 3 * HOUR),
                out.scheduledDeparture - 15 * MINUTE,
              ),
            ),
          }),
          cancellations,
        );
        for (const leg of day.legs) {
          if (!mine(leg)) continue;
          inject(leg, {
            code,
            minutes: Math.round(rng.between(spec.delay.min, spec.delay.max) / MINUTE),
            causes: [d.id],
            knownAt: Math.max(d.from, leg.scheduledDeparture - HOUR) + rng.int(0, 10) * MINUTE,
          });
        }
        break;
      }
      case 'cascade':
        if (d.leg) {
          inject(d.leg, {
            code: spec.code,
            minutes: Math.round(spec.delay / MINUTE),
            causes: [d.id],
            knownAt: d.leg.scheduledDeparture - rng.int(30, 60) * MINUTE,
          });
        }
        break;
      default:
        if (d.leg) {
          const list = anomalies.get(d.leg.scheduleId) ?? [];
          list.push({ id: d.id, spec });
          anomalies.set(d.leg.scheduleId, list);
        }
    }
  }

  const queues = capacityModel(
    airports,
    capacity,
    context.start - 2 * HOUR,
    context.end + 12 * HOUR,
  );
  const outcomes = new Map<string, LegOutcome>();
  const positioning: PositioningFlight[] = [];
  const legIndex = new Map(day.legs.map((l, i) => [l.scheduleId, i]));

  for (const rotation of day.rotations) {
    let location = rotation[0]?.departureAirport ?? '';
    let availableAt = Number.NEGATIVE_INFINITY;
    /** Why the aircraft is late or out of place, and since when that was known. */
    let carried: { causes: readonly string[]; knownAt: number; displacedBy: string | null } = {
      causes: [],
      knownAt: Number.NEGATIVE_INFINITY,
      displacedBy: null,
    };
    for (const leg of rotation) {
      const published = leg.scheduledDeparture - PUBLISHED_BEFORE_MS;
      const cancelled = cancellations.get(leg.scheduleId);
      if (cancelled || leg.departureAirport !== location) {
        const why = cancelled ?? {
          causeId: carried.displacedBy ?? '',
          code: '93',
          announcedAt: Math.min(carried.knownAt, leg.scheduledDeparture),
        };
        outcomes.set(leg.scheduleId, {
          scheduleId: leg.scheduleId,
          status: 'CANCELLED',
          actualDeparture: null,
          actualArrival: null,
          landedAt: null,
          delayCode: why.code,
          departureDelayMinutes: 0,
          reactionaryMinutes: 0,
          announcedAt: Math.max(published, why.announcedAt),
          anomalies: [],
          causes: why.causeId === '' ? [] : [why.causeId],
        });
        continue;
      }
      const contributions: Contribution[] = [];
      const reactionaryMs = Math.max(0, availableAt - leg.scheduledDeparture);
      if (reactionaryMs > 0) {
        contributions.push({
          code: '93',
          minutes: Math.ceil(reactionaryMs / MINUTE),
          causes: carried.causes,
          knownAt: carried.knownAt,
        });
      }
      const own = injected.get(leg.scheduleId) ?? [];
      const noise = noiseOf(
        rngFor(context.seed, STREAM.noise, legIndex.get(leg.scheduleId) ?? 0),
        leg,
      );
      const first = own.length > 0 ? own.reduce((a, b) => (b.minutes > a.minutes ? b : a)) : noise;
      if (first) contributions.push(first);
      const readyAt = Math.max(
        leg.scheduledDeparture + (first?.minutes ?? 0) * MINUTE,
        availableAt,
        leg.scheduledDeparture,
      );
      const atGate = queues.wait(leg.departureAirport, readyAt);
      const atArrival = queues.wait(leg.arrivalAirport, readyAt + atGate.ms + leg.flightMs);
      const queue = atArrival.ms > atGate.ms ? atArrival : atGate;
      if (queue.ms >= MINUTE) {
        const cause = queue.causes[0] ?? '';
        const regulated = capacity.find((c) => c.id === cause);
        contributions.push({
          code: codes.get(cause)?.[queue === atArrival ? 'arrival' : 'departure'] ?? '89',
          minutes: Math.round(queue.ms / MINUTE),
          causes: queue.causes,
          knownAt: Math.max((regulated?.from ?? readyAt) - 30 * MINUTE, readyAt - 90 * MINUTE),
        });
      }
      const offBlock = Math.ceil((readyAt + queue.ms) / MINUTE) * MINUTE;
      const delay = Math.round((offBlock - leg.scheduledDeparture) / MINUTE);
      const main = contributions.reduce<Contribution | null>(
        (a, b) => (a === null || b.minutes > a.minutes ? b : a),
        null,
      );
      const causes = [
        ...new Set(contributions.filter((c) => c.minutes >= 1).flatMap((c) => c.causes)),
      ].sort();
      const legAnomalies = anomalies.get(leg.scheduleId) ?? [];
      const origin = place(leg.departureAirport);
      const plan = flightPlan(
        origin,
        place(leg.arrivalAirport),
        performanceOf(leg.aircraftType),
        leg.cruiseFl,
        offBlock,
      );
      let onBlock = plan.tEnd;
      let status: LegOutcome['status'] = 'OPERATED';
      let landedAt: string | null = null;
      let announcedAt =
        delay >= 1 && main
          ? clamp(main.knownAt, published, Math.min(leg.scheduledDeparture, offBlock))
          : null;
      const flown: TrackAnomaly[] = [];
      /** Where the aircraft is next, from when, and which anomaly put it out of its rotation. */
      let next: {
        location: string;
        readyAt: number | null;
        displacedBy: string | null;
        at: number;
      } = {
        location: leg.arrivalAirport,
        readyAt: null,
        displacedBy: null,
        at: 0,
      };
      for (const { id, spec } of legAnomalies) {
        causes.push(id);
        if (spec.type === 'holding') {
          flown.push({ type: 'holding', durationMs: spec.duration });
          onBlock += spec.duration;
        } else if (spec.type === 'go_around') {
          flown.push({ type: 'go_around' });
          onBlock += GO_AROUND_MS;
        } else if (spec.type === 'diversion') {
          const at =
            Math.round((plan.tLift + DIVERSION_POINT * (plan.tTouchdown - plan.tLift)) / 1000) *
            1000;
          const turned = turnedPlan(plan, at, place(spec.to));
          if (!turned) continue;
          flown.push({ type: 'diversion', at, to: spec.to });
          status = 'DIVERTED';
          landedAt = spec.to;
          announcedAt ??= at;
          onBlock = turned.tEnd;
          const ferry = positioningFlight(leg, spec.to, turned.tEnd + DIVERSION_GROUND_MS, place);
          positioning.push(ferry);
          next = {
            location: leg.arrivalAirport,
            readyAt: ferry.arrival + leg.turnaroundMs,
            displacedBy: null,
            at,
          };
        } else if (spec.type === 'return_to_origin') {
          const at = offBlock + spec.at;
          const turned = turnedPlan(plan, at, origin);
          if (!turned) continue;
          flown.push({ type: 'return_to_origin', at });
          status = 'RETURNED';
          landedAt = leg.departureAirport;
          announcedAt ??= at;
          onBlock = turned.tEnd;
          next = {
            location: leg.departureAirport,
            readyAt: turned.tEnd + RETURN_GROUND_MS,
            displacedBy: id,
            at,
          };
        }
      }
      onBlock = Math.round(onBlock / MINUTE) * MINUTE;
      const readyAgain = next.readyAt ?? onBlock + leg.turnaroundMs;
      outcomes.set(leg.scheduleId, {
        scheduleId: leg.scheduleId,
        status,
        actualDeparture: offBlock,
        // On-block where it landed; a diverted leg never reaches its gate (model.ts).
        actualArrival: status === 'DIVERTED' ? null : onBlock,
        landedAt,
        delayCode: delay >= 1 && main ? main.code : null,
        departureDelayMinutes: delay,
        reactionaryMinutes: Math.min(delay, Math.ceil(reactionaryMs / MINUTE)),
        announcedAt,
        anomalies: flown,
        causes: [...new Set(causes)].sort(),
      });
      location = next.location;
      availableAt = readyAgain;
      carried = {
        // A late next leg is late for whatever made this one late.
        causes: [...new Set(causes)],
        knownAt: next.displacedBy ? next.at : (announcedAt ?? offBlock),
        displacedBy: next.displacedBy,
      };
    }
  }
  positioning.sort((a, b) => a.departure - b.departure || compare(a.callsign, b.callsign));
  return { outcomes, positioning };
}

function within(t: number, window: { from: number; to: number }): boolean {
  return t >= window.from && t < window.to;
}

function clamp(t: number, min: number, max: number): number {
  return Math.min(Math.max(t, min), max);
}

/** A cancellation announced at `wanted` plus up to 15 minutes, at the latest `before` min before departure. */
function announce(out: PlannedLeg, wanted: number, rng: Rng, beforeMinutes: number): number {
  return Math.min(
    wanted + rng.int(0, 15) * MINUTE,
    out.scheduledDeparture - beforeMinutes * MINUTE,
  );
}

/**
 * Cancels whole round trips (so the aircraft stays at the hub its next trip leaves from):
 * `share` of the trips not started before `notBefore` with a leg for which `touching`
 * holds, drawn by the seed.
 */
function cancelPairs(
  day: PlannedDay,
  touching: (leg: PlannedLeg) => boolean,
  notBefore: number,
  share: number,
  rng: Rng,
  reason: (out: PlannedLeg) => Cancellation,
  into: Map<string, Cancellation>,
  codeOf?: (leg: PlannedLeg) => string,
): void {
  if (share <= 0) return;
  const trips: Array<[PlannedLeg, PlannedLeg]> = [];
  for (const leg of day.legs) {
    if (leg.pairedWith === null || into.has(leg.scheduleId)) continue;
    const other = day.byId.get(leg.pairedWith);
    if (!other || other.scheduledDeparture < leg.scheduledDeparture) continue;
    // A trip can be cancelled only before it starts, and only once the reason is known.
    if (leg.scheduledDeparture < notBefore) continue;
    if (touching(leg) || touching(other)) trips.push([leg, other]);
  }
  const count = Math.round(share * trips.length);
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, trips.length - 1);
    [trips[i], trips[j]] = [
      trips[j] as [PlannedLeg, PlannedLeg],
      trips[i] as [PlannedLeg, PlannedLeg],
    ];
    const [out, back] = trips[i] as [PlannedLeg, PlannedLeg];
    const why = reason(out);
    into.set(out.scheduleId, codeOf ? { ...why, code: codeOf(out) } : why);
    into.set(back.scheduleId, codeOf ? { ...why, code: codeOf(back) } : why);
  }
}

/** An ordinary delay of the day, or null (most legs). */
function noiseOf(rng: Rng, leg: PlannedLeg): Contribution | null {
  const x = rng.next();
  const minutes =
    x < NOISE.small ? rng.int(1, 12) : x < NOISE.small + NOISE.larger ? rng.int(13, 25) : 0;
  const code = rng.pick(NOISE_CODES);
  const lead = rng.int(5, 20);
  if (minutes === 0) return null;
  return { code, minutes, causes: [], knownAt: leg.scheduledDeparture - lead * MINUTE };
}

function positioningFlight(
  leg: PlannedLeg,
  from: string,
  departure: number,
  place: (icao: string) => Airport,
): PositioningFlight {
  const off = Math.ceil(departure / MINUTE) * MINUTE;
  const plan = flightPlan(
    place(from),
    place(leg.arrivalAirport),
    performanceOf(leg.aircraftType),
    leg.cruiseFl,
    off,
  );
  const number = Number(leg.flightNumber.slice(2)) % 1_000;
  return {
    icao24: leg.icao24,
    operatorIcao: leg.operatorIcao,
    callsign: `${leg.operatorIcao}9${number.toString().padStart(3, '0')}`,
    aircraftType: leg.aircraftType,
    departureAirport: from,
    arrivalAirport: leg.arrivalAirport,
    departure: off,
    arrival: Math.round(plan.tEnd / MINUTE) * MINUTE,
    cruiseFl: leg.cruiseFl,
    afterScheduleId: leg.scheduleId,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
