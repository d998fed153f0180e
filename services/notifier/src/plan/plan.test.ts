import type { InvoiceEvent, PassengerEvent } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { subscribed } from './event-types.js';
import { planInvoice, planPassenger } from './plan.js';

const passenger = (over: Partial<PassengerEvent> = {}): PassengerEvent => ({
  eventId: 'DELAY/LH100-20250614-EDDF/20250614T0735Z/P1/REBOOKING_PROPOSED#1',
  passengerId: 'P1',
  bookingId: 'B1',
  contactRef: 'C1',
  disruptionId: 'DELAY/LH100-20250614-EDDF/20250614T0735Z',
  scheduleId: 'LH100-20250614-EDDF',
  type: 'REBOOKING_PROPOSED',
  priority: 2,
  priorityReasons: [],
  eu261Eligible: false,
  eu261DistanceKm: null,
  arrivalDelayMinutes: 200,
  compensation: null,
  rebooking: null,
  estimatedCost: null,
  occurredAt: 0,
  ...over,
});

const invoice = (over: Partial<InvoiceEvent> = {}): InvoiceEvent => ({
  eventId: 'inv-1/ISSUED',
  invoiceId: 'inv-1',
  invoiceNumber: 'OVF-2025-000001',
  series: 'OVF',
  documentType: 'INVOICE',
  billingCycle: 'MONTHLY',
  operatorIcao: 'DLH',
  type: 'ISSUED',
  status: 'ISSUED',
  total: { amountMinor: 123_456, currency: 'EUR' },
  amountPaid: null,
  lineCount: 3,
  line: null,
  relatedInvoiceId: null,
  periodStart: 0,
  periodEnd: 1,
  dueDate: 20_200,
  occurredAt: 0,
  ...over,
});

describe('who hears of what', () => {
  it('tells a passenger of an urgent decision by e-mail and SMS, of the others by e-mail', () => {
    expect(planPassenger(passenger(), []).map((d) => d.channel)).toEqual(['EMAIL', 'SMS']);
    expect(
      planPassenger(passenger({ type: 'COMPENSATION_ASSESSED' }), []).map((d) => d.channel),
    ).toEqual(['EMAIL']);
    expect(planPassenger(passenger({ type: 'REBOOKED' }), [])).toEqual([]);
  });

  it('records a passenger without a contact as not told, with why', () => {
    const [only, ...rest] = planPassenger(passenger({ contactRef: null }), []);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ channel: 'EMAIL', recipientRef: 'passenger:P1' });
    expect(only?.suppressedBecause).toMatch(/no contact/);
  });

  it("e-mails an issued or overdue invoice to the operator's billing contact, nothing else", () => {
    expect(planInvoice(invoice(), [])).toEqual([
      { channel: 'EMAIL', recipientRef: 'operator:DLH', kind: 'INVOICE_ISSUED' },
    ]);
    expect(planInvoice(invoice({ type: 'OVERDUE' }), [])[0]?.kind).toBe('INVOICE_OVERDUE');
    expect(planInvoice(invoice({ type: 'LINE_ADDED' }), [])).toEqual([]);
    const all = [{ id: 'all', eventTypes: ['*', 'invoice.*'] }];
    expect(planInvoice(invoice({ type: 'LINE_ADDED' }), all)).toEqual([]);
    expect(planInvoice(invoice({ documentType: 'CREDIT_NOTE' }), [])).toEqual([]);
  });

  it('sends webhook subscribers the event types they named', () => {
    const subs = [
      { id: 'ops', eventTypes: ['disruption.*', 'passenger.rebooking_proposed'] },
      { id: 'billing', eventTypes: ['invoice.issued'] },
      { id: 'all', eventTypes: ['*'] },
    ];
    expect(
      planPassenger(passenger(), subs)
        .filter((d) => d.channel === 'WEBHOOK')
        .map((d) => d.recipientRef),
    ).toEqual(['ops', 'all']);
    expect(planInvoice(invoice({ type: 'PAID' }), subs).map((d) => d.recipientRef)).toEqual([
      'all',
    ]);
    expect(subscribed(['invoice.*'], 'invoices.issued')).toBe(false);
  });
});
