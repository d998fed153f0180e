import { hoursMinutes, joinParts, utcDate, utcTime } from './format.js';
import type { InvoiceFacts, PassengerFacts, Strings } from './strings.js';

const LOCALE = 'en-GB';
const longDate = utcDate(LOCALE, { day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = utcDate(LOCALE, { day: 'numeric', month: 'short', year: 'numeric' });

const REGULATION = 'Regulation (EC) No 261/2004';

/** `LH400 on 14 June 2025`, or the scheduleId alone. */
const flightOn = (f: PassengerFacts) => (f.date ? `${f.flight} on ${f.date}` : f.flight);

const contact = (f: PassengerFacts) =>
  `please contact our customer service, quoting your booking reference ${f.bookingRef}`;

/** What the compensation is based on, as a sentence (empty when nothing is known). */
function basis(f: PassengerFacts): string {
  const parts = [
    f.distance && `a flight distance of ${f.distance}`,
    f.delay && `a delay of ${f.delay} on arrival at your final destination`,
  ].filter((p): p is string => Boolean(p));
  return parts.length === 0 ? '' : ` This amount is based on ${parts.join(' and ')}.`;
}

/** The compensation owed, in a message about something else. */
const compensation = (f: PassengerFacts): string[] =>
  f.compensation === null
    ? []
    : [
        `In addition, under ${REGULATION} you are entitled to compensation of ${f.compensation}.${basis(f)} ` +
          `You can claim it from our customer service, quoting your booking reference ${f.bookingRef}.`,
      ];

const invoiceNoun = (f: InvoiceFacts) => (f.creditNote ? 'credit note' : 'invoice');

/** `invoice OVF-M-2025-000123`, `invoice with ID 3f…`. */
const document = (f: InvoiceFacts) =>
  f.referenceIsId ? `${invoiceNoun(f)} with ID ${f.reference}` : `${invoiceNoun(f)} ${f.reference}`;

const title = (f: InvoiceFacts) => {
  const text = document(f);
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** `invoice number OVF-M-2025-000123`, `invoice ID 3f…`. */
const paymentReference = (f: InvoiceFacts) =>
  `${invoiceNoun(f)} ${f.referenceIsId ? 'ID' : 'number'} ${f.reference}`;

export const en: Strings = {
  language: 'en',
  formats: {
    locale: LOCALE,
    date: (ms) => joinParts(longDate(ms)),
    dateTime: (ms) => `${joinParts(longDate(ms))} at ${utcTime(ms)} UTC`,
    smsDate: (ms) => joinParts(shortDate(ms)),
    smsDateTime: (ms) => `${joinParts(shortDate(ms))} ${utcTime(ms)} UTC`,
    duration: (total) => {
      const { hours, minutes } = hoursMinutes(total);
      if (hours === 0) return `${minutes} min`;
      return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
    },
    colon: ': ',
  },

  passenger: {
    greeting: 'Dear passenger,',
    closing: ['We apologise for the inconvenience.', 'Kind regards,\nCustomer Service'],
    labels: {
      bookingRef: 'Booking reference',
      flight: 'Flight',
      flightDate: 'Flight date',
      departureAirport: 'Departure airport',
      delay: 'Estimated delay at final destination',
      compensation: 'Compensation',
      proposedFlight: 'Proposed flight',
      from: 'From',
      to: 'To',
      departure: 'Departure',
      arrival: 'Arrival',
    },
    kinds: {
      REBOOKING_PROPOSED: {
        email: (f) => ({
          subject: `Flight ${flightOn(f)}: alternative flight proposed`,
          intro: [
            f.rebooking
              ? `Your flight ${flightOn(f)} is disrupted. We propose the alternative flight shown below.`
              : `Your flight ${flightOn(f)} is disrupted and we would like to rebook you on another flight.`,
            ...compensation(f),
          ],
          next: [
            f.rebooking
              ? `To accept this flight, or if it does not suit you, ${contact(f)}.`
              : `To arrange your new flight, ${contact(f)}.`,
          ],
        }),
        sms: (f) =>
          f.rebooking
            ? `Flight ${flightOn(f)} is disrupted. Proposed alternative: ${f.rebooking.flight} ` +
              `${f.rebooking.from}-${f.rebooking.to}, dep ${f.rebooking.departure}, arr ${f.rebooking.arrival}. ` +
              `To accept it or ask for other options, contact customer service with booking ref ${f.bookingRef}.`
            : `Flight ${flightOn(f)} is disrupted. To arrange an alternative flight, ` +
              `contact customer service with booking ref ${f.bookingRef}.`,
      },
      REFUND_OFFERED: {
        email: (f) => ({
          subject: `Flight ${flightOn(f)}: refund of your ticket`,
          intro: [
            `Your flight ${flightOn(f)} is disrupted and unfortunately we cannot offer you an ` +
              'alternative flight at present. We are offering you a refund of the full cost of your ' +
              'ticket for the part of your journey not made.',
            ...compensation(f),
          ],
          next: [`To request your refund, ${contact(f)}.`],
        }),
        sms: (f) =>
          `Flight ${flightOn(f)} is disrupted and no alternative flight is available. You can have ` +
          `your ticket refunded: contact customer service with booking ref ${f.bookingRef}.`,
      },
      CARE_OFFERED: {
        email: (f) => ({
          subject: `Flight ${flightOn(f)}: care while you wait`,
          intro: [
            `Your flight ${flightOn(f)} is disrupted. While you wait, you are entitled to meals and ` +
              'refreshments in reasonable relation to the waiting time and, if an overnight stay ' +
              'becomes necessary, hotel accommodation and transport between the airport and the ' +
              `hotel (Article 9 of ${REGULATION}).`,
            ...compensation(f),
          ],
          next: [
            'Please go to our service desk at the airport, quoting your booking reference ' +
              `${f.bookingRef}. Keep the receipts for any expenses.`,
          ],
        }),
        sms: (f) =>
          `Flight ${flightOn(f)} is disrupted. While you wait, you are entitled to meals and ` +
          'refreshments, and a hotel if you must stay overnight. Ask at our airport service desk, ' +
          `booking ref ${f.bookingRef}.`,
      },
      CONNECTION_AT_RISK: {
        email: (f) => ({
          subject: `Flight ${flightOn(f)}: your connection is at risk`,
          intro: [
            `Because of a delay to your flight ${flightOn(f)}, your connection is at risk: you may ` +
              'have very little time to change planes.',
            ...compensation(f),
          ],
          next: [
            'On arrival, please go straight to the departure gate of your connecting flight. If you ' +
              'miss your connection, do not buy a new ticket: go to the transfer desk, quoting your ' +
              `booking reference ${f.bookingRef}, and we will rebook you.`,
          ],
        }),
        sms: (f) =>
          `Flight ${flightOn(f)} is delayed and your connection is at risk. On arrival go straight ` +
          'to your connecting gate. If you miss it, do not buy a new ticket: go to the transfer ' +
          `desk with booking ref ${f.bookingRef}.`,
      },
      COMPENSATION_ASSESSED: {
        email: (f) => {
          const assessed = `We have assessed the disruption to your flight ${flightOn(f)}.`;
          if (f.compensation !== null)
            return {
              subject: `Flight ${flightOn(f)}: compensation of ${f.compensation}`,
              intro: [
                `${assessed} Under ${REGULATION}, you are entitled to compensation of ${f.compensation}.${basis(f)}`,
              ],
              next: [`To receive the payment, ${contact(f)}.`],
            };
          if (f.eligible)
            return {
              subject: `Flight ${flightOn(f)}: your right to compensation`,
              intro: [`${assessed} Under ${REGULATION}, you are entitled to compensation.`],
              next: [`To claim it, ${contact(f)}.`],
            };
          return {
            subject: `Flight ${flightOn(f)}: compensation assessment`,
            intro: [
              `${assessed} On the information available to us, no compensation is due under ${REGULATION}.`,
            ],
            next: [`If you believe this assessment is wrong, ${contact(f)}.`],
          };
        },
        sms: (f) => {
          if (f.compensation !== null)
            return (
              `Flight ${flightOn(f)}: you are entitled to compensation of ${f.compensation} under ` +
              `${REGULATION}. To claim it, contact customer service with booking ref ${f.bookingRef}.`
            );
          if (f.eligible)
            return (
              `Flight ${flightOn(f)}: you are entitled to compensation under ${REGULATION}. ` +
              `To claim it, contact customer service with booking ref ${f.bookingRef}.`
            );
          return (
            `Flight ${flightOn(f)}: on the information available, no compensation is due. If you ` +
            `disagree, contact customer service with booking ref ${f.bookingRef}.`
          );
        },
      },
    },
  },

  invoice: {
    greeting: 'Dear Sir or Madam,',
    closing: ['Kind regards,\nBilling Department'],
    labels: {
      reference: (f) =>
        `${f.creditNote ? 'Credit note' : 'Invoice'} ${f.referenceIsId ? 'ID' : 'number'}`,
      operator: 'Operator (ICAO)',
      period: 'Billing period',
      periodValue: (from, to) => `${from} – ${to}`,
      total: 'Total',
      paid: 'Amount paid',
      outstanding: 'Amount outstanding',
      dueDate: 'Due date',
    },
    kinds: {
      INVOICE_ISSUED: {
        email: (f) => ({
          subject:
            `${title(f)} for ${f.operator}` +
            (!f.creditNote && f.dueDate ? ` – due ${f.dueDate}` : ''),
          intro: [
            `We have issued ${document(f)} to ${f.operator} for the billing period ` +
              `${f.periodFrom} to ${f.periodTo}.`,
          ],
          next: f.creditNote
            ? [`No payment is required. Please quote ${paymentReference(f)} in any correspondence.`]
            : [
                `Please pay ${f.toPay}${f.dueDate ? ` by ${f.dueDate}` : ''}, quoting ` +
                  `${paymentReference(f)} as the payment reference.`,
              ],
        }),
        sms: (f) =>
          f.creditNote
            ? `Credit note ${f.reference} for ${f.operator} issued: ${f.total}. No payment is required.`
            : `Invoice ${f.reference} for ${f.operator} issued: ${f.toPay}` +
              `${f.dueDate ? `, due ${f.dueDate}` : ''}. Please pay quoting ${f.reference}.`,
      },
      INVOICE_OVERDUE: {
        email: (f) => ({
          subject: `Payment overdue: ${document(f)} (${f.operator})`,
          intro: [
            `According to our records, ${document(f)} to ${f.operator}` +
              `${f.dueDate ? `, due on ${f.dueDate},` : ''} has not been paid in full.`,
          ],
          next: [
            `Please pay the outstanding amount of ${f.toPay} without delay, quoting ` +
              `${paymentReference(f)} as the payment reference. If you have already paid, please ` +
              'disregard this reminder.',
          ],
        }),
        sms: (f) =>
          `Payment reminder: invoice ${f.reference} (${f.operator})` +
          `${f.dueDate ? `, due ${f.dueDate},` : ''} is overdue. Amount outstanding: ${f.toPay}. ` +
          `Please pay now quoting ${f.reference}.`,
      },
    },
  },
};
