import type {
  FlightCategory,
  FlightEvent,
  FlightEventType,
  FlightSchedule,
  PassengerManifest,
  ScheduleStatus,
  WeatherObservation,
  WeatherSeverity,
} from '@overfly/schemas';

/**
 * Hand-made records of the four input topics, written the way their producers write them,
 * for the unit tests and the Kafka tests. Times are 'HH:MM' on DAY (UTC).
 */
const DAY = Date.UTC(2025, 5, 14);
const MINUTE = 60_000;

/** 'HH:MM' on DAY (or 'HH:MM+1' the day after), as epoch ms. */
export function at(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})(\+1)?$/.exec(hhmm);
  if (!match) throw new Error(`not HH:MM: ${hhmm}`);
  return DAY + (Number(match[1]) * 60 + Number(match[2])) * MINUTE + (match[3] ? 1440 * MINUTE : 0);
}

const whenOf = (t: string | number | null | undefined) =>
  t === null || t === undefined ? null : typeof t === 'number' ? t : at(t);
const when = whenOf;

export interface LegSpec {
  flight: string;
  from: string;
  to: string;
  dep: string;
  arr: string;
  operator?: string;
  callsign?: string | null;
  icao24?: string | null;
  registration?: string | null;
  inbound?: string | null;
  status?: ScheduleStatus;
  estDep?: string | number | null;
  estArr?: string | number | null;
  actDep?: string | number | null;
  actArr?: string | number | null;
  delayCode?: string | null;
  diversionAirport?: string | null;
  updatedAt?: string | number;
  /** Days after DAY (negative: before) that every time of the leg is moved by. */
  day?: number;
}

/** The scheduleId the network model writes: flight number, UTC date of departure, departure aerodrome. */
export function scheduleIdOf(flight: string, from: string, date = '20250614'): string {
  return `${flight}-${date}-${from}`;
}

export function schedule(spec: LegSpec): FlightSchedule {
  const operator = spec.operator ?? 'DLH';
  const shift = (spec.day ?? 0) * 1440 * MINUTE;
  const when = (t: string | number | null | undefined) => {
    const time = whenOf(t);
    return time === null ? null : time + shift;
  };
  const date = new Date(DAY + shift).toISOString().slice(0, 10).replaceAll('-', '');
  return {
    scheduleId: scheduleIdOf(spec.flight, spec.from, date),
    flightNumber: spec.flight,
    operatorIcao: operator,
    callsign: spec.callsign === undefined ? `${operator}${spec.flight.slice(2)}` : spec.callsign,
    icao24: spec.icao24 ?? null,
    registration: spec.registration ?? null,
    aircraftType: 'A320',
    departureAirport: spec.from,
    arrivalAirport: spec.to,
    scheduledDeparture: at(spec.dep) + shift,
    scheduledArrival: at(spec.arr) + shift,
    estimatedDeparture: when(spec.estDep),
    estimatedArrival: when(spec.estArr),
    actualDeparture: when(spec.actDep),
    actualArrival: when(spec.actArr),
    status: spec.status ?? 'SCHEDULED',
    diversionAirport: spec.diversionAirport ?? null,
    inboundScheduleId: spec.inbound ?? null,
    delayCode: spec.delayCode ?? null,
    source: 'mock',
    updatedAt: when(spec.updatedAt ?? '00:00') as number,
  };
}

export interface EventSpec {
  flightId: string;
  icao24: string;
  callsign: string | null;
  type: FlightEventType;
  at: string | number;
  airport?: string | null;
  lat?: number | null;
  lon?: number | null;
  delayMinutes?: number | null;
  /** Track positions the detector gives as evidence: [HH:MM, lat, lon]. */
  evidence?: ReadonlyArray<readonly [string, number, number]>;
}

export function flightEvent(spec: EventSpec): FlightEvent {
  const occurredAt = when(spec.at) as number;
  return {
    eventId: `${spec.flightId}-${spec.type}-${occurredAt}`,
    flightId: spec.flightId,
    icao24: spec.icao24,
    callsign: spec.callsign,
    type: spec.type,
    occurredAt,
    latitude: spec.lat ?? null,
    longitude: spec.lon ?? null,
    airportIcao: spec.airport ?? null,
    firId: null,
    delayMinutes: spec.delayMinutes ?? null,
    attributes: {},
    evidence: (spec.evidence ?? []).map(([t, latitude, longitude]) => ({
      time: at(t),
      latitude,
      longitude,
      altitudeM: null,
    })),
    producedAt: occurredAt,
  };
}

export function weatherReport(spec: {
  station: string;
  at: string | number;
  severity?: WeatherSeverity;
  category?: FlightCategory;
  phenomena?: string[];
}): WeatherObservation {
  const observedAt = when(spec.at) as number;
  return {
    observationId: `${spec.station}-${observedAt}`,
    stationIcao: spec.station,
    observedAt,
    reportType: 'SYNTHETIC',
    rawText: null,
    windDirectionDeg: null,
    windSpeedKt: null,
    windGustKt: null,
    visibilityM: null,
    ceilingFt: null,
    temperatureC: null,
    dewpointC: null,
    qnhHpa: null,
    phenomena: spec.phenomena ?? [],
    flightCategory: spec.category ?? 'VFR',
    severity: spec.severity ?? 'NONE',
    source: 'mock',
    receivedAt: observedAt,
  };
}

type ManifestPassenger = PassengerManifest['passengers'][number];

/** A manifest of the given passengers (each field defaulted as `manifest` does). */
export function manifestOf(
  leg: {
    scheduleId: string;
    flightNumber: string;
    departureAirport: string;
    arrivalAirport: string;
    scheduledDeparture: number;
  },
  snapshotAt: string,
  passengers: ReadonlyArray<Partial<ManifestPassenger> & { passengerId: string }>,
): PassengerManifest {
  const t = at(snapshotAt);
  return {
    manifestId: `${leg.scheduleId}-${t}`,
    scheduleId: leg.scheduleId,
    flightNumber: leg.flightNumber,
    departureAirport: leg.departureAirport,
    arrivalAirport: leg.arrivalAirport,
    scheduledDeparture: leg.scheduledDeparture,
    passengers: passengers.map((p) => ({
      bookingId: `b-${p.passengerId}`,
      contactRef: `c-${p.passengerId}`,
      cabinClass: 'ECONOMY',
      loyaltyTier: 'NONE',
      fare: { amountMinor: 20_000, currency: 'EUR' },
      connection: null,
      finalDestinationAirport: leg.arrivalAirport,
      specialAssistance: [],
      ...p,
    })),
    snapshotAt: t,
    source: 'mock',
  };
}

export function manifest(
  scheduleId: string,
  snapshotAt: string,
  passengers: number,
): PassengerManifest {
  const t = at(snapshotAt);
  return {
    manifestId: `${scheduleId}-${t}`,
    scheduleId,
    flightNumber: scheduleId.split('-')[0] as string,
    departureAirport: scheduleId.split('-')[2] as string,
    arrivalAirport: 'EGLL',
    scheduledDeparture: t,
    passengers: Array.from({ length: passengers }, (_, i) => ({
      passengerId: `${scheduleId}-p${i}`,
      bookingId: `${scheduleId}-b${i}`,
      contactRef: null,
      cabinClass: 'ECONOMY',
      loyaltyTier: 'NONE',
      fare: null,
      connection: null,
      finalDestinationAirport: 'EGLL',
      specialAssistance: [],
    })),
    snapshotAt: t,
    source: 'mock',
  };
}
