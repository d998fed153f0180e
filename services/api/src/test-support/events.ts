import type { InvoiceEvent } from '@overfly/schemas';

const MARCH = Date.UTC(2026, 2, 1);
const APRIL = Date.UTC(2026, 3, 1);

/** An invoices.events value for a monthly invoice of March 2026. */
export function invoiceEvent(
  invoiceId: string,
  operatorIcao: string,
  type: InvoiceEvent['type'],
  n: number,
  overrides: Partial<InvoiceEvent> = {},
): InvoiceEvent {
  return {
    eventId: `${invoiceId}-e${n}`,
    invoiceId,
    invoiceNumber: null,
    series: 'OVF-M',
    documentType: 'INVOICE',
    billingCycle: 'MONTHLY',
    operatorIcao,
    type,
    status: 'DRAFT',
    total: { amountMinor: 0, currency: 'EUR' },
    amountPaid: null,
    lineCount: 0,
    line: null,
    relatedInvoiceId: null,
    periodStart: MARCH,
    periodEnd: APRIL,
    dueDate: null,
    occurredAt: MARCH + n * 1_000,
    ...overrides,
  };
}

/** A line of `amountMinor` on flight `flightId` over `firId`. */
export function line(
  chargeId: string,
  firId: string,
  amountMinor: number,
): NonNullable<InvoiceEvent['line']> {
  return {
    chargeId,
    crossingId: `x-${chargeId}`,
    flightId: `f-${chargeId}`,
    callsign: 'BAW123',
    firId,
    flightDate: Math.floor(MARCH / 86_400_000) + 3,
    amount: { amountMinor, currency: 'EUR' },
  };
}

/**
 * A whole invoice's life: created, `lines` added, issued (numbered `number`). The events
 * carry the header after each change, as invoice-writer's outbox does.
 */
export function invoiceLife(
  invoiceId: string,
  operator: string,
  number: string,
  lines: Array<NonNullable<InvoiceEvent['line']>>,
): InvoiceEvent[] {
  const events: InvoiceEvent[] = [invoiceEvent(invoiceId, operator, 'CREATED', 0)];
  let total = 0;
  lines.forEach((l, i) => {
    total += l.amount.amountMinor;
    events.push(
      invoiceEvent(invoiceId, operator, 'LINE_ADDED', i + 1, {
        line: l,
        lineCount: i + 1,
        total: { amountMinor: total, currency: 'EUR' },
      }),
    );
  });
  events.push(
    invoiceEvent(invoiceId, operator, 'ISSUED', lines.length + 1, {
      status: 'ISSUED',
      invoiceNumber: number,
      lineCount: lines.length,
      total: { amountMinor: total, currency: 'EUR' },
      dueDate: Math.floor(APRIL / 86_400_000) + 30,
    }),
  );
  return events;
}
