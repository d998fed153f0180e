import { getJson } from '../api/client.js';
import type { InvoiceStatus, InvoiceSummary, List } from '../api/types.js';
import { link } from '../router.js';
import { h } from '../ui/dom.js';
import { type Field, filterForm, filtersOf } from '../ui/filters.js';
import { moneyOf, utc } from '../ui/format.js';
import { pagedTable } from '../ui/paged.js';
import '../ui/views.css';
import type { View } from './view.js';

const STATUSES = [
  'DRAFT',
  'ISSUED',
  'OVERDUE',
  'PAID',
  'PARTIALLY_PAID',
  'CANCELLED',
  'CREDITED',
] as const satisfies readonly InvoiceStatus[];

const FIELDS: readonly Field[] = [
  { name: 'status', label: 'Status', kind: 'select', options: STATUSES },
  { name: 'documentType', label: 'Type', kind: 'select', options: ['INVOICE', 'CREDIT_NOTE'] },
  {
    name: 'operator',
    label: 'Operator',
    kind: 'text',
    placeholder: 'BAW',
    pattern: '[A-Za-z]{3}',
    upper: true,
  },
  { name: 'from', label: 'Period from', kind: 'date' },
  { name: 'to', label: 'Period to', kind: 'date' },
];

/** `2026-03-01 – 2026-03-31`: a billing period, its end exclusive. */
export function period(start: number, end: number): string {
  return `${utc(start).slice(0, 10)} – ${utc(end - 1).slice(0, 10)}`;
}

export const statusBadge = (status: string) =>
  h('span', { class: `badge status-${status.toLowerCase()}` }, status);

/** #/invoices: invoices and credit notes, filtered by the hash's query, newest period first. */
export const invoicesView: View = {
  title: 'Invoices',
  mount(root, _params, query) {
    const filters = filtersOf(FIELDS, query);
    const table = pagedTable<InvoiceSummary>({
      what: 'documents',
      head: [
        'Document',
        'Type',
        'Operator',
        'Period',
        'Status',
        { text: 'Total', num: true },
        { text: 'Lines', num: true },
        'Due',
      ],
      emptyText: 'No invoice matches these filters.',
      load: (cursor, signal) =>
        getJson<List<InvoiceSummary>>('/v1/invoices', { ...filters, cursor, limit: 50 }, signal),
      row: (inv) =>
        h(
          'tr',
          { 'data-invoice': inv.invoiceId },
          h(
            'td',
            {},
            h(
              'a',
              { href: link(`/invoices/${encodeURIComponent(inv.invoiceId)}`) },
              inv.invoiceNumber ?? inv.invoiceId,
            ),
            inv.invoiceNumber ? null : h('span', { class: 'muted' }, ' (not numbered)'),
          ),
          h('td', {}, inv.documentType === 'CREDIT_NOTE' ? 'credit note' : 'invoice'),
          h('td', {}, inv.operatorIcao),
          h('td', {}, period(inv.periodStart, inv.periodEnd)),
          h('td', {}, statusBadge(inv.status)),
          h('td', { class: 'num' }, moneyOf(inv.total)),
          h('td', { class: 'num' }, inv.lineCount),
          h('td', {}, inv.dueDate ?? '—'),
        ),
    });
    root.append(
      h(
        'section',
        { class: 'page' },
        h('h1', {}, 'Invoices'),
        filterForm('/invoices', FIELDS, query),
        table.element,
      ),
    );
    void table.reload();
    return () => table.stop();
  },
};
