// Every SMS, in every language, with the longest values they can realistically carry, fits
// two segments: 306 GSM-7 septets, or 134 UTF-16 units once a character is outside GSM-7.
import type { PassengerEvent } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import {
  fitsSms,
  invoiceMessageKinds,
  isGsm7,
  languages,
  passengerMessageKinds,
  renderInvoiceMessage,
  renderPassengerMessage,
  smsSize,
} from './index.js';
import { epochDay, invoiceEvent, passengerEvent } from './test-fixtures.js';

/** ops-feed's booking pseudonym: `b_` + 22 base64url characters. */
const LONGEST_BOOKING = 'b_Zz9-_Qw8Ee7Rr6Tt5Yy4Uu';
/** A designator with four digits and an operational suffix; a two-digit day in September. */
const LONGEST_SCHEDULE = 'LH1234A-20250930-EDDF';

const passengerCases = (): Array<[string, PassengerEvent]> => {
  const base = {
    bookingId: LONGEST_BOOKING,
    scheduleId: LONGEST_SCHEDULE,
    eu261DistanceKm: 9_876.5,
    arrivalDelayMinutes: 1_439,
  };
  const rebooking = {
    scheduleId: 'LH1238A-20250930-EDDF',
    flightNumber: 'LH1238A',
    departureAirport: 'EDDF',
    arrivalAirport: 'WSSS',
    scheduledDeparture: Date.parse('2025-09-29T23:55:00Z'),
    scheduledArrival: Date.parse('2025-09-30T13:25:00Z'),
    cabinClass: 'ECONOMY' as const,
  };
  const owed = { eu261Eligible: true, compensation: { amountMinor: 60_000, currency: 'EUR' } };
  return passengerMessageKinds.flatMap(
    (type): Array<[string, PassengerEvent]> => [
      [`${type} owed`, passengerEvent({ ...base, ...owed, type, rebooking })],
      [
        `${type} eligible, no amount`,
        passengerEvent({ ...base, type, eu261Eligible: true, compensation: null }),
      ],
      [
        `${type} not owed`,
        passengerEvent({
          ...base,
          type,
          eu261Eligible: false,
          compensation: null,
          rebooking: null,
        }),
      ],
    ],
  );
};

describe.each(languages)('SMS in %s', (language) => {
  it.each(passengerCases())('%s fits two segments', (_, event) => {
    const sms = renderPassengerMessage(event, language)?.sms ?? '';
    expect(sms).toContain(LONGEST_BOOKING);
    expect(fitsSms(sms), `${smsSize(sms).units} units: ${sms}`).toBe(true);
    // Only the French citation's « n° » leaves GSM-7 (its SMS then keeps within 134).
    if (!(language === 'fr' && event.type === 'COMPENSATION_ASSESSED' && event.eu261Eligible))
      expect(isGsm7(sms), sms).toBe(true);
  });

  const invoiceCases = invoiceMessageKinds.flatMap((kind) =>
    [null, 'OVF-CN-2025-999999'].map((invoiceNumber) => {
      const event = invoiceEvent({
        invoiceNumber, // null: the 36-character invoiceId stands in for it
        operatorIcao: 'DLH',
        total: { amountMinor: 99_999_999_999, currency: 'EUR' },
        amountPaid: { amountMinor: 1, currency: 'EUR' },
        dueDate: epochDay('2025-09-30'),
      });
      return [`${kind}, number ${invoiceNumber}`, kind, event] as const;
    }),
  );

  it.each(invoiceCases)('%s fits two segments, in GSM-7', (_, kind, event) => {
    const sms = renderInvoiceMessage(event, kind, language).sms;
    expect(sms).toContain(event.invoiceNumber ?? event.invoiceId);
    expect(fitsSms(sms), `${smsSize(sms).units} units: ${sms}`).toBe(true);
    expect(isGsm7(sms), sms).toBe(true);
  });
});
