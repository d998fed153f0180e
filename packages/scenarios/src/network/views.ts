/**
 * The day as readers see it while it unfolds: schedules, manifests and weather as known at a
 * time t (nothing is revealed before its time: a delay shows from its announcement, a
 * departure from off-block), and the flight scenario document flight-producer's simulate mode
 * flies, so positions and feeds tell one story.
 */
import { formatDuration } from '@overfly/config';
import type {
  FlightSchedule,
  ManifestPassenger,
  PassengerManifest,
  SpecialAssistance,
} from '@overfly/schemas';
import type {
  ForecastReport,
  LegOutcome,
  NetworkBooking,
  NetworkDay,
  ScheduledLeg,
  SpecialAssistanceCode,
  TrackAnomaly,
  WeatherReport,
} from './model.js';
import { PUBLISHED_BEFORE_MS } from './outcomes.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * From off-block to lift-off and from touchdown to on-block, as the engine flies a leg on
 * average (1–3 min before the roll, ~40 s of roll; ~50 s of rollout, 1–2 min to stop).
 */
const TO_AIRBORNE_MS = 3 * MINUTE;
const FROM_LANDED_MS = 2 * MINUTE;
/** The schema's name for this source, so mock data is never taken for live. */
const SOURCE = 'mock';

const SPECIAL_ASSISTANCE: Record<SpecialAssistanceCode, SpecialAssistance> = {
  // WCHR can walk to the seat but not the distance; WCHC cannot walk at all.
  WCHR: 'REDUCED_MOBILITY',
  WCHC: 'WHEELCHAIR',
  BLND: 'VISUAL_IMPAIRMENT',
  DEAF: 'HEARING_IMPAIRMENT',
  UMNR: 'UNACCOMPANIED_MINOR',
  INFT: 'INFANT',
  MEDA: 'MEDICAL',
};

interface Index {
  legs: Map<string, ScheduledLeg>;
  bookings: Map<string, Array<{ booking: NetworkBooking; position: number }>>;
  weather: Map<string, WeatherReport[]>;
  forecasts: Map<string, ForecastReport[]>;
  mct: Map<string, number>;
}

const indexes = new WeakMap<NetworkDay, Index>();

function indexOf(day: NetworkDay): Index {
  const cached = indexes.get(day);
  if (cached) return cached;
  const bookings = new Map<string, Array<{ booking: NetworkBooking; position: number }>>();
  for (const booking of day.bookings) {
    booking.itinerary.forEach((scheduleId, position) => {
      const list = bookings.get(scheduleId) ?? [];
      list.push({ booking, position });
      bookings.set(scheduleId, list);
    });
  }
  const byStation = <T extends { stationIcao: string }>(items: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items)
      map.set(item.stationIcao, [...(map.get(item.stationIcao) ?? []), item]);
    return map;
  };
  const index: Index = {
    legs: new Map(day.legs.map((l) => [l.scheduleId, l])),
    bookings,
    weather: byStation(day.weather),
    forecasts: byStation(day.forecasts),
    mct: new Map(day.airports.map((a) => [a.icao, a.minimumConnectionMinutes])),
  };
  indexes.set(day, index);
  return index;
}

function publishedAt(leg: ScheduledLeg): number {
  return leg.scheduledDeparture - PUBLISHED_BEFORE_MS;
}

/** The schedule of one leg as a flight-status API would give it at t; null before it is published. */
export function scheduleAt(day: NetworkDay, scheduleId: string, t: number): FlightSchedule | null {
  const leg = indexOf(day).legs.get(scheduleId);
  const outcome = day.outcomes.get(scheduleId);
  if (!leg || !outcome || t < publishedAt(leg)) return null;
  const view: FlightSchedule = {
    scheduleId: leg.scheduleId,
    flightNumber: leg.flightNumber,
    operatorIcao: leg.operatorIcao,
    callsign: leg.callsign,
    icao24: leg.icao24,
    registration: leg.registration,
    aircraftType: leg.aircraftType,
    departureAirport: leg.departureAirport,
    arrivalAirport: leg.arrivalAirport,
    scheduledDeparture: leg.scheduledDeparture,
    scheduledArrival: leg.scheduledArrival,
    estimatedDeparture: null,
    estimatedArrival: null,
    actualDeparture: null,
    actualArrival: null,
    status: 'SCHEDULED',
    diversionAirport: null,
    inboundScheduleId: leg.inboundScheduleId,
    delayCode: null,
    source: SOURCE,
    updatedAt: publishedAt(leg),
  };
  const announced = outcome.announcedAt !== null && t >= outcome.announcedAt;
  if (outcome.status === 'CANCELLED') {
    if (announced) {
      view.status = 'CANCELLED';
      view.delayCode = outcome.delayCode;
      view.updatedAt = outcome.announcedAt as number;
    }
    return view;
  }
  const offBlock = outcome.actualDeparture as number;
  const block = leg.scheduledArrival - leg.scheduledDeparture;
  if (announced && outcome.departureDelayMinutes >= 1) {
    view.status = 'DELAYED';
    view.estimatedDeparture = offBlock;
    view.estimatedArrival = offBlock + block;
    view.delayCode = outcome.delayCode;
    view.updatedAt = outcome.announcedAt as number;
  }
  if (t < offBlock) return view;
  view.actualDeparture = offBlock;
  view.estimatedDeparture = offBlock;
  view.estimatedArrival = offBlock + block;
  view.delayCode = outcome.departureDelayMinutes >= 1 ? outcome.delayCode : null;
  view.status = 'DEPARTED';
  view.updatedAt = offBlock;
  if (t >= offBlock + TO_AIRBORNE_MS) {
    view.status = 'AIRBORNE';
    view.updatedAt = offBlock + TO_AIRBORNE_MS;
  }
  const turn = outcome.anomalies.find(
    (a) => a.type === 'diversion' || a.type === 'return_to_origin',
  );
  if (turn && (turn.type === 'diversion' || turn.type === 'return_to_origin') && t >= turn.at) {
    view.status = 'DIVERTED';
    view.diversionAirport = outcome.landedAt;
    view.estimatedArrival = null;
    view.updatedAt = turn.at;
    return view;
  }
  const onBlock = outcome.actualArrival;
  if (onBlock === null) return view;
  if (t >= onBlock - FROM_LANDED_MS) {
    view.status = 'LANDED';
    view.updatedAt = onBlock - FROM_LANDED_MS;
  }
  if (t >= onBlock) {
    view.status = 'ARRIVED';
    view.actualArrival = onBlock;
    view.estimatedArrival = onBlock;
    view.updatedAt = onBlock;
  }
  return view;
}

export interface SchedulesQuery {
  /** Only legs leaving from or arriving at this airport. */
  airport?: string;
  /** How far from t a departure or arrival may be (default 3 hours either side). */
  windowMs?: number;
}

/** Every published leg departing or arriving within the window around t, as known at t. */
export function schedulesAt(
  day: NetworkDay,
  t: number,
  query: SchedulesQuery = {},
): FlightSchedule[] {
  const window = query.windowMs ?? 3 * HOUR;
  const views: FlightSchedule[] = [];
  for (const leg of day.legs) {
    if (
      query.airport !== undefined &&
      leg.departureAirport !== query.airport &&
      leg.arrivalAirport !== query.airport
    ) {
      continue;
    }
    const view = scheduleAt(day, leg.scheduleId, t);
    if (!view) continue;
    const times = [
      view.estimatedDeparture ?? view.scheduledDeparture,
      view.estimatedArrival ?? view.scheduledArrival,
    ];
    if (times.some((x) => Math.abs(x - t) <= window)) views.push(view);
  }
  return views;
}

/**
 * The passengers booked on a leg as a departure-control export gives them at t: bookings
 * made by t, pseudonymous, with their onward connection. snapshotAt is when the list last
 * changed, so the same list polled twice has the same manifestId. Null before publication.
 */
export function manifestAt(
  day: NetworkDay,
  scheduleId: string,
  t: number,
): PassengerManifest | null {
  const index = indexOf(day);
  const leg = index.legs.get(scheduleId);
  if (!leg || t < publishedAt(leg)) return null;
  let snapshotAt = publishedAt(leg);
  const passengers: ManifestPassenger[] = [];
  for (const { booking, position } of index.bookings.get(scheduleId) ?? []) {
    if (booking.bookedAt > t) continue;
    snapshotAt = Math.max(snapshotAt, booking.bookedAt);
    const onwardId = booking.itinerary[position + 1];
    const onward = onwardId === undefined ? undefined : index.legs.get(onwardId);
    const last = index.legs.get(booking.itinerary[booking.itinerary.length - 1] ?? '');
    for (const p of booking.passengers) {
      passengers.push({
        passengerId: p.passengerId,
        bookingId: booking.bookingId,
        contactRef: p.contactRef,
        cabinClass: p.cabinClass,
        loyaltyTier: p.loyaltyTier,
        fare: p.fares[position] ?? null,
        connection: onward
          ? {
              scheduleId: onward.scheduleId,
              flightNumber: onward.flightNumber,
              departureAirport: onward.departureAirport,
              scheduledDeparture: onward.scheduledDeparture,
              minimumConnectionMinutes: index.mct.get(onward.departureAirport) ?? null,
            }
          : null,
        finalDestinationAirport: last?.arrivalAirport ?? leg.arrivalAirport,
        specialAssistance: p.specialAssistance.map((code) => SPECIAL_ASSISTANCE[code]),
      });
    }
  }
  return {
    manifestId: `${scheduleId}-${snapshotAt}`,
    scheduleId,
    flightNumber: leg.flightNumber,
    departureAirport: leg.departureAirport,
    arrivalAirport: leg.arrivalAirport,
    scheduledDeparture: leg.scheduledDeparture,
    passengers,
    snapshotAt,
    source: SOURCE,
  };
}

/** The latest METAR or SPECI of the station observed by t; null when none yet. */
export function weatherAt(day: NetworkDay, station: string, t: number): WeatherReport | null {
  return latest(indexOf(day).weather.get(station), (r) => r.observedAt, t);
}

/** The latest TAF of the station issued by t; null when none yet. */
export function forecastAt(day: NetworkDay, station: string, t: number): ForecastReport | null {
  return latest(indexOf(day).forecasts.get(station), (r) => r.issuedAt, t);
}

function latest<T>(
  items: readonly T[] | undefined,
  time: (item: T) => number,
  t: number,
): T | null {
  if (!items) return null;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time(items[mid] as T) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : (items[lo - 1] as T);
}

/** A track anomaly as the engine's scripted event. */
function simulationEvent(
  a: TrackAnomaly,
  offset: (t: number) => string,
): SimulationFlight['events'][number] {
  if (a.type === 'diversion') return { type: 'diversion', at: offset(a.at), to: a.to };
  if (a.type === 'holding') return { type: 'holding', duration: formatDuration(a.durationMs) };
  if (a.type === 'return_to_origin') return { type: 'return_to_origin', at: offset(a.at) };
  return { type: 'go_around' };
}

/** A scripted flight of the flight scenario format (packages/scenarios README "Format"). */
export interface SimulationFlight {
  kind: 'scripted';
  origin: string;
  destination: string;
  departure: string;
  icao24: string;
  callsign: string;
  type: string;
  cruiseFl: number;
  events: Array<
    | { type: 'diversion'; at: string; to: string }
    | { type: 'holding'; duration: string }
    | { type: 'go_around' }
    | { type: 'return_to_origin'; at: string }
  >;
}

export interface SimulationDocument {
  name: string;
  description: string;
  seed: number;
  start: string;
  duration: string;
  flights: SimulationFlight[];
}

/**
 * The day as a flight scenario: one scripted flight per leg flown (off-block = its actual
 * off-block, with its track anomalies as events; `at` times are offsets from the start like
 * every time of the format) and one per positioning flight. Cancelled legs do not fly.
 */
export function toSimulationDocument(day: NetworkDay): SimulationDocument {
  const flights: Array<SimulationFlight & { at: number }> = [];
  let last = day.end;
  const offset = (t: number) => formatDuration(t - day.start);
  for (const leg of day.legs) {
    const outcome = day.outcomes.get(leg.scheduleId) as LegOutcome;
    if (outcome.status === 'CANCELLED' || outcome.actualDeparture === null) continue;
    last = Math.max(last, outcome.actualArrival ?? outcome.actualDeparture + HOUR * 3);
    flights.push({
      at: outcome.actualDeparture,
      kind: 'scripted',
      origin: leg.departureAirport,
      destination: leg.arrivalAirport,
      departure: offset(outcome.actualDeparture),
      icao24: leg.icao24,
      callsign: leg.callsign,
      type: leg.aircraftType,
      cruiseFl: leg.cruiseFl,
      events: outcome.anomalies.map((a) => simulationEvent(a, offset)),
    });
  }
  for (const p of day.positioning) {
    last = Math.max(last, p.arrival);
    flights.push({
      at: p.departure,
      kind: 'scripted',
      origin: p.departureAirport,
      destination: p.arrivalAirport,
      departure: offset(p.departure),
      icao24: p.icao24,
      callsign: p.callsign,
      type: p.aircraftType,
      cruiseFl: p.cruiseFl,
      events: [],
    });
  }
  flights.sort(
    (a, b) => a.at - b.at || (a.callsign < b.callsign ? -1 : a.callsign > b.callsign ? 1 : 0),
  );
  return {
    name: day.name,
    description: day.description,
    seed: day.seed,
    start: new Date(day.start).toISOString(),
    // Until the last aircraft is on its stand, a few minutes after it lands.
    duration: formatDuration(Math.ceil((last + 10 * MINUTE - day.start) / MINUTE) * MINUTE),
    flights: flights.map(({ at: _at, ...flight }) => flight),
  };
}
