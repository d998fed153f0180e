import type {
  FlightEvent,
  FlightSchedule,
  PassengerManifest,
  TopicValue,
  WeatherObservation,
} from '@overfly/schemas';
import type { EngineInput } from '../engine/inputs.js';
import { CorrelatorError } from '../errors.js';

/** The four inputs the correlator reads. */
export const INPUT_TOPICS = [
  'flight.events',
  'flight.schedules',
  'external.weather',
  'passenger.manifests',
] as const;
export type InputTopic = (typeof INPUT_TOPICS)[number];

export interface NormalizeOptions {
  /** The wall clock, for the future-time check. */
  now: number;
  /** How far ahead of `now` an input may say it happened (compressed scenarios run ahead). */
  maxFutureMs: number;
  /** Whether the airport table knows an ICAO code. */
  knownAirport: (icao: string) => boolean;
}

/** 2000-01-01T00:00Z: nothing the correlator reads can be older (packages/charges draws the same line). */
const EARLIEST = Date.UTC(2000, 0, 1);

function required(value: string | null | undefined, field: string, what: string): string {
  const text = value?.trim() ?? '';
  if (text === '')
    throw new CorrelatorError('DISRUPTION_CORRELATOR_MISSING_ID', `${what} without ${field}`);
  return text;
}

function time(value: number, field: string, what: string, options: NormalizeOptions): number {
  if (!Number.isFinite(value) || value < EARLIEST)
    throw new CorrelatorError(
      'DISRUPTION_CORRELATOR_TIME_INVALID',
      `${what}: ${field} ${value} is before 2000`,
    );
  if (value > options.now + options.maxFutureMs)
    throw new CorrelatorError(
      'DISRUPTION_CORRELATOR_TIME_IN_FUTURE',
      `${what}: ${field} ${new Date(value).toISOString()} is more than ${Math.round(options.maxFutureMs / 60_000)} min ahead of the clock (${new Date(options.now).toISOString()})`,
    );
  return value;
}

function airport(icao: string, field: string, what: string, options: NormalizeOptions): string {
  const code = icao.trim().toUpperCase();
  if (!options.knownAirport(code))
    throw new CorrelatorError(
      'DISRUPTION_CORRELATOR_UNKNOWN_AIRPORT',
      `${what}: ${field} ${icao} is not in the airport table`,
    );
  return code;
}

function optionalAirport(
  icao: string | null,
  field: string,
  what: string,
  options: NormalizeOptions,
) {
  return icao === null || icao.trim() === '' ? null : airport(icao, field, what, options);
}

/** Callsigns compared as ATC writes them: upper case, no spaces; empty is none. */
function normalCallsign(callsign: string | null): string | null {
  const text = callsign?.replaceAll(/\s+/g, '').toUpperCase() ?? '';
  return text === '' ? null : text;
}

function flightEvent(e: FlightEvent, options: NormalizeOptions): EngineInput {
  const eventId = required(e.eventId, 'eventId', 'flight event');
  const what = `flight event ${eventId}`;
  return {
    kind: 'event',
    event: {
      eventId,
      flightId: required(e.flightId, 'flightId', what),
      icao24: required(e.icao24, 'icao24', what).toLowerCase(),
      callsign: normalCallsign(e.callsign),
      type: e.type,
      occurredAt: time(e.occurredAt, 'occurredAt', what, options),
      latitude: e.latitude,
      longitude: e.longitude,
      airportIcao: optionalAirport(e.airportIcao, 'airportIcao', what, options),
      delayMinutes: e.delayMinutes,
      // The manoeuvre's own positions, published again as the disruption's `positions`.
      evidence: e.evidence
        .filter((p) => Number.isFinite(p.latitude) && Number.isFinite(p.longitude))
        .map((p) => ({ time: p.time, latitude: p.latitude, longitude: p.longitude })),
    },
  };
}

function schedule(s: FlightSchedule, options: NormalizeOptions): EngineInput {
  const scheduleId = required(s.scheduleId, 'scheduleId', 'schedule');
  const what = `schedule ${scheduleId}`;
  const scheduledDeparture = time(s.scheduledDeparture, 'scheduledDeparture', what, {
    ...options,
    maxFutureMs: Infinity,
  });
  const scheduledArrival = time(s.scheduledArrival, 'scheduledArrival', what, {
    ...options,
    maxFutureMs: Infinity,
  });
  if (scheduledArrival < scheduledDeparture)
    throw new CorrelatorError(
      'DISRUPTION_CORRELATOR_TIME_INVALID',
      `${what}: scheduledArrival is before scheduledDeparture`,
    );
  return {
    kind: 'schedule',
    schedule: {
      scheduleId,
      flightNumber: required(s.flightNumber, 'flightNumber', what),
      operatorIcao: required(s.operatorIcao, 'operatorIcao', what).toUpperCase(),
      callsign: normalCallsign(s.callsign),
      icao24: s.icao24?.trim().toLowerCase() || null,
      registration: s.registration?.trim() || null,
      departureAirport: airport(s.departureAirport, 'departureAirport', what, options),
      arrivalAirport: airport(s.arrivalAirport, 'arrivalAirport', what, options),
      scheduledDeparture,
      scheduledArrival,
      estimatedDeparture: s.estimatedDeparture,
      estimatedArrival: s.estimatedArrival,
      actualDeparture: s.actualDeparture,
      actualArrival: s.actualArrival,
      status: s.status,
      diversionAirport: optionalAirport(s.diversionAirport, 'diversionAirport', what, options),
      inboundScheduleId: s.inboundScheduleId?.trim() || null,
      delayCode: s.delayCode?.trim() || null,
      updatedAt: time(s.updatedAt, 'updatedAt', what, options),
    },
  };
}

function weather(w: WeatherObservation, options: NormalizeOptions): EngineInput {
  const observationId = required(w.observationId, 'observationId', 'weather observation');
  const what = `weather observation ${observationId}`;
  return {
    kind: 'weather',
    weather: {
      observationId,
      stationIcao: airport(
        required(w.stationIcao, 'stationIcao', what),
        'stationIcao',
        what,
        options,
      ),
      observedAt: time(w.observedAt, 'observedAt', what, options),
      severity: w.severity,
      flightCategory: w.flightCategory,
      phenomena: [...w.phenomena],
    },
  };
}

function manifest(m: PassengerManifest, options: NormalizeOptions): EngineInput {
  const manifestId = required(m.manifestId, 'manifestId', 'manifest');
  const what = `manifest ${manifestId}`;
  airport(m.departureAirport, 'departureAirport', what, options);
  airport(m.arrivalAirport, 'arrivalAirport', what, options);
  return {
    kind: 'manifest',
    manifest: {
      manifestId,
      scheduleId: required(m.scheduleId, 'scheduleId', what),
      snapshotAt: time(m.snapshotAt, 'snapshotAt', what, options),
      passengerCount: m.passengers.length,
      // What the passenger decisions read, no more (no contact details ever reach Kafka).
      passengers: m.passengers.map((p) => ({
        passengerId: required(p.passengerId, 'passengers[].passengerId', what),
        bookingId: p.bookingId,
        contactRef: p.contactRef,
        cabinClass: p.cabinClass,
        loyaltyTier: p.loyaltyTier,
        fareMinor: p.fare?.amountMinor ?? null,
        fareCurrency: p.fare?.currency ?? null,
        connectionScheduleId: p.connection?.scheduleId ?? null,
        connectionDeparture: p.connection?.scheduledDeparture ?? null,
        minimumConnectionMinutes: p.connection?.minimumConnectionMinutes ?? null,
        finalDestinationAirport: p.finalDestinationAirport,
        specialAssistance: [...p.specialAssistance],
      })),
    },
  };
}

/**
 * One record of an input topic, checked and reduced to what the engine reads. Throws
 * CorrelatorError (DISRUPTION_CORRELATOR_*) naming the field when it cannot be a real one: the
 * service refuses it to dead.letter with that reason.
 */
export function normalize<T extends InputTopic>(
  topic: T,
  value: TopicValue[T],
  options: NormalizeOptions,
): EngineInput {
  switch (topic) {
    case 'flight.events':
      return flightEvent(value as FlightEvent, options);
    case 'flight.schedules':
      return schedule(value as FlightSchedule, options);
    case 'external.weather':
      return weather(value as WeatherObservation, options);
    case 'passenger.manifests':
      return manifest(value as PassengerManifest, options);
    default:
      throw new Error(`not an input topic: ${topic}`);
  }
}
