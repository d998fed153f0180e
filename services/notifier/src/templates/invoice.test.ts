import type { InvoiceEvent } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import {
  type InvoiceMessage,
  type InvoiceMessageKind,
  invoiceMessageFrom,
  invoiceMessageKinds,
  isInvoiceMessageKind,
  type Language,
  languages,
  renderInvoiceMessage,
} from './index.js';
import { epochDay, invoiceEvent } from './test-fixtures.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const NUMBER = 'OVF-M-2025-000123';

const expected = {
  en: {
    greeting: 'Dear Sir or Madam,',
    rows: [
      `Invoice number: ${NUMBER}`,
      'Operator (ICAO): DLH',
      'Billing period: 1 May 2025 – 31 May 2025',
      'Total: €1,234,567.89',
      'Due date: 30 June 2025',
    ],
    total: '€1,234,567.89',
    smsTotal: '€1,234,567.89',
    due: '30 June 2025',
    smsDue: '30 Jun 2025',
    payment: `quoting invoice number ${NUMBER} as the payment reference`,
    subject: {
      INVOICE_ISSUED: `Invoice ${NUMBER} for DLH – due 30 June 2025`,
      INVOICE_OVERDUE: `Payment overdue: invoice ${NUMBER} (DLH)`,
    },
  },
  fr: {
    greeting: 'Madame, Monsieur,',
    rows: [
      `Numéro de facture : ${NUMBER}`,
      'Exploitant (code OACI) : DLH',
      'Période de facturation : du 1er mai 2025 au 31 mai 2025',
      `Montant total : 1${NNBSP}234${NNBSP}567,89${NBSP}€`,
      "Date d'échéance : 30 juin 2025",
    ],
    total: `1${NNBSP}234${NNBSP}567,89${NBSP}€`,
    smsTotal: '1 234 567,89 €',
    due: '30 juin 2025',
    smsDue: '30/06/2025',
    payment: `en indiquant le numéro de facture ${NUMBER} comme référence de paiement`,
    subject: {
      INVOICE_ISSUED: `Facture n° ${NUMBER} (DLH) – à régler au plus tard le 30 juin 2025`,
      INVOICE_OVERDUE: `Relance : facture n° ${NUMBER} (DLH) impayée`,
    },
  },
  de: {
    greeting: 'Sehr geehrte Damen und Herren,',
    rows: [
      `Rechnungsnummer: ${NUMBER}`,
      'Luftfahrzeugbetreiber (ICAO): DLH',
      'Abrechnungszeitraum: 1. Mai 2025 – 31. Mai 2025',
      `Gesamtbetrag: 1.234.567,89${NBSP}€`,
      'Fällig am: 30. Juni 2025',
    ],
    total: `1.234.567,89${NBSP}€`,
    smsTotal: '1.234.567,89 €',
    due: '30. Juni 2025',
    smsDue: '30.06.2025',
    payment: `geben Sie als Verwendungszweck die Rechnungsnummer ${NUMBER} an`,
    subject: {
      INVOICE_ISSUED: `Rechnung Nr. ${NUMBER} (DLH) – fällig am 30. Juni 2025`,
      INVOICE_OVERDUE: `Zahlungserinnerung: Rechnung Nr. ${NUMBER} (DLH)`,
    },
  },
} satisfies Record<Language, unknown>;

const nextStep: Record<InvoiceMessageKind, Record<Language, string>> = {
  INVOICE_ISSUED: {
    en: 'Please pay €1,234,567.89 by 30 June 2025',
    fr: `Nous vous remercions de bien vouloir régler la somme de 1${NNBSP}234${NNBSP}567,89${NBSP}€ au plus tard le 30 juin 2025`,
    de: `Bitte überweisen Sie den Betrag von 1.234.567,89${NBSP}€ bis zum 30. Juni 2025`,
  },
  INVOICE_OVERDUE: {
    en: 'Please pay the outstanding amount of €1,234,567.89 without delay',
    fr: `régler le montant restant dû de 1${NNBSP}234${NNBSP}567,89${NBSP}€ dans les meilleurs délais`,
    de: `Bitte überweisen Sie den offenen Betrag von 1.234.567,89${NBSP}€ umgehend`,
  },
};

const eventFor = (kind: InvoiceMessageKind, overrides: Partial<InvoiceEvent> = {}) =>
  invoiceEvent({
    type: kind === 'INVOICE_ISSUED' ? 'ISSUED' : 'OVERDUE',
    status: kind === 'INVOICE_ISSUED' ? 'ISSUED' : 'OVERDUE',
    ...overrides,
  });

const rowValue = (row: string) => row.slice(row.lastIndexOf(': ') + 2);

describe.each(languages)('invoice messages in %s', (language) => {
  const x = expected[language];

  describe.each(invoiceMessageKinds)('%s', (kind) => {
    const m = renderInvoiceMessage(eventFor(kind), kind, language);

    it('names the invoice in the subject', () => {
      expect(m.language).toBe(language);
      expect(m.subject).toBe(x.subject[kind]);
    });

    it('greets formally and gives every detail, formatted', () => {
      expect(m.text.startsWith(`${x.greeting}\n\n`)).toBe(true);
      for (const row of x.rows) {
        expect(m.text).toContain(`\n${row}\n`);
        expect(m.html).toContain(`>${rowValue(row)}</td>`);
      }
    });

    it('asks for payment of the amount by the due date, quoting the invoice number', () => {
      expect(m.text).toContain(nextStep[kind][language]);
      expect(m.text).toContain(x.payment);
    });

    it('gives number, amount and due date in the SMS, in plain spaces', () => {
      expect(m.sms).toContain(NUMBER);
      expect(m.sms).toContain(x.smsTotal);
      expect(m.sms).toContain(x.smsDue);
      expect(m.sms).not.toMatch(/[\u00a0\u202f]/);
    });
  });
});

describe('an invoice without a number yet', () => {
  const event = eventFor('INVOICE_OVERDUE', { invoiceNumber: null });

  it.each([
    ['en', 'Invoice ID: 6f1d2c3b-8a9e-4b7c-a1d2-e3f4a5b6c7d8', 'invoice ID 6f1d2c3b'],
    [
      'fr',
      'Identifiant de facture : 6f1d2c3b-8a9e-4b7c-a1d2-e3f4a5b6c7d8',
      "l'identifiant de facture 6f1d2c3b",
    ],
    ['de', 'Rechnungs-ID: 6f1d2c3b-8a9e-4b7c-a1d2-e3f4a5b6c7d8', 'die Rechnungs-ID 6f1d2c3b'],
  ] as const)('is named by its invoiceId in %s', (language, row, payment) => {
    const m = renderInvoiceMessage(event, 'INVOICE_OVERDUE', language);
    expect(m.text).toContain(`\n${row}\n`);
    expect(m.text).toContain(payment);
    expect(m.subject).toContain('6f1d2c3b-8a9e-4b7c-a1d2-e3f4a5b6c7d8');
    expect(m.sms).toContain('6f1d2c3b-8a9e-4b7c-a1d2-e3f4a5b6c7d8');
  });
});

describe('a partly paid invoice', () => {
  const event = eventFor('INVOICE_OVERDUE', {
    amountPaid: { amountMinor: 100_000_000, currency: 'EUR' },
  });

  it('shows what was paid and asks for what is outstanding', () => {
    const m = renderInvoiceMessage(event, 'INVOICE_OVERDUE', 'en');
    expect(m.text).toContain('\nAmount paid: €1,000,000.00\n');
    expect(m.text).toContain('\nAmount outstanding: €234,567.89\n');
    expect(m.text).toContain('Please pay the outstanding amount of €234,567.89 without delay');
    expect(m.sms).toContain('Amount outstanding: €234,567.89.');
  });

  it('in German too', () => {
    const m = renderInvoiceMessage(event, 'INVOICE_OVERDUE', 'de');
    expect(m.text).toContain(`\nBereits gezahlt: 1.000.000,00${NBSP}€\n`);
    expect(m.text).toContain(`\nOffener Betrag: 234.567,89${NBSP}€\n`);
  });
});

describe('a credit note', () => {
  const event = invoiceEvent({
    type: 'CREDIT_NOTE_ISSUED',
    documentType: 'CREDIT_NOTE',
    invoiceNumber: 'OVF-CN-2025-000004',
    series: 'OVF-CN',
    total: { amountMinor: -123_456, currency: 'EUR' },
    dueDate: null,
  });

  it.each([
    [
      'en',
      'Credit note OVF-CN-2025-000004 for DLH',
      'Total: -€1,234.56',
      'No payment is required.',
    ],
    [
      'fr',
      'Avoir n° OVF-CN-2025-000004 (DLH)',
      `Montant total : -1${NNBSP}234,56${NBSP}€`,
      "Aucun paiement n'est à effectuer.",
    ],
    [
      'de',
      'Gutschrift Nr. OVF-CN-2025-000004 (DLH)',
      `Gesamtbetrag: -1.234,56${NBSP}€`,
      'Eine Zahlung ist nicht erforderlich.',
    ],
  ] as const)('is no request to pay, in %s', (language, subject, total, noPayment) => {
    const m = renderInvoiceMessage(event, 'INVOICE_ISSUED', language);
    expect(m.subject).toBe(subject);
    expect(m.text).toContain(`\n${total}\n`);
    expect(m.text).toContain(noPayment);
    expect(m.sms).toContain('OVF-CN-2025-000004');
  });
});

describe('dates', () => {
  it('shows the last day of the period, the end being exclusive', () => {
    const week = invoiceEvent({
      billingCycle: 'WEEKLY',
      periodStart: Date.parse('2025-06-02T00:00:00Z'),
      periodEnd: Date.parse('2025-06-09T00:00:00Z'),
    });
    const m = renderInvoiceMessage(week, 'INVOICE_ISSUED', 'en');
    expect(m.text).toContain('\nBilling period: 2 June 2025 – 8 June 2025\n');
  });

  it('reads the due date as days since 1970-01-01', () => {
    expect(epochDay('2025-07-01')).toBe(20_270);
    const m = renderInvoiceMessage(invoiceEvent({ dueDate: 20_270 }), 'INVOICE_ISSUED', 'fr');
    expect(m.text).toContain("\nDate d'échéance : 1er juillet 2025\n");
    expect(m.sms).toContain('01/07/2025');
  });

  it('leaves out a due date the event does not give', () => {
    const m = renderInvoiceMessage(invoiceEvent({ dueDate: null }), 'INVOICE_ISSUED', 'en');
    expect(m.subject).toBe(`Invoice ${NUMBER} for DLH`);
    expect(m.text).not.toContain('Due date');
    expect(m.text).toContain(`Please pay €1,234,567.89, quoting invoice number ${NUMBER}`);
  });
});

describe('the invoice message view', () => {
  it('computes the outstanding amount and reads the dates', () => {
    const view: InvoiceMessage = invoiceMessageFrom(
      invoiceEvent({ amountPaid: { amountMinor: 100_000_000, currency: 'EUR' } }),
      'INVOICE_OVERDUE',
    );
    expect(view).toEqual({
      kind: 'INVOICE_OVERDUE',
      reference: NUMBER,
      referenceIsId: false,
      documentType: 'INVOICE',
      operatorIcao: 'DLH',
      total: { amountMinor: 123_456_789, currency: 'EUR' },
      amountPaid: { amountMinor: 100_000_000, currency: 'EUR' },
      outstanding: { amountMinor: 23_456_789, currency: 'EUR' },
      dueDate: Date.parse('2025-06-30T00:00:00Z'),
      periodStart: Date.parse('2025-05-01T00:00:00Z'),
      periodEnd: Date.parse('2025-06-01T00:00:00Z'),
    });
  });

  it('knows no outstanding amount across currencies', () => {
    const view = invoiceMessageFrom(
      invoiceEvent({ amountPaid: { amountMinor: 1_000, currency: 'CHF' } }),
      'INVOICE_OVERDUE',
    );
    expect(view.outstanding).toBeNull();
  });

  it('accepts only its two kinds', () => {
    expect(invoiceMessageKinds.every(isInvoiceMessageKind)).toBe(true);
    expect(isInvoiceMessageKind('CREDIT_NOTE_ISSUED')).toBe(false);
  });
});
