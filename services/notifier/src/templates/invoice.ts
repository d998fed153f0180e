import type { InvoiceEvent, Money } from '@overfly/schemas';
import { stringsFor } from './catalog.js';
import { epochDayToMs, formatMoney, type Medium } from './format.js';
import type { Content } from './html.js';
import type { InvoiceMessageKind } from './kinds.js';
import { assemble, type RenderedMessage } from './message.js';
import type { InvoiceFacts, Strings } from './strings.js';

/** What an operator's billing message says. */
export interface InvoiceMessage {
  kind: InvoiceMessageKind;
  /** The invoice number; the invoiceId while the invoice has none (see referenceIsId). */
  reference: string;
  referenceIsId: boolean;
  documentType: 'INVOICE' | 'CREDIT_NOTE';
  operatorIcao: string;
  total: Money;
  amountPaid: Money | null;
  /** total − amountPaid when both are known in the same currency; else null. */
  outstanding: Money | null;
  /** 00:00 UTC of the due date, epoch ms; null when the event gives none. */
  dueDate: number | null;
  /** Billing period: first day 00:00 UTC (inclusive) and the day after its last (exclusive). */
  periodStart: number;
  periodEnd: number;
}

/** The message view of an invoices.events record, for a message kind. */
export function invoiceMessageFrom(event: InvoiceEvent, kind: InvoiceMessageKind): InvoiceMessage {
  const paid = event.amountPaid;
  const outstanding =
    paid !== null && paid.currency === event.total.currency
      ? { amountMinor: event.total.amountMinor - paid.amountMinor, currency: paid.currency }
      : null;
  return {
    kind,
    reference: event.invoiceNumber ?? event.invoiceId,
    referenceIsId: event.invoiceNumber === null,
    documentType: event.documentType === 'CREDIT_NOTE' ? 'CREDIT_NOTE' : 'INVOICE',
    operatorIcao: event.operatorIcao,
    total: event.total,
    amountPaid: paid,
    outstanding,
    dueDate: event.dueDate === null ? null : epochDayToMs(event.dueDate),
    periodStart: event.periodStart,
    periodEnd: event.periodEnd,
  };
}

function factsOf(m: InvoiceMessage, s: Strings, medium: Medium): InvoiceFacts {
  const date = medium === 'sms' ? s.formats.smsDate : s.formats.date;
  const money = (amount: Money) => formatMoney(amount, s.formats.locale, medium);
  return {
    reference: m.reference,
    referenceIsId: m.referenceIsId,
    creditNote: m.documentType === 'CREDIT_NOTE',
    operator: m.operatorIcao,
    total: money(m.total),
    paid: m.amountPaid && money(m.amountPaid),
    outstanding: m.outstanding && money(m.outstanding),
    toPay: money(m.outstanding ?? m.total),
    dueDate: m.dueDate === null ? null : date(m.dueDate),
    periodFrom: date(m.periodStart),
    // The end is exclusive: the last day is the one before it.
    periodTo: date(Math.max(m.periodStart, m.periodEnd - 1)),
  };
}

function detailsOf(f: InvoiceFacts, s: Strings): Content['details'] {
  const l = s.invoice.labels;
  const rows: Array<readonly [string, string | null]> = [
    [l.reference(f), f.reference],
    [l.operator, f.operator],
    [l.period, l.periodValue(f.periodFrom, f.periodTo)],
    [l.total, f.total],
    [l.paid, f.paid],
    [l.outstanding, f.outstanding],
    [l.dueDate, f.dueDate],
  ];
  return rows.filter((row): row is readonly [string, string] => row[1] !== null);
}

/** Renders an operator's billing message in the language of a BCP 47 tag (English as fallback). */
function renderInvoice(
  message: InvoiceMessage,
  languageTag: string | null | undefined,
): RenderedMessage {
  const s = stringsFor(languageTag);
  const template = s.invoice.kinds[message.kind];
  const facts = factsOf(message, s, 'email');
  const content: Content = {
    ...template.email(facts),
    greeting: s.invoice.greeting,
    details: detailsOf(facts, s),
    closing: s.invoice.closing,
  };
  return assemble(s.language, s.formats.colon, content, template.sms(factsOf(message, s, 'sms')));
}

/** Renders the INVOICE_ISSUED or INVOICE_OVERDUE message for an invoices.events record. */
export function renderInvoiceMessage(
  event: InvoiceEvent,
  kind: InvoiceMessageKind,
  languageTag: string | null | undefined,
): RenderedMessage {
  return renderInvoice(invoiceMessageFrom(event, kind), languageTag);
}
