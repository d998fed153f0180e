import type {
  AffectedFlight,
  CorrelatorTrackEvent,
  DisruptionEvent,
  DisruptionType,
  TrackEvidence,
} from '@overfly/schemas';
import type { EngineConfig } from './config.js';
import { compareText } from './inputs.js';
import type { LegFacts, Locate } from './leg-facts.js';
import type { RotationView } from './rotation.js';
import type { World } from './world.js';

/** What a publication says, apart from its ids, lifecycle, window and wall-clock time. */
export type FindingContent = Pick<
  DisruptionEvent,
  | 'severity'
  | 'summary'
  | 'airportIcao'
  | 'operatorIcao'
  | 'rootCauseScheduleId'
  | 'weatherObservationId'
  | 'affectedFlights'
  | 'eu261Relevant'
  | 'extraordinaryCircumstances'
  | 'eu261Note'
  | 'correlatedEventIds'
  | 'confidence'
  | 'positions'
>;

/** A publication of disruption.events, before the service stamps `detectedAt`. */
export type DisruptionOutput = Omit<DisruptionEvent, 'detectedAt'>;

/**
 * What a pattern found at one evaluation about one anchor (a leg, a flight, an aerodrome,
 * an operator or the network).
 */
export interface Finding {
  type: DisruptionType;
  anchor: string;
  /** The pattern's condition holds now. false: it is known to be over (resolve now). */
  holds: boolean;
  /** Nothing more will change: publish, then resolve at once. */
  final: boolean;
  /**
   * An aggregate (airport, airline, network): the legs of earlier evaluations of the same
   * disruption stay listed after they leave the window.
   */
  accumulates: boolean;
  content: FindingContent;
}

/** What every pattern reads at an evaluation. */
export interface EvalContext {
  /** The evaluation time: every input before it is applied. */
  now: number;
  /** Start of the window ending at `now`. */
  windowStart: number;
  config: EngineConfig;
  world: World;
  locate: Locate;
  /** The legs still watched, by scheduled departure. */
  legs: readonly LegFacts[];
  factsOf(scheduleId: string): LegFacts | undefined;
  rotation: RotationView;
  /** Whether a disruption of this type and anchor is open (published, not resolved). */
  isOpen(type: DisruptionType, anchor: string): boolean;
}

/** The most evidence ids a publication carries (the first, in time order, are kept). */
const MAX_EVIDENCE = 200;
/** The most legs a publication lists (the worst are kept). */
export const MAX_AFFECTED = 100;

export function evidence(...groups: ReadonlyArray<readonly string[]>): string[] {
  const seen = new Set<string>();
  for (const group of groups) for (const id of group) if (seen.size < MAX_EVIDENCE) seen.add(id);
  return [...seen];
}

export function affectedOf(f: LegFacts, expectedDelayMinutes?: number | null): AffectedFlight {
  const flight = f.flights[f.flights.length - 1];
  return {
    scheduleId: f.leg.scheduleId,
    flightNumber: f.leg.flightNumber,
    flightId: flight?.flightId ?? null,
    departureAirport: f.leg.departureAirport,
    arrivalAirport: f.leg.arrivalAirport,
    expectedArrivalDelayMinutes:
      expectedDelayMinutes !== undefined ? expectedDelayMinutes : (f.arrivalDelay?.minutes ?? null),
    cancelled: f.cancelled !== null,
    passengerCount: f.passengerCount,
  };
}

/** Worst first: cancelled legs, then by expected arrival delay, then by id. */
export function worstFirst(flights: AffectedFlight[]): AffectedFlight[] {
  return flights.sort(
    (a, b) =>
      Number(b.cancelled) - Number(a.cancelled) ||
      (b.expectedArrivalDelayMinutes ?? -1) - (a.expectedArrivalDelayMinutes ?? -1) ||
      compareText(a.scheduleId, b.scheduleId),
  );
}

/**
 * The positions that show a disruption seen in the track, in time order: each event's own
 * position and the positions its detector gave as evidence (a holding's racetrack, a
 * go-around's approach and climb, a return's turn back), under the event's id.
 */
export function trackEvidence(events: readonly CorrelatorTrackEvent[]): TrackEvidence[] {
  const points: TrackEvidence[] = [];
  for (const e of events) {
    points.push({
      eventId: e.eventId,
      flightId: e.flightId,
      kind: e.type,
      occurredAt: e.occurredAt,
      latitude: e.latitude,
      longitude: e.longitude,
      airportIcao: e.airportIcao,
    });
    for (const p of e.evidence)
      if (p.time !== e.occurredAt)
        points.push({
          eventId: e.eventId,
          flightId: e.flightId,
          kind: e.type,
          occurredAt: p.time,
          latitude: p.latitude,
          longitude: p.longitude,
          airportIcao: null,
        });
  }
  return points.sort(
    (a, b) =>
      a.occurredAt - b.occurredAt ||
      compareText(a.eventId, b.eventId) ||
      Number(b.airportIcao !== null) - Number(a.airportIcao !== null),
  );
}

/** `14:05Z`: times in summaries, UTC. */
export function hhmm(at: number): string {
  // What `new Date(at).toISOString().slice(11, 16)` gives, without building a Date: every
  // finding's summary names times, every evaluation.
  const minutes = Math.floor((((at % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}Z`;
}

const DAY_MS = 86_400_000;

export function legLabel(f: LegFacts): string {
  return `${f.leg.flightNumber} ${f.leg.departureAirport}\u2192${f.leg.arrivalAirport}`;
}

/** "share" as a whole percentage, for summaries. */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}
