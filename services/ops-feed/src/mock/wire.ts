// The scenario's views in the wire formats of the three APIs ops-feed reads, so the real
// clients parse them: aviationweather.gov's METAR/TAF JSON, aviationstack's flight records,
// and the DCS passenger-list export (docs/formats/manifest-export.md).
import { createHash } from 'node:crypto';
import type {
  CabinClass,
  FlightSchedule,
  PassengerManifest,
  SpecialAssistance,
} from '@overfly/schemas';
import { EXPORT_FORMAT } from '../manifests/export-format.js';
import type {
  ScenarioDay,
  ScenarioForecastReport,
  ScenarioWeatherReport,
} from './scenario-source.js';

const seconds = (ms: number) => Math.floor(ms / 1000);

export function metarJson(report: ScenarioWeatherReport) {
  return {
    icaoId: report.stationIcao,
    obsTime: seconds(report.observedAt),
    reportTime: new Date(report.observedAt).toISOString(),
    metarType: report.kind,
    rawOb: report.rawText,
  };
}

export function tafJson(report: ScenarioForecastReport) {
  return {
    icaoId: report.stationIcao,
    issueTime: new Date(report.issuedAt).toISOString(),
    validTimeFrom: seconds(report.validFrom),
    validTimeTo: seconds(report.validTo),
    rawTAF: report.rawText,
  };
}

/**
 * aviationstack writes local times marked +00:00; the mock declares every airport's
 * timezone as UTC, so its times are UTC and the client's local-time reading is a no-op.
 */
function stamp(ms: number | null): string | null {
  return ms === null ? null : `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

const STATUS: Record<FlightSchedule['status'], string | null> = {
  SCHEDULED: 'scheduled',
  BOARDING: 'scheduled',
  DELAYED: 'scheduled',
  DEPARTED: 'active',
  AIRBORNE: 'active',
  LANDED: 'landed',
  ARRIVED: 'landed',
  CANCELLED: 'cancelled',
  DIVERTED: 'diverted',
  UNKNOWN: null,
};

function minutesLate(scheduled: number, later: number | null): number | null {
  if (later === null) return null;
  const minutes = Math.round((later - scheduled) / 60_000);
  return minutes > 0 ? minutes : null;
}

export function aviationstackFlight(s: FlightSchedule, day: ScenarioDay) {
  const airport = (icao: string) => day.airports.find((a) => a.icao === icao);
  const carrier = s.flightNumber.slice(0, 2);
  const airline = day.airlines.find((a) => a.icao === s.operatorIcao);
  const endpoint = (
    icao: string,
    scheduled: number,
    estimated: number | null,
    actual: number | null,
  ) => ({
    airport: airport(icao)?.name ?? null,
    timezone: 'UTC',
    iata: airport(icao)?.iata ?? null,
    icao,
    terminal: null,
    gate: null,
    delay: minutesLate(scheduled, actual ?? estimated),
    scheduled: stamp(scheduled),
    estimated: stamp(estimated),
    actual: stamp(actual),
    estimated_runway: null,
    actual_runway: null,
  });
  return {
    flight_date: new Date(s.scheduledDeparture).toISOString().slice(0, 10),
    flight_status: STATUS[s.status],
    departure: endpoint(
      s.departureAirport,
      s.scheduledDeparture,
      s.estimatedDeparture,
      s.actualDeparture,
    ),
    arrival: endpoint(s.arrivalAirport, s.scheduledArrival, s.estimatedArrival, s.actualArrival),
    airline: { name: airline?.name ?? null, iata: airline?.iata ?? carrier, icao: s.operatorIcao },
    flight: {
      number: s.flightNumber.slice(2),
      iata: s.flightNumber,
      icao: s.callsign,
      codeshared: null,
    },
    aircraft:
      s.registration || s.icao24
        ? {
            registration: s.registration,
            iata: null,
            icao: s.aircraftType,
            icao24: s.icao24?.toUpperCase() ?? null,
          }
        : null,
    // The API's live block; only "in the air" is shown, which the client reads as AIRBORNE.
    live: s.status === 'AIRBORNE' ? { is_ground: false } : null,
  };
}

const CABIN: Record<CabinClass, 'F' | 'C' | 'W' | 'Y'> = {
  FIRST: 'F',
  BUSINESS: 'C',
  PREMIUM_ECONOMY: 'W',
  ECONOMY: 'Y',
  // The scenario always books a cabin; were it unknown, economy is the class a DCS defaults to.
  UNKNOWN: 'Y',
};

const SSR: Record<SpecialAssistance, string | null> = {
  WHEELCHAIR: 'WCHR',
  REDUCED_MOBILITY: 'WCHC',
  VISUAL_IMPAIRMENT: 'BLND',
  HEARING_IMPAIRMENT: 'DEAF',
  UNACCOMPANIED_MINOR: 'UMNR',
  INFANT: 'INFT',
  MEDICAL: 'MEDA',
  OTHER: 'MAAS',
  UNKNOWN: null,
};

const LOCATOR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A six-character record locator standing for the scenario's booking in the mock DCS. */
export function recordLocator(bookingId: string): string {
  const bytes = createHash('sha256').update(bookingId).digest();
  let out = '';
  for (let i = 0; i < 6; i++) out += LOCATOR_ALPHABET[(bytes[i] ?? 0) % LOCATOR_ALPHABET.length];
  return out;
}

/**
 * A scenario manifest as the mock DCS exports it. The scenario's passengers are already
 * pseudonymous; the export turns each booking into a record locator and each passenger into
 * its name element's number in the booking (its rank among the booking's passengers on the
 * leg, the same on every leg), so ops-feed pseudonymises them as it would a real export.
 */
export function passengerListExport(m: PassengerManifest) {
  const byBooking = new Map<string, string[]>();
  for (const p of m.passengers)
    byBooking.set(p.bookingId, [...(byBooking.get(p.bookingId) ?? []), p.passengerId]);
  for (const ids of byBooking.values()) ids.sort();
  return {
    format: EXPORT_FORMAT,
    flight: {
      designator: m.flightNumber,
      date: new Date(m.scheduledDeparture).toISOString().slice(0, 10),
      origin: m.departureAirport,
      destination: m.arrivalAirport,
      scheduledDeparture: new Date(m.scheduledDeparture).toISOString(),
    },
    generatedAt: new Date(m.snapshotAt).toISOString(),
    passengers: m.passengers.map((p) => ({
      pnr: recordLocator(p.bookingId),
      nameNumber: (byBooking.get(p.bookingId)?.indexOf(p.passengerId) ?? 0) + 1,
      destination: m.arrivalAirport,
      cabin: CABIN[p.cabinClass],
      ssr: p.specialAssistance.flatMap((a) => (SSR[a] ? [SSR[a]] : [])),
      onward: p.connection
        ? {
            flight: p.connection.flightNumber,
            origin: p.connection.departureAirport,
            scheduledDeparture: new Date(p.connection.scheduledDeparture).toISOString(),
            minimumConnectionMinutes: p.connection.minimumConnectionMinutes,
          }
        : null,
      finalDestination: p.finalDestinationAirport,
      frequentFlyer:
        p.loyaltyTier === 'NONE' || p.loyaltyTier === 'UNKNOWN' ? null : { tier: p.loyaltyTier },
      fare: p.fare,
      contactRef: p.contactRef,
    })),
  };
}
