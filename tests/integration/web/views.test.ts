// The billing and ops views in a real browser (Debian's chromium) against the api process
// serving the built page, its read models filled from real Kafka topics, and a batch worker
// as its own process: what a billing clerk and an ops desk see.
import type { ChargeCalculated, FirCrossing, InvoiceEvent, Notification } from '@overfly/schemas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startWorkerProcess,
  type WorkerProcess,
} from '../../../services/api/src/batch/test-support/worker-process.js';
import { chargeOf, crossingOf } from '../../../services/api/src/test-support/billing-inputs.js';
import {
  disruptionEvent,
  passengerEvent,
} from '../../../services/api/src/test-support/disruptions.js';
import { invoiceEvent, invoiceLife } from '../../../services/api/src/test-support/events.js';
import { waitFor } from '../../support/wait-for.js';
import { startWebPage, type WebPage } from '../../support/web/page.js';

/** Charges a validate job goes through, two an item chunk: 20 progress reports. */
const JOB_CHARGES = 40;
const LHR = 'DELAY/EGLL/2026-03-04T12:00Z';
const CDG = 'WEATHER_IMPACT/LFPG/2026-03-04T12:00Z';

const lineOf = (c: ChargeCalculated): NonNullable<InvoiceEvent['line']> => ({
  chargeId: c.chargeId,
  crossingId: c.crossingId,
  flightId: c.flightId,
  callsign: c.callsign,
  firId: c.firId,
  flightDate: c.flightDate,
  amount: c.amount ?? { amountMinor: 0, currency: 'EUR' },
});

// Two BAW flights on the invoice the map draws: EGTT → EISN → LFFF, and EGTT → EBBU.
const flightA = ['EGTT', 'EISN', 'LFFF'].map((fir, i) => crossingOf('c10001', i + 1, fir));
const flightB = ['EGTT', 'EBBU'].map((fir, i) =>
  crossingOf('c10002', i + 1, fir, { callsign: 'BAW9' }),
);
const afrCrossing = crossingOf('c10003', 1, 'LFFF', { callsign: 'AFR456' });
const invoiced = [...flightA, ...flightB].map((c) => chargeOf(c, 'BAW'));
const afrCharge = chargeOf(afrCrossing, 'AFR');
const jobCharges = Array.from({ length: JOB_CHARGES }, (_, i) =>
  chargeOf(crossingOf(`d${String(i).padStart(5, '0')}`, 1, i % 2 ? 'EDGG' : 'EGTT'), 'DLH'),
);
const invoices = [
  ...invoiceLife('inv-web-baw-1', 'BAW', 'OVF-M-2026-000501', invoiced.map(lineOf)),
  ...invoiceLife('inv-web-baw-2', 'BAW', 'OVF-M-2026-000502', [
    lineOf(invoiced[0] as ChargeCalculated),
  ]),
  ...invoiceLife('inv-web-afr-1', 'AFR', 'OVF-M-2026-000503', [lineOf(afrCharge)]),
  // Never issued: a DRAFT.
  invoiceEvent('inv-web-draft', 'BAW', 'CREATED', 0),
];

const disruptions = [
  disruptionEvent(LHR, 1),
  disruptionEvent(LHR, 2),
  disruptionEvent(CDG, 1, {
    type: 'WEATHER_IMPACT',
    severity: 'HIGH',
    airportIcao: 'LFPG',
    operatorIcao: 'AFR',
    summary: 'Thunderstorms at Paris CDG',
  }),
];
const T0 = Date.UTC(2026, 2, 4, 12, 30);
const decisions = [
  passengerEvent('P-0001', LHR, 'REBOOKING_PROPOSED', T0),
  passengerEvent('P-0002', LHR, 'CARE_OFFERED', T0 + 1_000),
  passengerEvent('P-0003', LHR, 'COMPENSATION_ASSESSED', T0 + 2_000, {
    eu261Eligible: true,
    compensation: { amountMinor: 600_00, currency: 'EUR' },
  }),
  passengerEvent('P-0004', CDG, 'CARE_OFFERED', T0 + 3_000),
];
const notification = (
  id: string,
  channel: Notification['channel'],
  status: Notification['status'],
): Notification => ({
  notificationId: id,
  sourceTopic: 'passenger.events',
  sourceEventId: `evt-${id}`,
  channel,
  recipientRef: `C-${id}`,
  template: 'rebooking-proposed',
  status,
  attempts: 1,
  providerMessageId: status === 'FAILED' ? null : `msg-${id}`,
  lastError: status === 'FAILED' ? 'receiver answered 500' : null,
  createdAt: T0,
  updatedAt: T0 + 5_000,
});
const notifications = [
  notification('ntf-web-1', 'EMAIL', 'SENT'),
  notification('ntf-web-2', 'SMS', 'DELIVERED'),
  notification('ntf-web-3', 'WEBHOOK', 'FAILED'),
];

describe('web: the billing and ops views', () => {
  let web: WebPage;
  let worker: WorkerProcess;
  let page: Page;
  let errors: string[];

  const rows = (selector: string) => page.locator(`main tbody tr${selector}`);
  /** Goes to `hash` in the same tab (hash routing: the page is not loaded again). */
  const go = async (hash: string) => {
    await page.evaluate((h) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = h;
    }, hash);
  };

  beforeAll(async () => {
    web = await startWebPage('web-views');
    const producer = await web.runtime.producer();
    await producer.send(
      'fir.crossings',
      [...flightA, ...flightB, afrCrossing].map((c: FirCrossing) => ({ key: c.icao24, value: c })),
    );
    await producer.send(
      'charges.calculated',
      [...invoiced, afrCharge, ...jobCharges].map((c) => ({ key: c.icao24, value: c })),
    );
    await producer.send(
      'invoices.events',
      invoices.map((e) => ({ key: e.invoiceId, value: e })),
    );
    await producer.send(
      'disruption.events',
      disruptions.map((e) => ({ key: e.disruptionId, value: e })),
    );
    await producer.send(
      'passenger.events',
      decisions.map((e) => ({ key: e.passengerId, value: e })),
    );
    await producer.send(
      'notifications',
      notifications.map((n) => ({ key: n.notificationId, value: n })),
    );
    worker = startWorkerProcess(web.prefix, web.schema);
    const count = async (path: string) => {
      const r = await fetch(`${web.api.url}${path}`);
      return r.ok ? ((await r.json()) as { items: unknown[] }).items.length : -1;
    };
    await waitFor(
      async () =>
        (await count('/v1/invoices')) === 4 &&
        (await count('/v1/charges?limit=100')) === invoiced.length + 1 + JOB_CHARGES &&
        (await count('/v1/crossings')) === 6 &&
        (await count('/v1/disruptions')) === 2 &&
        (await count('/v1/passenger-events')) === 4 &&
        (await count('/v1/notifications')) === 3,
      { timeoutMs: 60_000, message: 'the api to read every seeded record' },
    );
    // Every WebSocket the page opens, so a test can see none outlives its view.
    await web.browser.context.addInitScript(`(() => {
      const Native = window.WebSocket;
      window.__sockets = [];
      window.WebSocket = class extends Native {
        constructor(...args) {
          super(...args);
          window.__sockets.push(this);
        }
      };
    })()`);
    ({ page, errors } = await web.open('#/invoices'));
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await web?.close();
  });

  it('lists the invoices, and a filter kept in the link narrows them', async () => {
    await page.waitForSelector('main tbody tr[data-invoice="inv-web-draft"]');
    expect(await rows('[data-invoice]').count()).toBe(4);
    expect(await page.locator('main h1').textContent()).toBe('Invoices');
    await page.selectOption('#f-status', 'DRAFT');
    await page.click('main form.filters button[type="submit"]');
    await page.waitForFunction(() =>
      (globalThis as unknown as { location: { hash: string } }).location.hash.includes(
        'status=DRAFT',
      ),
    );
    await waitFor(async () => (await rows('[data-invoice]').count()) === 1, {
      timeoutMs: 10_000,
      message: 'the DRAFT filter to leave one row',
    });
    expect(await rows('[data-invoice]').first().getAttribute('data-invoice')).toBe('inv-web-draft');
    // The operator filter, typed in lower case, from the link alone.
    await go('#/invoices?operator=AFR');
    await waitFor(
      async () =>
        (await rows('[data-invoice]').count()) === 1 &&
        (await rows('[data-invoice="inv-web-afr-1"]').count()) === 1,
      { timeoutMs: 10_000, message: 'the AFR filter to leave its invoice' },
    );
    expect(await page.inputValue('#f-operator')).toBe('AFR');
    await go('#/invoices');
    await page.waitForSelector('main tbody tr[data-invoice="inv-web-baw-1"]');
    await web.screenshot(page, 'invoices');
  });

  it('opens an invoice: its lines with each charge’s inputs, and the route map', async () => {
    await page.click('main tr[data-invoice="inv-web-baw-1"] a');
    await page.waitForSelector('main table.lines tbody tr');
    expect(await page.locator('main h1').textContent()).toContain('OVF-M-2026-000501');
    expect(await rows('[data-charge]').count()).toBe(invoiced.length);
    const first = page.locator(
      `main tr[data-charge="${(invoiced[0] as ChargeCalculated).chargeId}"]`,
    );
    const text = (await first.textContent()) ?? '';
    for (const part of [
      'EG',
      'EGTT',
      '250.5 km',
      '2.51',
      '78,000 kg',
      '1.25',
      '3.14',
      '75.85 EUR',
      'test unit rate',
      'test.v1',
      'PRICED',
    ])
      expect(text).toContain(part);
    const map = page.locator('main svg.route-map');
    await map.waitFor();
    expect(await map.locator('path.flight').count()).toBe(2);
    expect(await map.locator('path.flight').first().getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+L/);
    for (const fir of ['EGTT', 'EISN', 'LFFF', 'EBBU'])
      expect(await map.locator(`path.fir[data-fir="${fir}"]`).count()).toBe(1);
    expect(await map.locator('.fir-labels text').allTextContents()).toEqual(
      expect.arrayContaining(['EGTT', 'EISN', 'LFFF', 'EBBU']),
    );
    await map.scrollIntoViewIfNeeded();
    await web.screenshot(page, 'invoice');
  });

  it('starts a batch job from the form and shows its progress moving, without a reload', async () => {
    await go('#/batch-jobs');
    await page.waitForSelector('main .live-badge[data-socket="open"]');
    await page.waitForSelector('main .paged p.state.empty, main .paged table');
    // Every progress text the row shows, as it changes; and a mark a reload would lose.
    await page.evaluate(`(() => {
      window.__noReload = true;
      window.__progress = [];
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('main tr[data-job] .progress-text')) {
          const t = el.textContent;
          if (t && window.__progress[window.__progress.length - 1] !== t) window.__progress.push(t);
        }
      }).observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true });
    })()`);
    await page.selectOption('#job-operation', 'validate');
    await page.fill('#job-name', 'DLH checks');
    await page.fill('#job-operator', 'DLH');
    await page.fill('#job-from', '2026-03-01');
    await page.fill('#job-to', '2026-03-31');
    await page.fill('#job-batchSize', '2');
    await page.click('main form.job-form button[type="submit"]');
    await page.waitForSelector('main form.job-form .ok');
    const row = page.locator('main tr[data-job]').first();
    await row.waitFor();
    await page.waitForFunction(
      (n) =>
        (
          globalThis as unknown as {
            document: { querySelector(s: string): { textContent: string } | null };
          }
        ).document.querySelector('main tr[data-job] .progress-text')?.textContent ===
        `${n} / ${n} (100 %)`,
      JOB_CHARGES,
      { timeout: 45_000 },
    );
    // The last chunk's RUNNING report comes before the one that ends the job.
    await waitFor(async () => (await row.locator('.status').textContent()) === 'SUCCEEDED', {
      timeoutMs: 15_000,
      message: 'the row to say the job succeeded',
    });
    const seen = (await page.evaluate('window.__progress')) as string[];
    const processed = seen.map((t) => Number(t.split(' ')[0]));
    // Between nothing and everything, at least one step was shown as it happened.
    expect(
      processed.some((n) => n > 0 && n < JOB_CHARGES),
      seen.join(' | '),
    ).toBe(true);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(await page.evaluate('window.__noReload')).toBe(true);
    await web.screenshot(page, 'batch-jobs');
  });

  it('opens the job: its progress and its charts', async () => {
    await page.click('main tr[data-job] td a');
    await page.waitForSelector('main section.viz svg.chart.timeline path.line');
    // Live: the job's events socket is open (and closed again when the view is left).
    await page.waitForSelector('main .live-badge[data-socket="open"]');
    expect(await page.locator('main .job-progress .progress-text').textContent()).toBe(
      `${JOB_CHARGES} / ${JOB_CHARGES} (100 %)`,
    );
    expect(await page.locator('main svg.chart').count()).toBeGreaterThanOrEqual(3);
    const tiles = (await page.locator('main dl.tiles').textContent()) ?? '';
    expect(tiles).toContain(`Items done${JOB_CHARGES}`);
    expect(tiles).toMatch(/Success rate\d/);
    // Every charge passes its checks: the histogram's last bucket holds them all.
    const quality = page.locator('main svg.chart.quality rect.bar');
    expect(await quality.count()).toBe(10);
    expect(await quality.last().locator('title').textContent()).toBe(`0.9: ${JOB_CHARGES}`);
    await web.screenshot(page, 'batch-job');
  });

  it('lists the disruptions live, filters them, and opens one with its passengers', async () => {
    await go('#/disruptions');
    // The job view's socket was closed when it was left: none is open or opening.
    await page.waitForFunction(
      `window.__sockets.length > 0 && window.__sockets.every((w) => w.readyState >= 2)`,
    );
    await page.waitForSelector('main tbody tr[data-disruption]');
    expect(await rows('[data-disruption]').count()).toBe(2);
    await web.screenshot(page, 'disruptions');
    await page.fill('#f-airport', 'lfpg');
    await page.click('main form.filters button[type="submit"]');
    await waitFor(
      async () =>
        (await rows('[data-disruption]').count()) === 1 &&
        (await rows(`[data-disruption="${CDG}"]`).count()) === 1,
      { timeoutMs: 10_000, message: 'the airport filter to leave the Paris disruption' },
    );
    await go('#/disruptions');
    await page.click(`main tr[data-disruption="${LHR}"] a`);
    await page.waitForSelector('main tbody tr[data-passenger]');
    expect(await page.locator('main h1').textContent()).toContain(`${LHR} revision 2`);
    const body = (await page.locator('main').textContent()) ?? '';
    for (const part of ['BA117', 'EGLL → KJFK', '90 min', 'departure from the EU', 'fe-2'])
      expect(body).toContain(part);
    expect(await rows('[data-passenger]').count()).toBe(3);
    expect(await page.locator('main tr[data-passenger="P-0003"]').textContent()).toContain(
      '600.00 EUR',
    );
    await web.screenshot(page, 'disruption');
  });

  it('lists the notifications sent, by channel', async () => {
    await go('#/notifications');
    await page.waitForSelector('main tbody tr[data-notification]');
    expect(await rows('[data-notification]').count()).toBe(3);
    expect(await page.locator('main tr[data-notification="ntf-web-3"]').textContent()).toContain(
      'receiver answered 500',
    );
    await web.screenshot(page, 'notifications');
    await page.selectOption('#f-channel', 'SMS');
    await page.click('main form.filters button[type="submit"]');
    await waitFor(async () => (await rows('[data-notification]').count()) === 1, {
      timeoutMs: 10_000,
      message: 'the SMS filter to leave one notification',
    });
    expect(await rows('[data-notification="ntf-web-2"]').count()).toBe(1);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
