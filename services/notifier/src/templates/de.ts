import { hoursMinutes, joinParts, utcDate, utcTime } from './format.js';
import type { InvoiceFacts, PassengerFacts, Strings } from './strings.js';

// After the salutation's comma a German letter goes on in lower case ("wir haben …"), unless
// the first word is a noun or the polite "Ihr"/"Sie".

const LOCALE = 'de-DE';
const longDate = utcDate(LOCALE, { day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = utcDate(LOCALE, { day: '2-digit', month: '2-digit', year: 'numeric' });

const REGULATION = 'Verordnung (EG) Nr. 261/2004';

/** `LH400 am 14. Juni 2025`, or the scheduleId alone. */
const flightOn = (f: PassengerFacts) => (f.date ? `${f.flight} am ${f.date}` : f.flight);

const contact = (f: PassengerFacts) =>
  `wenden Sie sich bitte unter Angabe Ihrer Buchungsreferenz ${f.bookingRef} an unseren Kundenservice`;

function basis(f: PassengerFacts): string {
  const parts = [
    f.distance && `eine Flugstrecke von ${f.distance}`,
    f.delay && `eine Verspätung von ${f.delay} bei Ankunft am Endziel`,
  ].filter((p): p is string => Boolean(p));
  if (parts.length === 0) return '';
  return ` Grundlage ${parts.length === 1 ? 'ist' : 'sind'} ${parts.join(' und ')}.`;
}

const compensation = (f: PassengerFacts): string[] =>
  f.compensation === null
    ? []
    : [
        `Darüber hinaus steht Ihnen nach der ${REGULATION} eine Ausgleichszahlung in Höhe von ` +
          `${f.compensation} zu.${basis(f)} Sie können diese unter Angabe Ihrer Buchungsreferenz ` +
          `${f.bookingRef} bei unserem Kundenservice beantragen.`,
      ];

/** Rechnung and Gutschrift are both feminine. */
const noun = (f: InvoiceFacts) => (f.creditNote ? 'Gutschrift' : 'Rechnung');

/** `Rechnung Nr. OVF-M-2025-000123`, `Rechnung (ID 3f…)`. */
const title = (f: InvoiceFacts) =>
  f.referenceIsId ? `${noun(f)} (ID ${f.reference})` : `${noun(f)} Nr. ${f.reference}`;

/** `die Rechnungsnummer OVF-…`, `die Rechnungs-ID 3f…`. */
const paymentReference = (f: InvoiceFacts) =>
  `die ${noun(f)}s${f.referenceIsId ? '-ID' : 'nummer'} ${f.reference}`;

export const de: Strings = {
  language: 'de',
  formats: {
    locale: LOCALE,
    date: (ms) => joinParts(longDate(ms)),
    dateTime: (ms) => `${joinParts(longDate(ms))} um ${utcTime(ms)} UTC`,
    smsDate: (ms) => joinParts(shortDate(ms)),
    smsDateTime: (ms) => `${joinParts(shortDate(ms))} ${utcTime(ms)} UTC`,
    duration: (total) => {
      const { hours, minutes } = hoursMinutes(total);
      if (hours === 0) return `${minutes} Min.`;
      return minutes === 0 ? `${hours} Std.` : `${hours} Std. ${minutes} Min.`;
    },
    colon: ': ',
  },

  passenger: {
    greeting: 'Sehr geehrter Fluggast,',
    closing: [
      'Wir bitten Sie, die entstandenen Unannehmlichkeiten zu entschuldigen.',
      'Mit freundlichen Grüßen\nIhr Kundenservice',
    ],
    labels: {
      bookingRef: 'Buchungsreferenz',
      flight: 'Flug',
      flightDate: 'Flugdatum',
      departureAirport: 'Abflughafen',
      delay: 'Voraussichtliche Verspätung am Endziel',
      compensation: 'Ausgleichszahlung',
      proposedFlight: 'Ersatzflug',
      from: 'Von',
      to: 'Nach',
      departure: 'Abflug',
      arrival: 'Ankunft',
    },
    kinds: {
      REBOOKING_PROPOSED: {
        email: (f) => ({
          subject: `Flug ${flightOn(f)}: Vorschlag für einen Ersatzflug`,
          intro: [
            f.rebooking
              ? `Ihr Flug ${flightOn(f)} ist von einer Störung betroffen. Wir bieten Ihnen den unten ` +
                'aufgeführten Ersatzflug an.'
              : `Ihr Flug ${flightOn(f)} ist von einer Störung betroffen. Wir möchten Sie gern auf ` +
                'einen anderen Flug umbuchen.',
            ...compensation(f),
          ],
          next: [
            f.rebooking
              ? `Wenn Sie diesen Flug annehmen möchten oder er Ihnen nicht zusagt, ${contact(f)}.`
              : `Um Ihren neuen Flug zu vereinbaren, ${contact(f)}.`,
          ],
        }),
        sms: (f) =>
          f.rebooking
            ? `Störung bei Flug ${flightOn(f)}. Ersatzflug: ${f.rebooking.flight} ` +
              `${f.rebooking.from}-${f.rebooking.to}, Abflug ${f.rebooking.departure}, Ankunft ` +
              `${f.rebooking.arrival}. Zur Annahme oder für andere Optionen wenden Sie sich bitte an ` +
              `den Kundenservice, Buchungsreferenz ${f.bookingRef}.`
            : `Störung bei Flug ${flightOn(f)}. Für einen Ersatzflug wenden Sie sich bitte an den ` +
              `Kundenservice, Buchungsreferenz ${f.bookingRef}.`,
      },
      REFUND_OFFERED: {
        email: (f) => ({
          subject: `Flug ${flightOn(f)}: Erstattung Ihres Flugscheins`,
          intro: [
            `Ihr Flug ${flightOn(f)} ist von einer Störung betroffen, und wir können Ihnen derzeit ` +
              'leider keinen Ersatzflug anbieten. Wir bieten Ihnen die Erstattung der vollständigen ' +
              'Flugscheinkosten für die nicht zurückgelegten Teile Ihrer Reise an.',
            ...compensation(f),
          ],
          next: [`Um die Erstattung zu beantragen, ${contact(f)}.`],
        }),
        sms: (f) =>
          `Störung bei Flug ${flightOn(f)}, derzeit kein Ersatzflug verfügbar. Sie können die ` +
          'Erstattung Ihres Flugscheins beantragen. Wenden Sie sich dazu bitte an den ' +
          `Kundenservice, Buchungsreferenz ${f.bookingRef}.`,
      },
      CARE_OFFERED: {
        email: (f) => ({
          subject: `Flug ${flightOn(f)}: Betreuung während der Wartezeit`,
          intro: [
            `Ihr Flug ${flightOn(f)} ist von einer Störung betroffen. Sie haben Anspruch auf ` +
              'Mahlzeiten und Erfrischungen in angemessenem Verhältnis zur Wartezeit sowie, falls ' +
              'eine Übernachtung notwendig wird, auf eine Hotelunterbringung und die Beförderung ' +
              `zwischen Flughafen und Hotel (Artikel 9 der ${REGULATION}).`,
            ...compensation(f),
          ],
          next: [
            `Bitte wenden Sie sich unter Angabe Ihrer Buchungsreferenz ${f.bookingRef} an unseren ` +
              'Serviceschalter am Flughafen. Bewahren Sie die Belege für etwaige Ausgaben bitte auf.',
          ],
        }),
        sms: (f) =>
          `Störung bei Flug ${flightOn(f)}. Während der Wartezeit haben Sie Anspruch auf ` +
          'Mahlzeiten und Getränke sowie ein Hotel, falls eine Übernachtung nötig ist. Bitte ' +
          `wenden Sie sich an unseren Serviceschalter am Flughafen, Buchungsreferenz ${f.bookingRef}.`,
      },
      CONNECTION_AT_RISK: {
        email: (f) => ({
          subject: `Flug ${flightOn(f)}: Ihr Anschlussflug ist gefährdet`,
          intro: [
            `aufgrund einer Verspätung Ihres Fluges ${flightOn(f)} ist Ihr Anschlussflug gefährdet: ` +
              'Möglicherweise bleibt Ihnen nur sehr wenig Zeit zum Umsteigen.',
            ...compensation(f),
          ],
          next: [
            'Bitte gehen Sie nach der Landung direkt zum Flugsteig Ihres Anschlussfluges. Sollten ' +
              'Sie den Anschluss verpassen, kaufen Sie bitte kein neues Ticket: Wenden Sie sich unter ' +
              `Angabe Ihrer Buchungsreferenz ${f.bookingRef} an den Transferschalter, wir buchen Sie ` +
              'dann auf einen anderen Flug um.',
          ],
        }),
        sms: (f) =>
          `Flug ${flightOn(f)} verspätet: Ihr Anschluss ist gefährdet. Gehen Sie nach der Landung ` +
          'direkt zum Flugsteig. Bei verpasstem Anschluss kein neues Ticket kaufen, sondern an ' +
          `den Transferschalter wenden, Buchungsreferenz ${f.bookingRef}.`,
      },
      COMPENSATION_ASSESSED: {
        email: (f) => {
          const assessed = `wir haben die Störung Ihres Fluges ${flightOn(f)} geprüft.`;
          if (f.compensation !== null)
            return {
              subject: `Flug ${flightOn(f)}: Ausgleichszahlung von ${f.compensation}`,
              intro: [
                `${assessed} Nach der ${REGULATION} steht Ihnen eine Ausgleichszahlung in Höhe ` +
                  `von ${f.compensation} zu.${basis(f)}`,
              ],
              next: [`Um die Zahlung zu erhalten, ${contact(f)}.`],
            };
          if (f.eligible)
            return {
              subject: `Flug ${flightOn(f)}: Anspruch auf Ausgleichszahlung`,
              intro: [`${assessed} Nach der ${REGULATION} steht Ihnen eine Ausgleichszahlung zu.`],
              next: [`Um sie zu beantragen, ${contact(f)}.`],
            };
          return {
            subject: `Flug ${flightOn(f)}: Prüfung Ihres Anspruchs auf Ausgleichszahlung`,
            intro: [
              `${assessed} Nach den uns vorliegenden Informationen besteht kein Anspruch auf eine ` +
                `Ausgleichszahlung nach der ${REGULATION}.`,
            ],
            next: [`Sollten Sie anderer Auffassung sein, ${contact(f)}.`],
          };
        },
        sms: (f) => {
          if (f.compensation !== null)
            return (
              `Flug ${flightOn(f)}: Ihnen steht eine Ausgleichszahlung von ${f.compensation} nach ` +
              `der ${REGULATION} zu. Bitte wenden Sie sich an den Kundenservice, ` +
              `Buchungsreferenz ${f.bookingRef}.`
            );
          if (f.eligible)
            return (
              `Flug ${flightOn(f)}: Ihnen steht eine Ausgleichszahlung nach der ${REGULATION} zu. ` +
              `Bitte wenden Sie sich an den Kundenservice, Buchungsreferenz ${f.bookingRef}.`
            );
          return (
            `Flug ${flightOn(f)}: Nach unserer Prüfung besteht kein Anspruch auf eine ` +
            'Ausgleichszahlung. Bei Rückfragen wenden Sie sich bitte an den Kundenservice, ' +
            `Buchungsreferenz ${f.bookingRef}.`
          );
        },
      },
    },
  },

  invoice: {
    greeting: 'Sehr geehrte Damen und Herren,',
    closing: ['Mit freundlichen Grüßen\nIhre Buchhaltung'],
    labels: {
      reference: (f) => `${noun(f)}s${f.referenceIsId ? '-ID' : 'nummer'}`,
      operator: 'Luftfahrzeugbetreiber (ICAO)',
      period: 'Abrechnungszeitraum',
      periodValue: (from, to) => `${from} – ${to}`,
      total: 'Gesamtbetrag',
      paid: 'Bereits gezahlt',
      outstanding: 'Offener Betrag',
      dueDate: 'Fällig am',
    },
    kinds: {
      INVOICE_ISSUED: {
        email: (f) => ({
          subject:
            `${title(f)} (${f.operator})` +
            (!f.creditNote && f.dueDate ? ` – fällig am ${f.dueDate}` : ''),
          intro: [
            `wir haben die ${title(f)} an ${f.operator} für den Abrechnungszeitraum vom ` +
              `${f.periodFrom} bis ${f.periodTo} ausgestellt.`,
          ],
          next: f.creditNote
            ? [
                'Eine Zahlung ist nicht erforderlich. Bitte geben Sie bei Rückfragen ' +
                  `${paymentReference(f)} an.`,
              ]
            : [
                `Bitte überweisen Sie den Betrag von ${f.toPay}` +
                  `${f.dueDate ? ` bis zum ${f.dueDate}` : ''} und geben Sie als Verwendungszweck ` +
                  `${paymentReference(f)} an.`,
              ],
        }),
        sms: (f) =>
          f.creditNote
            ? `Gutschrift ${f.reference} (${f.operator}) ausgestellt: ${f.total}. Keine Zahlung erforderlich.`
            : `Rechnung ${f.reference} (${f.operator}) ausgestellt: ${f.toPay}` +
              `${f.dueDate ? `, fällig am ${f.dueDate}` : ''}. Bitte zahlen Sie unter Angabe von ` +
              `${f.reference}.`,
      },
      INVOICE_OVERDUE: {
        email: (f) => ({
          subject: `Zahlungserinnerung: ${title(f)} (${f.operator})`,
          intro: [
            `nach unseren Unterlagen ist die${f.dueDate ? ` am ${f.dueDate} fällige` : ''} ` +
              `${title(f)} für ${f.operator} noch nicht vollständig beglichen.`,
          ],
          next: [
            `Bitte überweisen Sie den offenen Betrag von ${f.toPay} umgehend und geben Sie als ` +
              `Verwendungszweck ${paymentReference(f)} an. Sollte sich Ihre Zahlung mit diesem ` +
              'Schreiben überschnitten haben, betrachten Sie diese Erinnerung bitte als gegenstandslos.',
          ],
        }),
        sms: (f) =>
          `Zahlungserinnerung: Rechnung ${f.reference} (${f.operator})` +
          `${f.dueDate ? `, fällig am ${f.dueDate},` : ''} ist überfällig. Offener Betrag: ` +
          `${f.toPay}. Bitte umgehend unter Angabe von ${f.reference} zahlen.`,
      },
    },
  },
};
