// The typed shape every language's strings must fill: a missing or misspelt entry in en.ts,
// fr.ts or de.ts is a compile error. Values reach the templates already formatted for the
// medium (e-mail or SMS), so a language only chooses words and word order.
import type { InvoiceMessageKind, PassengerMessageKind } from './kinds.js';
import type { Language } from './language.js';

/** How a language writes dates, times and durations. */
interface Formats {
  /** Intl locale for numbers and money (`en-GB`, `fr-FR`, `de-DE`). */
  locale: string;
  /** Long UTC date: `14 June 2025`, `1er juin 2025`, `14. Juni 2025`. */
  date(ms: number): string;
  /** Long UTC date and time, naming UTC: `14 June 2025 at 18:05 UTC`. */
  dateTime(ms: number): string;
  /** Short UTC date in the GSM 7-bit alphabet, for SMS: `14 Jun 2025`, `14/06/2025`. */
  smsDate(ms: number): string;
  /** Short UTC date and time for SMS: `14 Jun 2025 18:05 UTC`. */
  smsDateTime(ms: number): string;
  /** A delay in minutes: `4 h 10 min`, `4 Std. 10 Min.`. */
  duration(minutes: number): string;
  /** Between a label and its value in plain text: `: `, or ` : ` in French. */
  colon: string;
}

/** The words of one message: the layout adds greeting, details, closing, HTML. */
export interface Wording {
  subject: string;
  /** Paragraphs before the details (what happened). */
  intro: string[];
  /** Paragraphs after the details (what to do next, naming the reference). */
  next: string[];
}

interface Template<F> {
  email(facts: F): Wording;
  sms(facts: F): string;
}

/** A passenger message's values, formatted for the medium. */
export interface PassengerFacts {
  bookingRef: string;
  /** The flight designator (`LH400`), or the scheduleId as is when it could not be read. */
  flight: string;
  /** The flight's date; null when the scheduleId could not be read. */
  date: string | null;
  departureAirport: string | null;
  /** Expected or actual delay at the final destination. */
  delay: string | null;
  /** True when compensation under Art. 7 is owed. */
  eligible: boolean;
  /** The compensation owed, from the event; null when none is owed or it has no amount. */
  compensation: string | null;
  /** Distance used for the EU261 band. */
  distance: string | null;
  rebooking: {
    flight: string;
    from: string;
    to: string;
    departure: string;
    arrival: string;
  } | null;
}

/** An invoice message's values, formatted for the medium. */
export interface InvoiceFacts {
  /** The invoice number, or the invoiceId when it has none yet. */
  reference: string;
  referenceIsId: boolean;
  creditNote: boolean;
  operator: string;
  total: string;
  /** Cumulative amount paid; null when the event gives none. */
  paid: string | null;
  /** Total less paid; null when nothing paid is known. */
  outstanding: string | null;
  /** What is asked for: the outstanding amount when known, else the total. */
  toPay: string;
  dueDate: string | null;
  /** First and last day of the billing period (the end in the event is exclusive). */
  periodFrom: string;
  periodTo: string;
}

interface PassengerLabels {
  bookingRef: string;
  flight: string;
  flightDate: string;
  departureAirport: string;
  delay: string;
  compensation: string;
  proposedFlight: string;
  from: string;
  to: string;
  departure: string;
  arrival: string;
}

interface InvoiceLabels {
  /** `Invoice number`, `Invoice ID`, `Credit note number`… */
  reference(facts: InvoiceFacts): string;
  operator: string;
  period: string;
  /** The period as a value: `1 May 2025 – 31 May 2025`. */
  periodValue(from: string, to: string): string;
  total: string;
  paid: string;
  outstanding: string;
  dueDate: string;
}

export interface Strings {
  language: Language;
  formats: Formats;
  passenger: {
    greeting: string;
    /** Paragraphs after the message; a `\n` inside one is a line break. */
    closing: string[];
    labels: PassengerLabels;
    kinds: Record<PassengerMessageKind, Template<PassengerFacts>>;
  };
  invoice: {
    greeting: string;
    closing: string[];
    labels: InvoiceLabels;
    kinds: Record<InvoiceMessageKind, Template<InvoiceFacts>>;
  };
}
