/**
 * One readable line per record the analyser publishes. Pure functions, so the wording can
 * change without touching Kafka, and tests can call them directly.
 */
import { currencyExponent } from '@overfly/charges';
import type {
  ChargeCalculated,
  DisruptionEvent,
  FirCrossing,
  FlightEvent,
  Money,
} from '@overfly/schemas';
import type {
  InvoiceLineSummary,
  InvoiceSummary,
} from '../../services/invoice-writer/src/invoice-listing.js';

/** HH:MM:SS in UTC: event times are UTC and a demo watched from anywhere must agree. */
function clock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

function who(callsign: string | null, icao24: string): string {
  return `${(callsign ?? '-').padEnd(8)} ${icao24}`;
}

const km = (value: number) => `${Math.round(value)} km`;

/**
 * `07:05:00  DISRUPTION  DETECTED  DELAY  MEDIUM  EGLL  BA123 EGLL→EDDF departure 74 min late`
 * (the time is the end of the window it was found in, event time).
 */
export function formatDisruption(d: DisruptionEvent): string {
  return `${clock(d.windowEnd)}  DISRUPTION  ${d.lifecycle.padEnd(8)}  ${d.type}  ${d.severity}  ${d.airportIcao ?? d.operatorIcao ?? '-'}  ${d.summary}`;
}

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

/** `125.46 EUR` from minor units, with the minor digits of the amount's own currency. */
export function money(value: Money): string {
  const minorDigits = currencyExponent(value.currency) ?? 2;
  const sign = value.amountMinor < 0 ? '-' : '';
  const abs = Math.abs(value.amountMinor);
  if (minorDigits === 0) return `${sign}${abs} ${value.currency}`;
  const unit = 10 ** minorDigits;
  const whole = Math.floor(abs / unit);
  const minor = String(abs % unit).padStart(minorDigits, '0');
  return `${sign}${whole}.${minor} ${value.currency}`;
}

/**
 * `10:58:11  AFR91HL  3946e9  CHARGE      LFEE   PRICED    125.46 EUR  t 63.61 EUR × N 1.9723`
 * `10:58:11  ELY1747  738043  CHARGE      LIRR   UNPRICED  NO_UNIT_RATE`
 * `at` is when its crossing ended (the FINAL line's time); the reason is shown by its code.
 */
export function formatCharge(charge: ChargeCalculated, at: number): string {
  const head = `${clock(at)}  ${who(charge.callsign, charge.icao24)}  CHARGE      ${charge.firId.padEnd(5)}  ${charge.status.padEnd(8)}`;
  if (charge.status === 'PRICED' && charge.amount && charge.unitRate) {
    const units = charge.serviceUnits === null ? '' : `  × N ${charge.serviceUnits}`;
    return `${head}  ${money(charge.amount)}  t ${money(charge.unitRate)}${units}`;
  }
  const code = (charge.exemptionCode ?? charge.reason ?? '').split(':')[0];
  return `${head}  ${code}`.trimEnd();
}

/**
 * `2018-01-02  AFR91HL  3946e9  PASSAGE  LF  LFFF → LFEE  172 km  PRICED  132.39 EUR  t 63.61 EUR × N 2.0812`
 * One back-billed passage: its zone, the FIRs it is made of, the chargeable distance.
 */
export function formatPassageCharge(charge: ChargeCalculated): string {
  const day = new Date((charge.passage?.entryTime ?? 0) || Date.UTC(1970, 0, 1))
    .toISOString()
    .slice(0, 10);
  const firs = (charge.passage?.firIds ?? [charge.firId]).join(' → ');
  const head = `${day}  ${who(charge.callsign, charge.icao24)}  PASSAGE  ${(charge.chargingZone ?? '-').padEnd(3)} ${firs.padEnd(14)} ${km(charge.distanceKm).padStart(7)}  ${charge.status.padEnd(8)}`;
  if (charge.status === 'PRICED' && charge.amount && charge.unitRate) {
    const units = charge.serviceUnits === null ? '' : `  × N ${charge.serviceUnits}`;
    return `${head}  ${money(charge.amount)}  t ${money(charge.unitRate)}${units}`;
  }
  const code = (charge.exemptionCode ?? charge.reason ?? '').split(':')[0];
  return `${head}  ${code}`.trimEnd();
}

/** The day before an exclusive period end ('2018-02-01' → '2018-01-31'). */
const lastDay = (end: string) =>
  new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The invoice, then each of its lines with where its figures come from. */
export function formatInvoice(
  invoice: InvoiceSummary,
  lines: readonly InvoiceLineSummary[],
): string[] {
  const total = money({ amountMinor: invoice.totalMinor, currency: invoice.currency });
  const out = [
    `INVOICE  ${invoice.invoiceNumber}  ${invoice.operatorIcao}  ${invoice.billingCycle.toLowerCase()} ${invoice.periodStart} to ${lastDay(invoice.periodEnd)}  ${total}  ${invoice.lineCount} line(s)  issued ${invoice.issuedAt.slice(0, 10)}  due ${invoice.dueDate ?? '-'}  ${invoice.status}`,
  ];
  for (const line of lines) {
    const amount =
      line.amountMinor === null || line.currency === null
        ? 'no amount'
        : money({ amountMinor: line.amountMinor, currency: line.currency });
    out.push(
      `  line  ${line.flightDate}  ${line.callsign ?? '-'}  ${line.chargingZone ?? '-'}  ${line.firIds.join(' → ')}  ${km(line.distanceKm)} (${line.distanceBasis ?? 'UNKNOWN'})  ${amount}`,
    );
    out.push(`        unit rate: ${line.unitRateSource ?? '-'}`);
    out.push(`        MTOW (${line.aircraftType ?? '-'}): ${line.mtowSource ?? '-'}`);
    if (line.exchangeRateSource) out.push(`        exchange rate: ${line.exchangeRateSource}`);
  }
  return out;
}
