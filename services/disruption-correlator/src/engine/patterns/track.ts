import type { CorrelatorFlight, CorrelatorTrackEvent, DisruptionType } from '@overfly/schemas';
import { legCause, type WeatherAt } from '../causes.js';
import { assessEu261 } from '../eu261.js';
import {
  affectedOf,
  type EvalContext,
  evidence,
  type Finding,
  type FindingContent,
  hhmm,
  legLabel,
  trackEvidence,
} from '../finding.js';
import type { LegFacts, TrackFinding } from '../leg-facts.js';

/**
 * How sure a track finding is: the airline's own status; a detector's event on the track;
 * the correlator's reading of take-off and landing aerodromes against the matched leg
 * (as good as the match of track to leg by callsign, time and airframe).
 */
const TRACK_CONFIDENCE: Record<TrackFinding['basis'], number> = {
  SCHEDULE: 0.95,
  EVENT: 0.9,
  TRACK: 0.85,
};

/** A holding or a go-around is the track detector's word alone. */
const ANOMALY_CONFIDENCE = 0.8;

function callsignOf(flight: CorrelatorFlight): string {
  return flight.callsign ?? flight.icao24;
}

/**
 * DIVERSION and RETURN_TO_ORIGIN of scheduled legs: the source's status (DIVERTED; to the
 * departure aerodrome itself, a return), a DIVERTED or RETURN_TO_ORIGIN event of a matched
 * track, or the track itself landing more than 10 km from the scheduled destination
 * (elsewhere: a diversion; back at the departure aerodrome after taking off: a return). Anchored to the leg; over one window after the
 * landing that shows it.
 */
export function legTrackFindings(ctx: EvalContext, weatherAt: WeatherAt): Finding[] {
  const findings: Finding[] = [];
  for (const f of ctx.legs) {
    // The airline's DIVERTED to the aerodrome it left from is a return to origin.
    const back = f.diversion !== null && f.diversion.airport === f.leg.departureAirport;
    if (f.diversion && !back)
      findings.push(legTrackFinding(ctx, f, 'DIVERSION', f.diversion, weatherAt));
    const returned = f.returned ?? (back ? f.diversion : null);
    if (returned) findings.push(legTrackFinding(ctx, f, 'RETURN_TO_ORIGIN', returned, weatherAt));
  }
  return findings;
}

function legTrackFinding(
  ctx: EvalContext,
  f: LegFacts,
  type: 'DIVERSION' | 'RETURN_TO_ORIGIN',
  found: TrackFinding,
  weatherAt: WeatherAt,
): Finding {
  const cause = legCause(ctx, f, weatherAt);
  const where =
    type === 'RETURN_TO_ORIGIN'
      ? `returned to ${f.leg.departureAirport} after take-off`
      : found.airport
        ? `diverted to ${found.airport}`
        : `landed away from ${f.leg.arrivalAirport}`;
  const how =
    found.basis === 'SCHEDULE'
      ? 'airline status'
      : found.basis === 'EVENT'
        ? 'track event'
        : 'track';
  return {
    type,
    anchor: f.leg.scheduleId,
    holds: true,
    final: ctx.now >= found.at + ctx.config.windowMs,
    accumulates: false,
    content: {
      severity: 'HIGH',
      summary: `${legLabel(f)} ${where} at ${hhmm(found.at)} (${how})`,
      airportIcao:
        type === 'RETURN_TO_ORIGIN'
          ? f.leg.departureAirport
          : (found.airport ?? f.leg.arrivalAirport),
      operatorIcao: f.leg.operatorIcao,
      rootCauseScheduleId: null,
      weatherObservationId: null,
      affectedFlights: [affectedOf(f, null)],
      ...assessEu261(cause.cause, [f.leg.departureAirport], cause.saidBy),
      correlatedEventIds: evidence(
        found.events.map((e) => e.eventId),
        f.evidence,
      ),
      confidence: TRACK_CONFIDENCE[found.basis],
      positions: trackEvidence(found.events),
    },
  };
}

const ANOMALIES: ReadonlyArray<{ type: DisruptionType; event: string; verb: string }> = [
  { type: 'HOLDING', event: 'HOLDING', verb: 'held' },
  { type: 'GO_AROUND', event: 'GO_AROUND', verb: 'went around' },
];

/**
 * HOLDING and GO_AROUND: the track detector's events of one flight (anchored to the
 * flight, matched to its leg when one fits), and DIVERTED or RETURN_TO_ORIGIN events of
 * flights no scheduled leg was matched to. Over one window after the last such event.
 */
export function flightTrackFindings(ctx: EvalContext): Finding[] {
  const findings: Finding[] = [];
  const quietSince = ctx.now - 2 * ctx.config.windowMs;
  for (const flight of ctx.world.flights.values()) {
    // Its findings were final a window after its last event: nothing left to say.
    if ((flight.events[flight.events.length - 1]?.occurredAt ?? 0) < quietSince) continue;
    const leg = flight.scheduleId ? ctx.factsOf(flight.scheduleId) : undefined;
    // Its leg forgotten already: so is everything it could still say.
    if (flight.scheduleId && !leg) continue;
    for (const anomaly of ANOMALIES) {
      const events = flight.events.filter((e) => e.type === anomaly.event);
      if (events.length > 0) findings.push(anomalyFinding(ctx, flight, leg, anomaly, events));
    }
    if (leg) continue;
    for (const [type, event, verb] of [
      ['DIVERSION', 'DIVERTED', 'diverted'],
      ['RETURN_TO_ORIGIN', 'RETURN_TO_ORIGIN', 'returned to its origin'],
    ] as const) {
      const events = flight.events.filter((e) => e.type === event);
      if (events.length > 0) findings.push(unscheduledFinding(ctx, flight, type, verb, events));
    }
  }
  return findings;
}

function anomalyFinding(
  ctx: EvalContext,
  flight: CorrelatorFlight,
  leg: LegFacts | undefined,
  anomaly: (typeof ANOMALIES)[number],
  events: CorrelatorTrackEvent[],
): Finding {
  const last = events[events.length - 1] as CorrelatorTrackEvent;
  const where = last.airportIcao ?? leg?.leg.arrivalAirport ?? null;
  const times = events.length > 1 ? ` ${events.length} times, last` : '';
  const content: FindingContent = {
    severity: 'LOW',
    summary: `${leg ? legLabel(leg) : callsignOf(flight)} ${anomaly.verb}${where ? ` near ${where}` : ''}${times} at ${hhmm(last.occurredAt)}`,
    airportIcao: where,
    operatorIcao: leg?.leg.operatorIcao ?? null,
    rootCauseScheduleId: null,
    weatherObservationId: null,
    affectedFlights: leg ? [affectedOf(leg)] : [],
    // A holding or a go-around owes nothing by itself; a delay it causes is a DELAY.
    ...assessEu261('UNKNOWN', [], 'not established', true),
    correlatedEventIds: evidence(events.map((e) => e.eventId)),
    confidence: ANOMALY_CONFIDENCE,
    positions: trackEvidence(events),
  };
  return {
    type: anomaly.type,
    anchor: `flight:${flight.flightId}`,
    holds: true,
    final: ctx.now >= last.occurredAt + ctx.config.windowMs,
    accumulates: false,
    content,
  };
}

function unscheduledFinding(
  ctx: EvalContext,
  flight: CorrelatorFlight,
  type: 'DIVERSION' | 'RETURN_TO_ORIGIN',
  verb: string,
  events: CorrelatorTrackEvent[],
): Finding {
  const last = events[events.length - 1] as CorrelatorTrackEvent;
  const shown = flight.events.filter(
    (e) =>
      e.type === 'TAKEOFF' ||
      e.type === 'LANDING' ||
      e.type === 'DIVERTED' ||
      e.type === 'RETURN_TO_ORIGIN',
  );
  return {
    type,
    anchor: `flight:${flight.flightId}`,
    holds: true,
    final: ctx.now >= last.occurredAt + ctx.config.windowMs,
    accumulates: false,
    content: {
      severity: 'HIGH',
      summary: `${callsignOf(flight)} ${verb}${last.airportIcao ? ` (${last.airportIcao})` : ''} at ${hhmm(last.occurredAt)}; no scheduled leg matched`,
      airportIcao: last.airportIcao,
      operatorIcao: null,
      rootCauseScheduleId: null,
      weatherObservationId: null,
      affectedFlights: [],
      // Without its leg, neither its departure nor its passengers are known.
      ...assessEu261('UNKNOWN', [], 'not established', true),
      correlatedEventIds: evidence(shown.map((e) => e.eventId)),
      confidence: TRACK_CONFIDENCE.EVENT,
      positions: trackEvidence(shown),
    },
  };
}
