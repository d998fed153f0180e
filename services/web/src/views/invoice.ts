import { getJson } from '../api/client.js';
import type { Charge, InvoiceCharges, InvoiceDetail, InvoiceLine, RouteMap } from '../api/types.js';
import { routeMapSvg } from '../charts/route-map.js';
import { link } from '../router.js';
import { fill, h } from '../ui/dom.js';
import { km, moneyOf, utc } from '../ui/format.js';
import { failure, loading } from '../ui/states.js';
import '../ui/views.css';
import { period, statusBadge } from './invoices.js';
import type { View } from './view.js';

/** Lines drawn at once; "More lines" adds as many (an invoice may hold thousands). */
const LINES_PER_STEP = 100;

const invoiceLink = (id: string, text: string) =>
  h('a', { href: link(`/invoices/${encodeURIComponent(id)}`) }, text);

/** A value with where it came from under it. */
const sourced = (value: string, source: string | null | undefined) =>
  h('td', {}, value, source ? h('div', { class: 'source' }, source) : null);

const fixed = (n: number | null | undefined, digits: number) =>
  n === null || n === undefined ? '—' : n.toFixed(digits);

function header(inv: InvoiceDetail): HTMLElement {
  const pairs: Array<[string, Node | string]> = [
    ['Number', inv.invoiceNumber ?? 'not numbered yet'],
    ['Series', inv.series],
    [
      'Type',
      `${inv.documentType === 'CREDIT_NOTE' ? 'credit note' : 'invoice'} · ${inv.billingCycle}`,
    ],
    ['Operator', inv.operatorIcao],
    ['Period', period(inv.periodStart, inv.periodEnd)],
    ['Status', statusBadge(inv.status)],
    ['Due', inv.dueDate ?? '—'],
    ['Total', moneyOf(inv.total)],
    ['Paid', moneyOf(inv.amountPaid)],
    ['Updated', utc(inv.updatedAt)],
  ];
  if (inv.relatedInvoiceId)
    pairs.push(['Credits', invoiceLink(inv.relatedInvoiceId, inv.relatedInvoiceId)]);
  return h(
    'dl',
    { class: 'facts' },
    ...pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

function lineRow(line: InvoiceLine, charge: Charge | undefined): HTMLTableRowElement {
  const flight = h('td', {}, line.callsign ?? '—', h('div', { class: 'source' }, line.flightId));
  if (!charge)
    return h(
      'tr',
      { 'data-charge': line.chargeId },
      flight,
      h('td', {}, line.firId),
      h('td', {}, line.flightDate),
      h('td', { class: 'num' }, moneyOf(line.amount)),
      h('td', { colspan: 8, class: 'muted' }, `charge ${line.chargeId} not read yet`),
    );
  const i = charge.inputs;
  const repriced =
    charge.amount &&
    (charge.amount.amountMinor !== line.amount.amountMinor ||
      charge.amount.currency !== line.amount.currency);
  const crossings = charge.passage?.firIds.join(' → ') ?? line.firId;
  return h(
    'tr',
    { 'data-charge': line.chargeId },
    flight,
    h(
      'td',
      {},
      charge.chargingZone ?? '—',
      h(
        'div',
        { class: 'source' },
        crossings,
        ` (${charge.passage?.crossingIds.length ?? 1} crossing${(charge.passage?.crossingIds.length ?? 1) === 1 ? '' : 's'})`,
      ),
    ),
    h('td', {}, line.flightDate),
    h(
      'td',
      { class: 'num' },
      moneyOf(line.amount),
      repriced ? h('div', { class: 'source warn' }, `now ${moneyOf(charge.amount)}`) : null,
    ),
    sourced(`${km(i.distanceKm)} → ${fixed(i.distanceFactor, 2)}`, i.distanceBasis),
    sourced(
      `${i.mtowKg === null ? '—' : `${i.mtowKg.toLocaleString('en-GB')} kg`} → ${fixed(i.weightFactor, 2)}`,
      [i.aircraftType, i.mtowSource].filter(Boolean).join(' · '),
    ),
    h('td', { class: 'num' }, fixed(i.serviceUnits, 2)),
    sourced(moneyOf(i.unitRate), i.unitRateSource),
    sourced(i.exchangeRate ?? '—', i.exchangeRateSource),
    h('td', {}, i.tariffVersion ?? '—'),
    h(
      'td',
      {},
      h('span', { class: `badge status-${charge.status.toLowerCase()}` }, charge.status),
      charge.exemptionCode || charge.reason
        ? h(
            'div',
            { class: 'source' },
            [charge.exemptionCode, charge.reason].filter(Boolean).join(': '),
          )
        : null,
    ),
  );
}

function linesTable(inv: InvoiceDetail, charges: ReadonlyMap<string, Charge>): HTMLElement {
  const body = h('tbody');
  const count = h('p', { class: 'muted count', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'more' }, 'More lines');
  let shown = 0;
  const step = () => {
    for (const line of inv.lines.slice(shown, shown + LINES_PER_STEP))
      body.append(lineRow(line, charges.get(line.chargeId)));
    shown = Math.min(inv.lines.length, shown + LINES_PER_STEP);
    count.textContent = `${shown} of ${inv.lines.length} lines`;
    more.hidden = shown >= inv.lines.length;
  };
  more.addEventListener('click', step);
  step();
  const head = [
    'Flight',
    'Zone · FIR crossings',
    'Date',
    'Billed',
    'Distance → d/100',
    'MTOW → weight factor',
    'Service units',
    'Unit rate',
    'Exchange rate',
    'Tariff',
    'Charge',
  ];
  return h(
    'div',
    { class: 'wide' },
    h(
      'table',
      { class: 'lines' },
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      body,
    ),
    count,
    more,
  );
}

function mapSection(map: RouteMap): HTMLElement {
  const svg = routeMapSvg(map);
  return h(
    'section',
    { class: 'map', 'aria-labelledby': 'map-title' },
    h('h2', { id: 'map-title' }, 'Route map'),
    svg ??
      h('p', { class: 'state empty' }, 'No crossing of these flights is held: nothing to draw.'),
    map.drawn < map.flightCount
      ? h(
          'p',
          { class: 'muted' },
          `The first ${map.drawn} of ${map.flightCount} flights are drawn.`,
        )
      : null,
  );
}

/** #/invoices/:id: one document, its lines with every input of each charge, and its route map. */
export const invoiceView: View = {
  title: 'Invoice',
  mount(root, params) {
    const id = params.id ?? '';
    const path = `/v1/invoices/${encodeURIComponent(id)}`;
    const page = h('section', { class: 'page' });
    root.append(page);
    const abort = new AbortController();
    const load = async () => {
      fill(page, loading('the invoice'));
      try {
        const [inv, charges, map] = await Promise.all([
          getJson<InvoiceDetail>(path, {}, abort.signal),
          getJson<InvoiceCharges>(`${path}/charges`, {}, abort.signal),
          getJson<RouteMap>(`${path}/route-map`, {}, abort.signal),
        ]);
        if (abort.signal.aborted) return;
        document.title = `${inv.invoiceNumber ?? inv.invoiceId} · Overfly`;
        fill(
          page,
          h('p', {}, h('a', { href: link('/invoices') }, '← Invoices')),
          h(
            'h1',
            {},
            inv.documentType === 'CREDIT_NOTE' ? 'Credit note ' : 'Invoice ',
            inv.invoiceNumber ?? inv.invoiceId,
          ),
          header(inv),
          h('p', {}, h('a', { href: `${path}.html` }, 'The printable page')),
          inv.creditNotes.length
            ? h(
                'section',
                {},
                h('h2', {}, 'Credit notes against it'),
                h(
                  'ul',
                  {},
                  ...inv.creditNotes.map((cn) =>
                    h(
                      'li',
                      {},
                      invoiceLink(cn.invoiceId, cn.invoiceNumber ?? cn.invoiceId),
                      ` ${moneyOf(cn.total)} `,
                      statusBadge(cn.status),
                    ),
                  ),
                ),
              )
            : null,
          h('h2', {}, 'Lines'),
          inv.lines.length
            ? linesTable(inv, new Map(charges.items.map((c) => [c.chargeId, c])))
            : h('p', { class: 'state empty' }, 'No lines.'),
          mapSection(map),
        );
      } catch (error) {
        if (!abort.signal.aborted)
          fill(
            page,
            failure(error, () => void load()),
          );
      }
    };
    void load();
    return () => abort.abort();
  },
};
