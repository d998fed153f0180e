// An aviationstack flight record → the leg view ops-feed publishes on flight.schedules
// (less inboundScheduleId and updatedAt, which leg-book.ts adds from what it has seen).
import type { FlightSchedule, ScheduleStatus } from '@overfly/schemas';
import { OpsFeedError } from '../errors.js';
import type { FlightRecord } from './flight-record.js';
import { aviationstackTime } from './local-time.js';

export type LegView = Omit<FlightSchedule, 'inboundScheduleId' | 'updatedAt'>;

/**
 * A departure 15 minutes or more behind schedule is delayed: the threshold of IATA's and
 * EUROCONTROL's punctuality statistics (a flight is "on time" within 15 minutes; EUROCONTROL
 * CODA, "All-causes delay to air transport in Europe").
 */
const DELAYED_FROM_MINUTES = 15;

const ICAO_AIRPORT = /^[A-Z]{4}$/;
const ICAO_AIRLINE = /^[A-Z]{3}$/;

/** `<flightNumber>-<yyyymmdd of scheduled departure, UTC>-<departure ICAO>` ('LH1234-20240917-EDDF'). */
export function scheduleIdOf(
  flightNumber: string,
  scheduledDeparture: number,
  departureAirport: string,
): string {
  const day = new Date(scheduledDeparture).toISOString().slice(0, 10).replaceAll('-', '');
  return `${flightNumber}-${day}-${departureAirport}`;
}

/** Null for a marketing codeshare: its operating flight comes as a record of its own. */
export function mapFlight(record: FlightRecord, source: string): LegView | null {
  if (record.flight?.codeshared) return null;
  const fail = (why: string): never => {
    const name = record.flight?.iata ?? record.flight?.icao ?? 'a flight';
    throw new OpsFeedError('OPS_FEED_FLIGHT_UNMAPPABLE', `${name}: ${why}`);
  };
  const dep = record.departure ?? fail('no departure');
  const arr = record.arrival ?? fail('no arrival');
  const departureAirport = upper(dep.icao);
  const arrivalAirport = upper(arr.icao);
  if (!departureAirport || !ICAO_AIRPORT.test(departureAirport)) fail('no departure ICAO code');
  if (!arrivalAirport || !ICAO_AIRPORT.test(arrivalAirport)) fail('no arrival ICAO code');
  const operatorIcao = upper(record.airline?.icao);
  if (!operatorIcao || !ICAO_AIRLINE.test(operatorIcao)) fail('no airline ICAO code');
  const flightNumber =
    upper(record.flight?.iata) ??
    (record.airline?.iata && record.flight?.number
      ? `${record.airline.iata.toUpperCase()}${record.flight.number}`
      : null) ??
    fail('no flight number');

  const depTime = (t: string | null | undefined) => aviationstackTime(t, dep.timezone);
  const arrTime = (t: string | null | undefined) => aviationstackTime(t, arr.timezone);
  const scheduledDeparture = depTime(dep.scheduled) ?? fail('no scheduled departure');
  const scheduledArrival = arrTime(arr.scheduled) ?? fail('no scheduled arrival');
  const estimatedDeparture = depTime(dep.estimated);
  const actualDeparture = depTime(dep.actual);
  const icao24 = record.aircraft?.icao24?.toLowerCase() ?? null;

  return {
    scheduleId: scheduleIdOf(flightNumber, scheduledDeparture, departureAirport as string),
    flightNumber,
    operatorIcao: operatorIcao as string,
    callsign: upper(record.flight?.icao),
    icao24: icao24 && /^[0-9a-f]{6}$/.test(icao24) ? icao24 : null,
    registration: upper(record.aircraft?.registration),
    aircraftType: upper(record.aircraft?.icao),
    departureAirport: departureAirport as string,
    arrivalAirport: arrivalAirport as string,
    scheduledDeparture,
    scheduledArrival,
    estimatedDeparture,
    estimatedArrival: arrTime(arr.estimated),
    actualDeparture,
    actualArrival: arrTime(arr.actual),
    status: statusOf(record, scheduledDeparture, estimatedDeparture, dep.delay ?? null),
    // aviationstack documents no field for the aerodrome a diverted flight landed at, nor an
    // IATA delay code: both stay null rather than guessed (the correlator finds where a
    // diverted flight landed from its positions).
    diversionAirport: null,
    delayCode: null,
    source,
  };
}

/**
 * aviationstack's flight_status → ScheduleStatus: scheduled → SCHEDULED, or DELAYED when the
 * departure runs 15 min or more late; active → AIRBORNE once a runway time or a live
 * airborne fix says so, else DEPARTED; landed → LANDED (the API does not tell landed from
 * on-block); cancelled → CANCELLED; diverted → DIVERTED; incident and anything else → UNKNOWN.
 */
function statusOf(
  record: FlightRecord,
  scheduledDeparture: number,
  estimatedDeparture: number | null,
  delayMinutes: number | null,
): ScheduleStatus {
  switch (record.flight_status?.toLowerCase()) {
    case 'scheduled': {
      const late =
        delayMinutes ??
        (estimatedDeparture === null ? 0 : (estimatedDeparture - scheduledDeparture) / 60_000);
      return late >= DELAYED_FROM_MINUTES ? 'DELAYED' : 'SCHEDULED';
    }
    case 'active':
      return record.departure?.actual_runway || record.live?.is_ground === false
        ? 'AIRBORNE'
        : 'DEPARTED';
    case 'landed':
      return 'LANDED';
    case 'cancelled':
      return 'CANCELLED';
    case 'diverted':
      return 'DIVERTED';
    default:
      return 'UNKNOWN';
  }
}

function upper(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text.toUpperCase() : null;
}
