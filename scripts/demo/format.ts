/**
 * One readable line per record the analyser publishes. Pure functions, so the wording can
 * change without touching Kafka, and tests can call them directly.
 */
import type { FirCrossing, FlightEvent } from '@overfly/schemas';

/** HH:MM:SS in UTC: event times are UTC and a demo watched from anywhere must agree. */
export function clock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

function who(callsign: string | null, icao24: string): string {
  return `${(callsign ?? '-').padEnd(8)} ${icao24}`;
}

const km = (value: number) => `${Math.round(value)} km`;

/** `12:03:44  ELY1747  738043  TAKEOFF     LIRF` */
export function formatEvent(event: FlightEvent): string {
  const where = event.airportIcao ?? event.firId ?? '';
  return `${clock(event.occurredAt)}  ${who(event.callsign, event.icao24)}  ${event.type.padEnd(11)} ${where}`.trimEnd();
}

/**
 * `10:58:11  ELY1747  738043  FINAL       LIRR  09:28:10 → 10:58:11  great-circle 611 km  flown 667 km`
 * Only FINAL crossings get a line: PROVISIONAL ones are revised as the flight goes on,
 * and the FIR_ENTRY / FIR_EXIT events already say when a boundary is crossed.
 */
export function formatFinalCrossing(crossing: FirCrossing): string {
  const exit = crossing.exitTime === null ? 'open' : clock(crossing.exitTime);
  const at = crossing.exitTime ?? crossing.entryTime;
  const dep = crossing.departureAirport;
  const arr = crossing.arrivalAirport;
  const route = dep && arr ? `  ${dep}→${arr}` : dep ? `  from ${dep}` : arr ? `  to ${arr}` : '';
  return [
    `${clock(at)}  ${who(crossing.callsign, crossing.icao24)}  FINAL       ${crossing.firId.padEnd(5)}`,
    `${clock(crossing.entryTime)} → ${exit}`,
    `great-circle ${km(crossing.greatCircleDistanceKm)}`,
    `flown ${km(crossing.flownDistanceKm)}${route}`,
  ].join('  ');
}
