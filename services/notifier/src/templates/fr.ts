import { hoursMinutes, joinParts, utcDate, utcTime } from './format.js';
import type { InvoiceFacts, PassengerFacts, Strings } from './strings.js';

const LOCALE = 'fr-FR';
const longDate = utcDate(LOCALE, { day: 'numeric', month: 'long', year: 'numeric' });
// Numeric in SMS: month names such as « août » fall outside the GSM 7-bit alphabet.
const shortDate = utcDate(LOCALE, { day: '2-digit', month: '2-digit', year: 'numeric' });

const REGULATION = 'règlement (CE) n° 261/2004';

/** `1er juin 2025`: French writes the first day of a month as an ordinal. */
const date = (ms: number) =>
  longDate(ms)
    .map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value))
    .join('');

/** `LH400 du 14 juin 2025`, or the scheduleId alone. */
const flightOf = (f: PassengerFacts) => (f.date ? `${f.flight} du ${f.date}` : f.flight);

const contact = (f: PassengerFacts) =>
  `veuillez contacter notre service clientèle en indiquant votre référence de réservation ${f.bookingRef}`;

function basis(f: PassengerFacts): string {
  const parts = [
    f.distance && `d'une distance de vol de ${f.distance}`,
    f.delay && `d'un retard de ${f.delay} à l'arrivée à votre destination finale`,
  ].filter((p): p is string => Boolean(p));
  return parts.length === 0 ? '' : ` Ce montant tient compte ${parts.join(' et ')}.`;
}

const compensation = (f: PassengerFacts): string[] =>
  f.compensation === null
    ? []
    : [
        `Par ailleurs, conformément au ${REGULATION}, vous avez droit à une indemnisation de ` +
          `${f.compensation}.${basis(f)} Vous pouvez la demander auprès de notre service clientèle ` +
          `en indiquant votre référence de réservation ${f.bookingRef}.`,
      ];

/** Facture is feminine, avoir masculine: articles and participles agree. */
const noun = (f: InvoiceFacts) =>
  f.creditNote
    ? { bare: 'avoir', the: "l'avoir", of: "d'avoir", e: '' }
    : { bare: 'facture', the: 'la facture', of: 'de facture', e: 'e' };

/** `la facture n° OVF-M-2025-000123`, `la facture (identifiant 3f…)`. */
const document = (f: InvoiceFacts) =>
  f.referenceIsId
    ? `${noun(f).the} (identifiant ${f.reference})`
    : `${noun(f).the} n° ${f.reference}`;

const title = (f: InvoiceFacts) => {
  const bare = noun(f).bare;
  const name = bare.charAt(0).toUpperCase() + bare.slice(1);
  return f.referenceIsId ? `${name} (identifiant ${f.reference})` : `${name} n° ${f.reference}`;
};

/** `le numéro de facture OVF-…`, `l'identifiant de facture 3f…`. */
const paymentReference = (f: InvoiceFacts) =>
  `${f.referenceIsId ? "l'identifiant" : 'le numéro'} ${noun(f).of} ${f.reference}`;

export const fr: Strings = {
  language: 'fr',
  formats: {
    locale: LOCALE,
    date,
    dateTime: (ms) => `${date(ms)} à ${utcTime(ms)} UTC`,
    smsDate: (ms) => joinParts(shortDate(ms)),
    smsDateTime: (ms) => `${joinParts(shortDate(ms))} ${utcTime(ms)} UTC`,
    duration: (total) => {
      const { hours, minutes } = hoursMinutes(total);
      if (hours === 0) return `${minutes} min`;
      return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
    },
    colon: ' : ',
  },

  passenger: {
    greeting: 'Madame, Monsieur,',
    closing: [
      'Nous vous prions de nous excuser pour la gêne occasionnée.',
      "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
      'Le service clientèle',
    ],
    labels: {
      bookingRef: 'Référence de réservation',
      flight: 'Vol',
      flightDate: 'Date du vol',
      departureAirport: 'Aéroport de départ',
      delay: "Retard estimé à l'arrivée",
      compensation: 'Indemnisation',
      proposedFlight: 'Vol proposé',
      from: 'Au départ de',
      to: 'À destination de',
      departure: 'Départ',
      arrival: 'Arrivée',
    },
    kinds: {
      REBOOKING_PROPOSED: {
        email: (f) => ({
          subject: `Vol ${flightOf(f)} : proposition de vol de remplacement`,
          intro: [
            f.rebooking
              ? `Votre vol ${flightOf(f)} est perturbé. Nous vous proposons de voyager sur le vol ` +
                'de remplacement indiqué ci-dessous.'
              : `Votre vol ${flightOf(f)} est perturbé et nous souhaitons vous proposer un autre vol.`,
            ...compensation(f),
          ],
          next: [
            f.rebooking
              ? `Pour accepter ce vol, ou s'il ne vous convient pas, ${contact(f)}.`
              : `Afin d'organiser votre nouveau vol, ${contact(f)}.`,
          ],
        }),
        sms: (f) =>
          f.rebooking
            ? `Vol ${flightOf(f)} perturbé. Vol proposé : ${f.rebooking.flight} ` +
              `${f.rebooking.from}-${f.rebooking.to}, départ ${f.rebooking.departure}, arrivée ` +
              `${f.rebooking.arrival}. Pour l'accepter ou choisir une autre option, contactez-nous, ` +
              `réf. ${f.bookingRef}.`
            : `Vol ${flightOf(f)} perturbé. Pour organiser un autre vol, contactez-nous, réf. ${f.bookingRef}.`,
      },
      REFUND_OFFERED: {
        email: (f) => ({
          subject: `Vol ${flightOf(f)} : remboursement de votre billet`,
          intro: [
            `Votre vol ${flightOf(f)} est perturbé et nous ne sommes malheureusement pas en mesure ` +
              'de vous proposer un vol de remplacement pour le moment. Nous vous proposons le ' +
              'remboursement intégral du prix de votre billet pour la partie du voyage non effectuée.',
            ...compensation(f),
          ],
          next: [`Pour demander ce remboursement, ${contact(f)}.`],
        }),
        sms: (f) =>
          `Vol ${flightOf(f)} perturbé, aucun vol de remplacement disponible. Vous pouvez obtenir ` +
          `le remboursement de votre billet : contactez-nous, réf. ${f.bookingRef}.`,
      },
      CARE_OFFERED: {
        email: (f) => ({
          subject: `Vol ${flightOf(f)} : prise en charge pendant l'attente`,
          intro: [
            `Votre vol ${flightOf(f)} est perturbé. Pendant l'attente, vous avez droit à des repas ` +
              "et des rafraîchissements en rapport avec la durée d'attente et, si une nuit sur place " +
              "devient nécessaire, à un hébergement à l'hôtel ainsi qu'au transport entre l'aéroport " +
              `et l'hôtel (article 9 du ${REGULATION}).`,
            ...compensation(f),
          ],
          next: [
            "Veuillez vous adresser à notre comptoir de service à l'aéroport en indiquant votre " +
              `référence de réservation ${f.bookingRef}. Conservez les justificatifs de vos ` +
              'éventuelles dépenses.',
          ],
        }),
        sms: (f) =>
          `Vol ${flightOf(f)} perturbé. Pendant l'attente, vous avez droit à des repas et boissons, ` +
          'et à un hébergement si une nuit sur place est nécessaire. Adressez-vous à notre comptoir ' +
          `à l'aéroport, réf. ${f.bookingRef}.`,
      },
      CONNECTION_AT_RISK: {
        email: (f) => ({
          subject: `Vol ${flightOf(f)} : votre correspondance est menacée`,
          intro: [
            `En raison du retard de votre vol ${flightOf(f)}, votre correspondance est menacée : ` +
              "vous risquez de disposer de très peu de temps pour changer d'avion.",
            ...compensation(f),
          ],
          next: [
            "Dès l'atterrissage, rendez-vous directement à la porte d'embarquement de votre vol de " +
              "correspondance. Si vous manquez votre correspondance, n'achetez pas de nouveau " +
              'billet : adressez-vous au comptoir des correspondances en indiquant votre référence ' +
              `de réservation ${f.bookingRef}, et nous vous proposerons un autre vol.`,
          ],
        }),
        sms: (f) =>
          `Vol ${flightOf(f)} retardé : votre correspondance est menacée. Dès l'arrivée, allez ` +
          "directement à la porte de votre vol suivant. Si vous la manquez, n'achetez pas de " +
          `nouveau billet : allez au comptoir des correspondances, réf. ${f.bookingRef}.`,
      },
      COMPENSATION_ASSESSED: {
        email: (f) => {
          const assessed = `Nous avons examiné la perturbation de votre vol ${flightOf(f)}.`;
          if (f.compensation !== null)
            return {
              subject: `Vol ${flightOf(f)} : indemnisation de ${f.compensation}`,
              intro: [
                `${assessed} Conformément au ${REGULATION}, vous avez droit à une indemnisation ` +
                  `de ${f.compensation}.${basis(f)}`,
              ],
              next: [`Pour recevoir ce paiement, ${contact(f)}.`],
            };
          if (f.eligible)
            return {
              subject: `Vol ${flightOf(f)} : droit à indemnisation`,
              intro: [
                `${assessed} Conformément au ${REGULATION}, vous avez droit à une indemnisation.`,
              ],
              next: [`Pour la demander, ${contact(f)}.`],
            };
          return {
            subject: `Vol ${flightOf(f)} : examen de votre droit à indemnisation`,
            intro: [
              `${assessed} Au vu des informations dont nous disposons, aucune indemnisation n'est ` +
                `due au titre du ${REGULATION}.`,
            ],
            next: [`Si vous estimez que cette évaluation est inexacte, ${contact(f)}.`],
          };
        },
        // « n° » is outside GSM-7: this SMS is UCS-2, so it keeps within 134 characters.
        sms: (f) => {
          if (f.compensation !== null)
            return (
              `Vol ${flightOf(f)} : indemnisation de ${f.compensation} (${REGULATION}). ` +
              `Contactez-nous, réf. ${f.bookingRef}.`
            );
          if (f.eligible)
            return `Vol ${flightOf(f)} : droit à indemnisation (${REGULATION}). Contactez-nous, réf. ${f.bookingRef}.`;
          return (
            `Vol ${flightOf(f)} : selon notre évaluation, aucune indemnisation n'est due. En cas ` +
            `de désaccord, contactez-nous, réf. ${f.bookingRef}.`
          );
        },
      },
    },
  },

  invoice: {
    greeting: 'Madame, Monsieur,',
    closing: [
      "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
      'Le service de facturation',
    ],
    labels: {
      reference: (f) => `${f.referenceIsId ? 'Identifiant' : 'Numéro'} ${noun(f).of}`,
      operator: 'Exploitant (code OACI)',
      period: 'Période de facturation',
      periodValue: (from, to) => `du ${from} au ${to}`,
      total: 'Montant total',
      paid: 'Montant déjà réglé',
      outstanding: 'Montant restant dû',
      dueDate: "Date d'échéance",
    },
    kinds: {
      INVOICE_ISSUED: {
        email: (f) => ({
          subject:
            `${title(f)} (${f.operator})` +
            (!f.creditNote && f.dueDate ? ` – à régler au plus tard le ${f.dueDate}` : ''),
          intro: [
            `Nous avons émis ${document(f)} à l'attention de l'exploitant ${f.operator}, pour la ` +
              `période du ${f.periodFrom} au ${f.periodTo}.`,
          ],
          next: f.creditNote
            ? [
                `Aucun paiement n'est à effectuer. Merci de rappeler ${paymentReference(f)} dans ` +
                  'toute correspondance.',
              ]
            : [
                `Nous vous remercions de bien vouloir régler la somme de ${f.toPay}` +
                  `${f.dueDate ? ` au plus tard le ${f.dueDate}` : ''}, en indiquant ` +
                  `${paymentReference(f)} comme référence de paiement.`,
              ],
        }),
        sms: (f) =>
          f.creditNote
            ? `Avoir ${f.reference} (${f.operator}) émis : ${f.total}. Aucun paiement n'est à effectuer.`
            : `Facture ${f.reference} (${f.operator}) émise : ${f.toPay}` +
              `${f.dueDate ? `, à régler au plus tard le ${f.dueDate}` : ''}. Merci d'indiquer ` +
              `${f.reference} comme référence de paiement.`,
      },
      INVOICE_OVERDUE: {
        email: (f) => ({
          subject: `Relance : ${title(f).charAt(0).toLowerCase()}${title(f).slice(1)} (${f.operator}) impayé${noun(f).e}`,
          intro: [
            `Sauf erreur de notre part, ${document(f)} adressé${noun(f).e} à l'exploitant ` +
              `${f.operator}${f.dueDate ? `, échu${noun(f).e} le ${f.dueDate},` : ''} n'a pas été ` +
              `intégralement réglé${noun(f).e}.`,
          ],
          next: [
            `Nous vous prions de bien vouloir régler le montant restant dû de ${f.toPay} dans les ` +
              `meilleurs délais, en indiquant ${paymentReference(f)} comme référence de paiement. ` +
              'Si votre règlement a été effectué entre-temps, nous vous prions de ne pas tenir compte ' +
              'de ce message.',
          ],
        }),
        sms: (f) =>
          `Relance : la facture ${f.reference} (${f.operator})` +
          `${f.dueDate ? `, échue le ${f.dueDate},` : ''} reste impayée. Montant restant : ` +
          `${f.toPay}. Merci de régler sans délai, référence ${f.reference}.`,
      },
    },
  },
};
