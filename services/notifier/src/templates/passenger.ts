import type { Money, PassengerEvent } from '@overfly/schemas';
import { stringsFor } from './catalog.js';
import { formatKm, formatMoney, type Medium } from './format.js';
import type { Content } from './html.js';
import { isPassengerMessageKind, type PassengerMessageKind } from './kinds.js';
import { assemble, type RenderedMessage } from './message.js';
import type { PassengerFacts, Strings } from './strings.js';

/** The disrupted flight, read from a scheduleId `<flightNumber>-<YYYYMMDD>-<departure ICAO>`. */
export interface ScheduledFlight {
  flightNumber: string;
  /** 00:00 UTC of the scheduled departure date, epoch ms. */
  date: number;
  departureAirport: string;
}

/** What a passenger message says: the event's fields it uses, nothing personal. */
export interface PassengerMessage {
  kind: PassengerMessageKind;
  /** The pseudonymous bookingId, the reference the passenger quotes. */
  bookingRef: string;
  scheduleId: string;
  /** null when the scheduleId does not have the expected form: it is shown as is. */
  flight: ScheduledFlight | null;
  arrivalDelayMinutes: number | null;
  eu261Eligible: boolean;
  /** The compensation owed: set only when eligible and the event gives an amount above zero. */
  compensation: Money | null;
  eu261DistanceKm: number | null;
  rebooking: {
    flightNumber: string;
    departureAirport: string;
    arrivalAirport: string;
    /** UTC epoch ms. */
    scheduledDeparture: number;
    scheduledArrival: number;
  } | null;
}

const SCHEDULE_ID = /^([A-Z0-9]{2,8})-(\d{4})(\d{2})(\d{2})-([A-Z]{4})$/;

/** `LH400-20250614-EDDF` → LH400, 14 June 2025, EDDF; null when it is not of that form. */
export function parseScheduleId(scheduleId: string): ScheduledFlight | null {
  const m = SCHEDULE_ID.exec(scheduleId);
  if (!m) return null;
  const [, flightNumber, y, mo, d, departureAirport] = m;
  if (!flightNumber || !departureAirport) return null;
  const date = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  // 20250231 is not a date: Date.UTC would roll it over to 3 March.
  if (new Date(date).toISOString().slice(0, 10).replaceAll('-', '') !== `${y}${mo}${d}`)
    return null;
  return { flightNumber, date, departureAirport };
}

/**
 * The message view of a passenger decision; null for a decision with no message of its own
 * (REBOOKED, UNKNOWN). The event's estimatedCost is the airline's planning figure and is
 * never shown to a passenger.
 */
export function passengerMessageFrom(event: PassengerEvent): PassengerMessage | null {
  if (!isPassengerMessageKind(event.type)) return null;
  const owed =
    event.eu261Eligible && event.compensation !== null && event.compensation.amountMinor > 0;
  const r = event.rebooking;
  return {
    kind: event.type,
    bookingRef: event.bookingId,
    scheduleId: event.scheduleId,
    flight: parseScheduleId(event.scheduleId),
    arrivalDelayMinutes: event.arrivalDelayMinutes,
    eu261Eligible: event.eu261Eligible,
    compensation: owed ? event.compensation : null,
    eu261DistanceKm: event.eu261DistanceKm,
    rebooking: r && {
      flightNumber: r.flightNumber,
      departureAirport: r.departureAirport,
      arrivalAirport: r.arrivalAirport,
      scheduledDeparture: r.scheduledDeparture,
      scheduledArrival: r.scheduledArrival,
    },
  };
}

function factsOf(m: PassengerMessage, s: Strings, medium: Medium): PassengerFacts {
  const f = s.formats;
  const date = medium === 'sms' ? f.smsDate : f.date;
  const dateTime = medium === 'sms' ? f.smsDateTime : f.dateTime;
  const delay = m.arrivalDelayMinutes;
  return {
    bookingRef: m.bookingRef,
    flight: m.flight?.flightNumber ?? m.scheduleId,
    date: m.flight ? date(m.flight.date) : null,
    departureAirport: m.flight?.departureAirport ?? null,
    delay: delay !== null && delay > 0 ? f.duration(delay) : null,
    eligible: m.eu261Eligible,
    compensation: m.compensation && formatMoney(m.compensation, f.locale, medium),
    distance:
      m.eu261DistanceKm !== null && m.eu261DistanceKm > 0
        ? formatKm(m.eu261DistanceKm, f.locale)
        : null,
    rebooking: m.rebooking && {
      flight: m.rebooking.flightNumber,
      from: m.rebooking.departureAirport,
      to: m.rebooking.arrivalAirport,
      departure: dateTime(m.rebooking.scheduledDeparture),
      arrival: dateTime(m.rebooking.scheduledArrival),
    },
  };
}

function detailsOf(f: PassengerFacts, s: Strings): Content['details'] {
  const l = s.passenger.labels;
  const rows: Array<readonly [string, string | null]> = [
    [l.bookingRef, f.bookingRef],
    [l.flight, f.flight],
    [l.flightDate, f.date],
    [l.departureAirport, f.departureAirport],
    [l.delay, f.delay],
    [l.compensation, f.compensation],
    [l.proposedFlight, f.rebooking?.flight ?? null],
    [l.from, f.rebooking?.from ?? null],
    [l.to, f.rebooking?.to ?? null],
    [l.departure, f.rebooking?.departure ?? null],
    [l.arrival, f.rebooking?.arrival ?? null],
  ];
  return rows.filter((row): row is readonly [string, string] => row[1] !== null);
}

/** Renders a passenger message in the language of a BCP 47 tag (English as fallback). */
function renderPassenger(
  message: PassengerMessage,
  languageTag: string | null | undefined,
): RenderedMessage {
  const s = stringsFor(languageTag);
  const template = s.passenger.kinds[message.kind];
  const facts = factsOf(message, s, 'email');
  const content: Content = {
    ...template.email(facts),
    greeting: s.passenger.greeting,
    details: detailsOf(facts, s),
    closing: s.passenger.closing,
  };
  return assemble(s.language, s.formats.colon, content, template.sms(factsOf(message, s, 'sms')));
}

/**
 * Renders the message for a passenger.events record; null when its type has no message
 * (REBOOKED, UNKNOWN).
 */
export function renderPassengerMessage(
  event: PassengerEvent,
  languageTag: string | null | undefined,
): RenderedMessage | null {
  const message = passengerMessageFrom(event);
  return message && renderPassenger(message, languageTag);
}
