import type { InvoiceEvent, PassengerEvent } from '@overfly/schemas';

/** A passenger decision as the correlator publishes it; `over` sets what a test is about. */
export function passengerEvent(
  n: number,
  run: string,
  over: Partial<PassengerEvent> = {},
): PassengerEvent {
  return {
    eventId: `DELAY/LH${100 + n}-20250614-EDDF/20250614T0735Z/P${n}/${over.type ?? 'COMPENSATION_ASSESSED'}#1@${run}`,
    passengerId: `P${n}`,
    bookingId: `B${n}`,
    contactRef: `C${run}-${n}`,
    disruptionId: `DELAY/LH${100 + n}-20250614-EDDF/20250614T0735Z`,
    scheduleId: `LH${100 + n}-20250614-EDDF`,
    type: 'COMPENSATION_ASSESSED',
    priority: 3,
    priorityReasons: [],
    eu261Eligible: true,
    eu261DistanceKm: 1_850,
    arrivalDelayMinutes: 215,
    compensation: { amountMinor: 40_000, currency: 'EUR' },
    rebooking: null,
    estimatedCost: { amountMinor: 40_000, currency: 'EUR' },
    occurredAt: Date.UTC(2025, 5, 14, 7, 35),
    ...over,
  };
}

/** An issued invoice event as invoice-writer's outbox publishes it. */
export function invoiceEvent(
  n: number,
  run: string,
  over: Partial<InvoiceEvent> = {},
): InvoiceEvent {
  return {
    eventId: `inv-${run}-${n}/ISSUED`,
    invoiceId: `inv-${run}-${n}`,
    invoiceNumber: `OVF-2025-${String(n).padStart(6, '0')}`,
    series: 'OVF',
    documentType: 'INVOICE',
    billingCycle: 'MONTHLY',
    operatorIcao: 'DLH',
    type: 'ISSUED',
    status: 'ISSUED',
    total: { amountMinor: 1_234_567, currency: 'EUR' },
    amountPaid: null,
    lineCount: 42,
    line: null,
    relatedInvoiceId: null,
    periodStart: Date.UTC(2025, 4, 1),
    periodEnd: Date.UTC(2025, 5, 1),
    dueDate: 20_270,
    occurredAt: Date.UTC(2025, 5, 2, 1),
    ...over,
  };
}
