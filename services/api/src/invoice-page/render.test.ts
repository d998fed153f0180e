import { describe, expect, it } from 'vitest';
import type { Charge } from '../schemas/charge.js';
import { raw } from './escape.js';
import { type InvoicePageInput, renderInvoicePage } from './render.js';

const EUR = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const MARCH = Date.UTC(2026, 2, 1);

const invoice: InvoicePageInput['invoice'] = {
  invoiceId: 'inv-1',
  invoiceNumber: 'OVF-M-2026-000001',
  series: 'OVF-M',
  documentType: 'INVOICE',
  billingCycle: 'MONTHLY',
  operatorIcao: 'BAW',
  status: 'ISSUED',
  total: EUR(476_34),
  amountPaid: null,
  lineCount: 2,
  relatedInvoiceId: null,
  periodStart: MARCH,
  periodEnd: Date.UTC(2026, 3, 1),
  dueDate: '2026-05-01',
  updatedAt: MARCH,
  lines: [
    {
      chargeId: 'chg-1',
      crossingId: 'x-1',
      flightId: 'f-1',
      callsign: '<script>alert("x")</script>',
      firId: 'EGTT',
      flightDate: '2026-03-04',
      amount: EUR(238_17),
    },
    {
      chargeId: 'chg-2',
      crossingId: 'x-2',
      flightId: 'f-2',
      callsign: 'BAW2',
      firId: 'LFFF',
      flightDate: '2026-03-05',
      amount: EUR(238_17),
    },
  ],
  creditNotes: [
    {
      invoiceId: 'cn/1',
      invoiceNumber: 'OVF-C-2026-000001',
      series: 'OVF-C',
      documentType: 'CREDIT_NOTE',
      billingCycle: 'MONTHLY',
      operatorIcao: 'BAW',
      status: 'ISSUED',
      total: EUR(-100_00),
      amountPaid: null,
      lineCount: 0,
      relatedInvoiceId: 'inv-1',
      periodStart: MARCH,
      periodEnd: Date.UTC(2026, 3, 1),
      dueDate: null,
      updatedAt: MARCH,
    },
  ],
};

const charge: Charge = {
  chargeId: 'chg-1',
  crossingId: 'x-1',
  flightId: 'f-1',
  icao24: 'c00001',
  callsign: 'BAW1',
  operatorIcao: 'BAW',
  firId: 'EGTT',
  chargingZone: 'EG',
  flightDate: '2026-03-04',
  tariffMonth: '2026-03',
  status: 'PRICED',
  amount: EUR(250_00),
  inputs: {
    distanceKm: 250.5,
    distanceBasis: 'GREAT_CIRCLE',
    distanceFactor: 2.505,
    aircraftType: 'A320',
    mtowKg: 78_000,
    mtowSource: 'type table & "ICAO"',
    weightFactor: 1.2489995996796797,
    serviceUnits: 3.14,
    unitRate: EUR(75_85),
    unitRateSource: 'EUROCONTROL 2026-03',
    exchangeRate: '0.8573',
    exchangeRateSource: 'ECB 2026-02-27',
    tariffVersion: 'tariffs.v7',
  },
  exemptionCode: null,
  reason: null,
  passage: null,
  calculatedAt: MARCH,
};

const render = (over: Partial<InvoicePageInput> = {}) =>
  renderInvoicePage({
    invoice,
    charges: new Map([['chg-1', charge]]),
    map: { svg: raw('<svg class="route-map"></svg>'), flights: 2, drawn: 2, boundaries: true },
    generatedAt: MARCH,
    ...over,
  });

describe('renderInvoicePage', () => {
  it('is one document with the header, the map and every line', () => {
    const page = render();
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<title>Invoice OVF-M-2026-000001 — BAW</title>');
    expect(page).toContain('2026-03-01 to 2026-03-31');
    expect(page).toContain('<dt>Total</dt><dd>476.34 EUR</dd>');
    expect(page).toContain('<dt>Due date</dt><dd>2026-05-01</dd>');
    expect(page).toContain('<svg class="route-map"></svg>');
    expect(page.match(/<tr class="line"/g)).toHaveLength(2);
    expect(page).not.toMatch(/<script|src=|https?:\/\//);
  });

  it('shows each input beside its source, escaped', () => {
    const page = render();
    for (const text of [
      '250.5 km',
      'GREAT_CIRCLE, d/100 2.505',
      '78000 kg',
      'A320, type table &amp; &quot;ICAO&quot;',
      '1.249',
      '3.14',
      '75.85 EUR<span class="src">EUROCONTROL 2026-03</span>',
      '0.8573<span class="src">ECB 2026-02-27</span>',
      'tariffs.v7',
      'PRICED',
    ])
      expect(page).toContain(text);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('says when a charge was re-priced since, or is not read yet', () => {
    const page = render();
    expect(page).toContain('charge now 250.00 EUR');
    expect(page).toContain('charge chg-2 is not in the charges read model yet');
    expect(page).toContain('1 line without its charge');
  });

  it('links the credit notes, and a credit note to the invoice it credits', () => {
    expect(render()).toContain('<a href="cn%2F1.html">OVF-C-2026-000001</a>');
    const note = render({
      invoice: { ...(invoice.creditNotes[0] as typeof invoice), lines: [], creditNotes: [] },
    });
    expect(note).toContain('<h1>Credit note OVF-C-2026-000001</h1>');
    expect(note).toContain('<dt>Credits invoice</dt><dd><a href="inv-1.html">inv-1</a></dd>');
    expect(note).toContain('-100.00 EUR');
  });

  it('says when the map stops short of every flight, or has nothing to draw', () => {
    expect(
      render({ map: { svg: raw('<svg></svg>'), flights: 250, drawn: 100, boundaries: true } }),
    ).toContain('The map draws the first 100 of the 250 flights');
    expect(render({ map: { svg: null, flights: 2, drawn: 2, boundaries: false } })).toContain(
      'No crossing of these flights is held',
    );
  });
});
