import {
  createPool,
  dropSchema,
  migrate,
  type Pool,
  uniqueSchema,
  watchAvailability,
} from '@overfly/db';
import { defaultFirLayer } from '@overfly/geo';
import type { ConsumerLoop, KafkaRuntime } from '@overfly/kafka';
import type { ChargeCalculated, FirCrossing, InvoiceEvent } from '@overfly/schemas';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { startProjector } from './read-models/projector.js';
import { TEST_KEYS, testApp } from './test-support/app.js';
import { chargeOf, crossingOf } from './test-support/billing-inputs.js';
import { invoiceEvent, invoiceLife } from './test-support/events.js';

const { databaseUrl } = testEndpoints();
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const XSS_CALLSIGN = 'BAW9<script>alert(1)</script>';
const XSS_SOURCE = `<script>alert("mtow")</script> & 'co'`;

// Real Kafka, registry and PostgreSQL: an invoice, its charges and its flights' crossings
// published as invoice-writer, fee-calculator and fir-analyser write them, read into the
// read models, then the page a billing clerk opens.
describe('api: the invoice as HTML', () => {
  let pool: Pool;
  let schema: string;
  let app: FastifyInstance;
  let capped: FastifyInstance;
  let runtime: KafkaRuntime;
  let prefix: string;
  let projector: ConsumerLoop;

  // BAW123 (c00001) through EGTT, EISN, LFFF; BAW9<script>… (c00003) through EGTT, EBBU.
  const bawA = [1, 2, 3].map((seq) =>
    crossingOf('c00001', seq, ['EGTT', 'EISN', 'LFFF'][seq - 1] as string),
  );
  const bawB = [1, 2].map((seq) =>
    crossingOf('c00003', seq, ['EGTT', 'EBBU'][seq - 1] as string, { callsign: XSS_CALLSIGN }),
  );
  const afr = [crossingOf('c00002', 1, 'LFFF', { callsign: 'AFR456' })];
  const [a1, a2, a3] = bawA as [FirCrossing, FirCrossing, FirCrossing];
  const [b1, b2] = bawB as [FirCrossing, FirCrossing];
  const charges: ChargeCalculated[] = [
    chargeOf(a1, 'BAW'),
    chargeOf(a2, 'BAW', {
      unitRate: { amountMinor: 32_10, currency: 'GBP' },
      unitRateSource: 'test GBP rate',
      exchangeRate: '0.8573',
      exchangeRateSource: 'ECB test rate',
    }),
    chargeOf(a3, 'BAW', {
      status: 'EXEMPT',
      amount: null,
      exemptionCode: 'STATE',
      reason: 'state flight',
    }),
    chargeOf(b1, 'BAW', { mtowSource: XSS_SOURCE }),
    chargeOf(b2, 'BAW'),
    chargeOf(afr[0] as FirCrossing, 'AFR'),
  ];
  const lineOf = (c: ChargeCalculated): NonNullable<InvoiceEvent['line']> => ({
    chargeId: c.chargeId,
    crossingId: c.crossingId,
    flightId: c.flightId,
    callsign: c.callsign,
    firId: c.firId,
    flightDate: c.flightDate,
    amount: c.amount ?? { amountMinor: 0, currency: 'EUR' },
  });
  const bawLines = charges.slice(0, 5).map(lineOf);
  const invoice = invoiceLife('inv-html-baw', 'BAW', 'OVF-M-2026-000042', bawLines);
  const credit = invoiceEvent('cn-html-baw', 'BAW', 'ISSUED', 0, {
    documentType: 'CREDIT_NOTE',
    series: 'OVF-C',
    invoiceNumber: 'OVF-C-2026-000007',
    status: 'ISSUED',
    relatedInvoiceId: 'inv-html-baw',
    total: { amountMinor: -50_00, currency: 'EUR' },
  });
  const afrInvoice = invoiceLife('inv-html-afr', 'AFR', 'OVF-M-2026-000043', [
    lineOf(charges[5] as ChargeCalculated),
  ]);

  beforeAll(async () => {
    ({ runtime, prefix } = await isolatedRuntime('api-invoice-page'));
    schema = uniqueSchema('api_page');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    const producer = await runtime.producer();
    await producer.send(
      'fir.crossings',
      [...bawA, ...bawB, ...afr].map((c) => ({ key: c.icao24, value: c })),
    );
    await producer.send(
      'charges.calculated',
      charges.map((c) => ({ key: c.icao24, value: c })),
    );
    await producer.send(
      'invoices.events',
      [...invoice, credit, ...afrInvoice].map((e) => ({ key: e.invoiceId, value: e })),
    );
    projector = await startProjector({
      runtime,
      pool,
      availability: watchAvailability(pool),
      groupId: `${prefix}api`,
      topicPrefix: prefix,
    });
    await waitFor(
      async () => {
        const { rows } = await pool.query(
          `SELECT (SELECT count(*) FROM crossings)::int AS x, (SELECT count(*) FROM charges)::int AS c,
                  (SELECT count(*) FROM invoices WHERE status = 'ISSUED')::int AS i,
                  (SELECT count(*) FROM invoice_lines)::int AS l`,
        );
        const r = rows[0];
        return r.x === 6 && r.c === 6 && r.i === 3 && r.l === 6 ? true : null;
      },
      { timeoutMs: 60_000, intervalMs: 100, message: 'invoices, charges and crossings read' },
    );
    const firs = defaultFirLayer();
    app = await testApp(pool, { firs });
    capped = await testApp(pool, { firs, maxFlightsOnMap: 1 });
  }, 120_000);

  afterAll(async () => {
    await projector?.stop();
    await app?.close();
    await capped?.close();
    await pool?.end();
    await dropSchema(databaseUrl, schema);
  });

  const page = (id: string, key: string = TEST_KEYS.billingBaw, on = app) =>
    on.inject({ url: `/v1/invoices/${encodeURIComponent(id)}.html`, headers: bearer(key) });

  it('answers an HTML page with a strict CSP and no script', async () => {
    const res = await page('inv-html-baw');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('img-src data:');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body.startsWith('<!doctype html>')).toBe(true);
    expect(res.body).not.toMatch(/<script|<link|<img|<iframe|https?:\/\/(?!www\.w3\.org)/i);
  });

  it('shows the header, the credit note against it, and every line with its charge inputs and sources', async () => {
    const body = (await page('inv-html-baw')).body;
    expect(body).toContain('<h1>Invoice OVF-M-2026-000042</h1>');
    expect(body).toContain('<dt>Operator</dt><dd>BAW</dd>');
    expect(body).toContain('<dt>Period</dt><dd>2026-03-01 to 2026-03-31</dd>');
    expect(body).toContain('<dt>Total</dt><dd>952.68 EUR</dd>');
    expect(body).toContain('<a href="cn-html-baw.html">OVF-C-2026-000007</a>');
    expect(body).toContain('-50.00 EUR');
    expect(body.match(/<tr class="line"/g)).toHaveLength(5);
    for (const c of charges.slice(0, 5)) expect(body).toContain(`data-charge="${c.chargeId}"`);
    for (const text of [
      '250.5 km',
      'GREAT_CIRCLE, d/100 2.51',
      '78000 kg',
      'A320, test MTOW',
      '1.25',
      '3.14',
      '75.85 EUR<span class="src">test unit rate</span>',
      '32.10 GBP<span class="src">test GBP rate</span>',
      '0.8573<span class="src">ECB test rate</span>',
      'test.v1',
      'EXEMPT · STATE · state flight',
      '238.17 EUR',
    ])
      expect(body).toContain(text);
  });

  it('draws each flight’s path and the FIRs it crossed, labelled', async () => {
    const body = (await page('inv-html-baw')).body;
    const svg = body.slice(body.indexOf('<svg'), body.indexOf('</svg>') + 6);
    expect(svg.length).toBeGreaterThan(100);
    expect(svg.match(/<path class="flight"/g)).toHaveLength(2);
    expect(svg).toContain(`data-flight="${a1.flightId}"`);
    expect(svg).toContain(`data-flight="${b1.flightId}"`);
    for (const fir of ['EGTT', 'EISN', 'LFFF', 'EBBU']) {
      expect(svg).toContain(`>${fir}</text>`);
      expect(svg).toContain(`<path class="fir" data-fir="${fir}"`);
    }
    // Bounded: the boundaries are thinned to the drawing's resolution.
    expect(svg.length).toBeLessThan(200_000);
    const capped1 = (await page('inv-html-baw', TEST_KEYS.billingBaw, capped)).body;
    expect(capped1.match(/<path class="flight"/g)).toHaveLength(1);
    expect(capped1).toContain('The map draws the first 1 of the 2 flights');
  });

  it('escapes what the data carries: a callsign or a source holding <script>', async () => {
    const body = (await page('inv-html-baw')).body;
    expect(body).not.toContain('<script');
    expect(body).toContain('BAW9&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain(
      '&lt;script&gt;alert(&quot;mtow&quot;)&lt;/script&gt; &amp; &#39;co&#39;',
    );
  });

  it('links a credit note to the invoice it credits', async () => {
    const res = await page('cn-html-baw');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Credit note OVF-C-2026-000007</h1>');
    expect(res.body).toContain(
      '<dt>Credits invoice</dt><dd><a href="inv-html-baw.html">inv-html-baw</a></dd>',
    );
  });

  it('keeps each tenant to its own (404), billing data from a viewer (403)', async () => {
    for (const [id, key, status] of [
      ['inv-html-baw', TEST_KEYS.billingAfr, 404],
      ['inv-html-afr', TEST_KEYS.billingBaw, 404],
      ['cn-html-baw', TEST_KEYS.billingAfr, 404],
      ['inv-html-afr', TEST_KEYS.billingAfr, 200],
      ['inv-html-baw', TEST_KEYS.billing, 200],
      ['no-such-invoice', TEST_KEYS.billing, 404],
      ['inv-html-baw', TEST_KEYS.viewer, 403],
    ] as const) {
      const res = await page(id, key);
      expect(res.statusCode, `${id} with ${key}`).toBe(status);
      if (status !== 200)
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Another's 404 says exactly what a missing one says.
    const other = (await page('inv-html-afr', TEST_KEYS.billingBaw)).json();
    expect(other.detail).toBe('invoice inv-html-afr does not exist');
    expect((await app.inject({ url: '/v1/invoices/inv-html-baw.html' })).statusCode).toBe(401);
  });
});
