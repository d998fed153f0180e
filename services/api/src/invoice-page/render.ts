import type { Charge } from '../schemas/charge.js';
import type { InvoiceLine, InvoiceSummary } from '../schemas/invoice.js';
import { type Html, html, raw } from './escape.js';
import { formatMoney } from './money.js';

// An invoice or credit note as one HTML page for a billing clerk: the header, the lines
// with every input of each charge and its source, and the route map. No script, no
// external resource: it reads offline and prints.

export interface InvoicePageInput {
  invoice: InvoiceSummary & { lines: InvoiceLine[]; creditNotes: InvoiceSummary[] };
  /** The lines' charges from the charges read model, by chargeId (absent: not read yet). */
  charges: ReadonlyMap<string, Charge>;
  map: {
    /** The inline SVG, or null when no flight drawn has a crossing held. */
    svg: Html | null;
    /** Distinct flights on the document, and how many of them the map draws (the first). */
    flights: number;
    drawn: number;
    /** Whether FIR boundaries are drawn (the api has a FIR layer). */
    boundaries: boolean;
  };
  /** UTC epoch ms the page was made. */
  generatedAt: number;
}

type Money = { amountMinor: number; currency: string };

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const money = (m: Money | null | undefined) => (m ? formatMoney(m) : '—');
/** A measured input as read, at most 6 decimals (the JSON route has every digit). */
const decimal = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : String(Number(n.toFixed(6)));
/** Same-folder link to another document's page (this page is /v1/invoices/{id}.html). */
const pageOf = (invoiceId: string) => `${encodeURIComponent(invoiceId)}.html`;
const sameMoney = (a: Money | null, b: Money) =>
  a !== null && a.amountMinor === b.amountMinor && a.currency === b.currency;

const documentName = (d: InvoiceSummary) =>
  `${d.documentType === 'CREDIT_NOTE' ? 'Credit note' : 'Invoice'} ${d.invoiceNumber ?? d.invoiceId}`;

const STYLE = raw(`
  body { font: 13px/1.4 system-ui, sans-serif; color: #1b2631; margin: 24px; }
  h1 { font-size: 20px; margin: 0 0 12px; }
  h2 { font-size: 15px; margin: 24px 0 8px; }
  dl.header { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 4px 16px; margin: 0; }
  dl.header dt { font-weight: 600; color: #566573; }
  dl.header dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 11px; }
  th, td { border-bottom: 1px solid #d5dbdb; padding: 3px 5px; text-align: left; vertical-align: top; }
  th { background: #f2f4f4; position: sticky; top: 0; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .src { display: block; color: #717d7e; font-size: 10px; }
  .warn { color: #a04000; }
  .route-map { max-width: 100%; height: auto; border: 1px solid #d5dbdb; }
  .note { color: #566573; }
  footer { margin-top: 24px; color: #717d7e; font-size: 11px; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print {
    body { margin: 0; }
    th { position: static; }
    tr { break-inside: avoid; }
    a { color: inherit; text-decoration: none; }
  }
`);

function header(d: InputInvoice): Html {
  const related = d.relatedInvoiceId
    ? html`<a href="${pageOf(d.relatedInvoiceId)}">${d.relatedInvoiceId}</a>`
    : null;
  const rows: Array<[string, Html | string]> = [
    ['Number', d.invoiceNumber ?? `not numbered yet (${d.status})`],
    ['Series', d.series],
    ['Type', `${d.documentType} (${d.billingCycle})`],
    ['Operator', d.operatorIcao],
    ['Period', `${iso(d.periodStart)} to ${iso(d.periodEnd - 1)}`],
    ['Status', d.status],
    ['Due date', d.dueDate ?? '—'],
    ['Total', money(d.total)],
    ['Amount paid', money(d.amountPaid)],
    ['Lines', String(d.lineCount)],
    ['Document id', d.invoiceId],
    ['Updated', isoTime(d.updatedAt)],
  ];
  if (d.documentType === 'CREDIT_NOTE') rows.splice(3, 0, ['Credits invoice', related ?? '—']);
  else if (related) rows.splice(3, 0, ['Related document', related]);
  return html`<dl class="header">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

type InputInvoice = InvoicePageInput['invoice'];

function creditNotes(d: InputInvoice): Html | null {
  if (d.documentType === 'CREDIT_NOTE') return null;
  if (d.creditNotes.length === 0)
    return html`<h2>Credit notes</h2><p class="note">None against this invoice.</p>`;
  return html`<h2>Credit notes</h2><table class="credit-notes"><thead><tr><th>Credit note</th><th>Status</th><th class="num">Total</th><th>Updated</th></tr></thead><tbody>${d.creditNotes.map(
    (c) =>
      html`<tr><td><a href="${pageOf(c.invoiceId)}">${c.invoiceNumber ?? c.invoiceId}</a></td><td>${c.status}</td><td class="num">${money(c.total)}</td><td>${isoTime(c.updatedAt)}</td></tr>`,
  )}</tbody></table>`;
}

const withSource = (value: string, source: string | null | undefined) =>
  html`${value}${source ? html`<span class="src">${source}</span>` : null}`;

function lineRow(line: InvoiceLine, n: number, charge: Charge | undefined): Html {
  const flight = html`${line.callsign ?? '—'}<span class="src">${line.flightId}</span>`;
  const lineCells = html`<td class="num">${n}</td><td>${flight}</td><td>${line.firId}</td><td>${line.flightDate}</td>`;
  if (!charge)
    return html`<tr class="line" data-charge="${line.chargeId}">${lineCells}<td class="num">${money(line.amount)}</td><td colspan="8" class="warn">charge ${line.chargeId} is not in the charges read model yet</td></tr>`;
  const i = charge.inputs;
  // The charge may have been re-priced since the line was written: the line is what was billed.
  const repriced =
    sameMoney(charge.amount, line.amount) ||
    (charge.amount === null && line.amount.amountMinor === 0)
      ? null
      : html`<span class="src warn">charge now ${charge.amount ? money(charge.amount) : charge.status}</span>`;
  const exchange = i.exchangeRate === null ? '—' : withSource(i.exchangeRate, i.exchangeRateSource);
  const status = [charge.status, charge.exemptionCode, charge.reason].filter(Boolean).join(' · ');
  return html`<tr class="line" data-charge="${line.chargeId}">${lineCells}<td class="num">${money(line.amount)}${repriced}</td><td class="num">${withSource(`${decimal(i.distanceKm)} km`, `${i.distanceBasis}, d/100 ${decimal(i.distanceFactor)}`)}</td><td class="num">${withSource(i.mtowKg === null ? '—' : `${decimal(i.mtowKg)} kg`, [i.aircraftType, i.mtowSource].filter(Boolean).join(', '))}</td><td class="num">${decimal(i.weightFactor)}</td><td class="num">${decimal(i.serviceUnits)}</td><td class="num">${withSource(money(i.unitRate), i.unitRateSource)}</td><td class="num">${exchange}</td><td>${i.tariffVersion ?? '—'}</td><td>${status}</td></tr>`;
}

function lines(d: InputInvoice, charges: ReadonlyMap<string, Charge>): Html {
  if (d.lines.length === 0) return html`<h2>Lines</h2><p class="note">No lines.</p>`;
  const missing = d.lines.filter((l) => !charges.has(l.chargeId)).length;
  return html`<h2>Lines (${d.lines.length})</h2>${
    missing > 0
      ? html`<p class="warn">${missing} line${missing === 1 ? '' : 's'} without ${missing === 1 ? 'its' : 'their'} charge in the read model yet: the inputs show once charges.calculated is read.</p>`
      : null
  }<p class="note">Each charge is r = t × N, N = d/100 × √(MTOW t / 50): the inputs below beside their sources (small print).</p><table class="lines"><thead><tr><th class="num">#</th><th>Flight</th><th>FIR</th><th>Flight date</th><th class="num">Amount</th><th class="num">Distance d</th><th class="num">MTOW</th><th class="num">Weight factor</th><th class="num">Service units N</th><th class="num">Unit rate t</th><th class="num">Exchange rate</th><th>Tariff version</th><th>Status</th></tr></thead><tbody>${d.lines.map(
    (l, i) => lineRow(l, i + 1, charges.get(l.chargeId)),
  )}</tbody></table>`;
}

function map(m: InvoicePageInput['map']): Html {
  const notes: Html[] = [];
  if (m.drawn < m.flights)
    notes.push(
      html`<p class="note map-capped">The map draws the first ${m.drawn} of the ${m.flights} flights on this document (by flight date); the table lists every line.</p>`,
    );
  if (!m.boundaries)
    notes.push(
      html`<p class="note">No FIR layer is loaded: the paths are drawn without boundaries.</p>`,
    );
  if (m.svg === null)
    return html`<h2>Route map</h2><p class="note">No crossing of these flights is held in the crossings read model yet.</p>${notes}`;
  return html`<h2>Route map</h2><figure>${m.svg}<figcaption class="note">Each flight through its FIR entry and exit points (fir.crossings), over the FIRs it crossed; equirectangular projection.</figcaption></figure>${notes}`;
}

/** The whole page, a complete HTML document. */
export function renderInvoicePage(input: InvoicePageInput): string {
  const d = input.invoice;
  const title = documentName(d);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${title} — ${d.operatorIcao}</title><style>${STYLE}</style></head>
<body><header><h1>${title}</h1>${header(d)}</header>
<main>${creditNotes(d)}${map(input.map)}${lines(d, input.charges)}</main>
<footer>Made ${isoTime(input.generatedAt)} from the api's read models (invoices.events, charges.calculated, fir.crossings) as read so far. The same document as JSON: <a href="${encodeURIComponent(d.invoiceId)}">${d.invoiceId}</a>.</footer>
</body></html>
`.markup;
}
