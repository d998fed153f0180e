// Realistic events for the template tests.
import type { InvoiceEvent, PassengerEvent } from '@overfly/schemas';

const at = (iso: string) => Date.parse(iso);

/** LH400 Frankfurt → New York JFK (6,200 km: band C), 14 June 2025. */
export function passengerEvent(overrides: Partial<PassengerEvent> = {}): PassengerEvent {
  return {
    eventId: 'd_7Qm2/p_Zk3vT0aN1sX8yQeR4uW6iA/COMPENSATION_ASSESSED#1',
    passengerId: 'p_Zk3vT0aN1sX8yQeR4uW6iA',
    bookingId: 'b_Hx9LqP2mV7cT4rN8wK1sYe',
    contactRef: 'crm:4711',
    disruptionId: 'd_7Qm2',
    scheduleId: 'LH400-20250614-EDDF',
    type: 'COMPENSATION_ASSESSED',
    priority: 5,
    priorityReasons: [],
    eu261Eligible: true,
    eu261DistanceKm: 6199.6,
    arrivalDelayMinutes: 250,
    compensation: { amountMinor: 60_000, currency: 'EUR' },
    rebooking: null,
    estimatedCost: { amountMinor: 61_500, currency: 'EUR' },
    occurredAt: at('2025-06-14T12:03:00Z'),
    ...overrides,
  };
}

/** The re-routing offered: LH402 the same evening, landing after midnight UTC. */
export const rebooking: NonNullable<PassengerEvent['rebooking']> = {
  scheduleId: 'LH402-20250614-EDDF',
  flightNumber: 'LH402',
  departureAirport: 'EDDF',
  arrivalAirport: 'KJFK',
  scheduledDeparture: at('2025-06-14T18:05:00Z'),
  scheduledArrival: at('2025-06-15T02:40:00Z'),
  cabinClass: 'ECONOMY',
};

/** Days since 1970-01-01 of an ISO date. */
export const epochDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** DLH's May 2025 monthly invoice: €1,234,567.89, due 30 June 2025. */
export function invoiceEvent(overrides: Partial<InvoiceEvent> = {}): InvoiceEvent {
  return {
    eventId: '0b8e3c1a-4f7d-4a52-9b0e-2d6f1c9a7e35',
    invoiceId: '6f1d2c3b-8a9e-4b7c-a1d2-e3f4a5b6c7d8',
    invoiceNumber: 'OVF-M-2025-000123',
    series: 'OVF-M',
    documentType: 'INVOICE',
    billingCycle: 'MONTHLY',
    operatorIcao: 'DLH',
    type: 'ISSUED',
    status: 'ISSUED',
    total: { amountMinor: 123_456_789, currency: 'EUR' },
    amountPaid: null,
    lineCount: 4812,
    line: null,
    relatedInvoiceId: null,
    periodStart: at('2025-05-01T00:00:00Z'),
    periodEnd: at('2025-06-01T00:00:00Z'),
    dueDate: epochDay('2025-06-30'),
    occurredAt: at('2025-06-01T02:00:00Z'),
    ...overrides,
  };
}
