import type { PassengerEvent } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import {
  isPassengerMessageKind,
  type Language,
  languages,
  type PassengerMessage,
  type PassengerMessageKind,
  parseScheduleId,
  passengerMessageFrom,
  passengerMessageKinds,
  type RenderedMessage,
  renderPassengerMessage,
  resolveLanguage,
  type ScheduledFlight,
} from './index.js';
import { passengerEvent, rebooking } from './test-fixtures.js';

const REF = 'b_Hx9LqP2mV7cT4rN8wK1sYe';
const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** What each language must show, formatted exactly. */
const expected = {
  en: {
    flight: 'LH400 on 14 June 2025',
    smsFlight: 'LH400 on 14 Jun 2025',
    greeting: 'Dear passenger,',
    rows: [
      `Booking reference: ${REF}`,
      'Flight: LH400',
      'Flight date: 14 June 2025',
      'Departure airport: EDDF',
      'Estimated delay at final destination: 4 h 10 min',
    ],
    compensation: (amount: string) => `Compensation: ${amount}`,
    amount600: '€600.00',
    amount300: '€300.00',
    regulation: 'Regulation (EC) No 261/2004',
    basis: 'a flight distance of 6,200 km and a delay of 4 h 10 min on arrival',
    rebookingRows: [
      'Proposed flight: LH402',
      'From: EDDF',
      'To: KJFK',
      'Departure: 14 June 2025 at 18:05 UTC',
      'Arrival: 15 June 2025 at 02:40 UTC',
    ],
    smsRebooking: 'LH402 EDDF-KJFK, dep 14 Jun 2025 18:05 UTC, arr 15 Jun 2025 02:40 UTC',
    quote: `quoting your booking reference ${REF}`,
    smsQuote: `booking ref ${REF}`,
  },
  fr: {
    flight: 'LH400 du 14 juin 2025',
    smsFlight: 'LH400 du 14/06/2025',
    greeting: 'Madame, Monsieur,',
    rows: [
      `Référence de réservation : ${REF}`,
      'Vol : LH400',
      'Date du vol : 14 juin 2025',
      'Aéroport de départ : EDDF',
      "Retard estimé à l'arrivée : 4 h 10 min",
    ],
    compensation: (amount: string) => `Indemnisation : ${amount}`,
    amount600: `600,00${NBSP}€`,
    amount300: `300,00${NBSP}€`,
    regulation: 'règlement (CE) n° 261/2004',
    basis: `d'une distance de vol de 6${NNBSP}200 km et d'un retard de 4 h 10 min à l'arrivée`,
    rebookingRows: [
      'Vol proposé : LH402',
      'Au départ de : EDDF',
      'À destination de : KJFK',
      'Départ : 14 juin 2025 à 18:05 UTC',
      'Arrivée : 15 juin 2025 à 02:40 UTC',
    ],
    smsRebooking: 'LH402 EDDF-KJFK, départ 14/06/2025 18:05 UTC, arrivée 15/06/2025 02:40 UTC',
    quote: `en indiquant votre référence de réservation ${REF}`,
    smsQuote: `réf. ${REF}`,
  },
  de: {
    flight: 'LH400 am 14. Juni 2025',
    smsFlight: 'LH400 am 14.06.2025',
    greeting: 'Sehr geehrter Fluggast,',
    rows: [
      `Buchungsreferenz: ${REF}`,
      'Flug: LH400',
      'Flugdatum: 14. Juni 2025',
      'Abflughafen: EDDF',
      'Voraussichtliche Verspätung am Endziel: 4 Std. 10 Min.',
    ],
    compensation: (amount: string) => `Ausgleichszahlung: ${amount}`,
    amount600: `600,00${NBSP}€`,
    amount300: `300,00${NBSP}€`,
    regulation: 'Verordnung (EG) Nr. 261/2004',
    basis: 'eine Flugstrecke von 6.200 km und eine Verspätung von 4 Std. 10 Min. bei Ankunft',
    rebookingRows: [
      'Ersatzflug: LH402',
      'Von: EDDF',
      'Nach: KJFK',
      'Abflug: 14. Juni 2025 um 18:05 UTC',
      'Ankunft: 15. Juni 2025 um 02:40 UTC',
    ],
    smsRebooking: 'LH402 EDDF-KJFK, Abflug 14.06.2025 18:05 UTC, Ankunft 15.06.2025 02:40 UTC',
    quote: `unter Angabe Ihrer Buchungsreferenz ${REF}`,
    smsQuote: `Buchungsreferenz ${REF}`,
  },
} satisfies Record<Language, unknown>;

/** What each kind asks the passenger to do, per language. */
const nextStep: Record<PassengerMessageKind, Record<Language, string>> = {
  REBOOKING_PROPOSED: {
    en: 'To accept this flight, or if it does not suit you, please contact our customer service',
    fr: "Pour accepter ce vol, ou s'il ne vous convient pas, veuillez contacter notre service clientèle",
    de: 'Wenn Sie diesen Flug annehmen möchten oder er Ihnen nicht zusagt, wenden Sie sich bitte',
  },
  REFUND_OFFERED: {
    en: 'To request your refund, please contact our customer service',
    fr: 'Pour demander ce remboursement, veuillez contacter notre service clientèle',
    de: 'Um die Erstattung zu beantragen, wenden Sie sich bitte',
  },
  CARE_OFFERED: {
    en: 'Please go to our service desk at the airport',
    fr: "Veuillez vous adresser à notre comptoir de service à l'aéroport",
    de: 'an unseren Serviceschalter am Flughafen',
  },
  CONNECTION_AT_RISK: {
    en: 'If you miss your connection, do not buy a new ticket: go to the transfer desk',
    fr: "n'achetez pas de nouveau billet : adressez-vous au comptoir des correspondances",
    de: 'kaufen Sie bitte kein neues Ticket: Wenden Sie sich',
  },
  COMPENSATION_ASSESSED: {
    en: 'To receive the payment, please contact our customer service',
    fr: 'Pour recevoir ce paiement, veuillez contacter notre service clientèle',
    de: 'Um die Zahlung zu erhalten, wenden Sie sich bitte',
  },
};

const eventFor = (kind: PassengerMessageKind): PassengerEvent =>
  kind === 'REBOOKING_PROPOSED'
    ? passengerEvent({
        type: kind,
        rebooking,
        // Re-routed within the time limits: halved under Art. 7(2).
        compensation: { amountMinor: 30_000, currency: 'EUR' },
      })
    : passengerEvent({ type: kind });

const render = (event: PassengerEvent, tag: string): RenderedMessage => {
  const message = renderPassengerMessage(event, tag);
  if (message === null) throw new Error(`no message for ${event.type}`);
  return message;
};

/** The HTML cell holding a value, escaped as the layout escapes it. */
const cell = (value: string) => `>${value}</td>`;
const rowValue = (row: string) => row.slice(row.lastIndexOf(': ') + 2);

describe.each(languages)('passenger messages in %s', (language) => {
  const x = expected[language];

  describe.each(passengerMessageKinds)('%s', (kind) => {
    const m = render(eventFor(kind), language);
    const amount = kind === 'REBOOKING_PROPOSED' ? x.amount300 : x.amount600;

    it('is in the language asked for and names the flight and its date', () => {
      expect(m.language).toBe(language);
      expect(m.subject).toContain(x.flight);
      expect(m.text).toContain(x.flight);
      expect(m.sms).toContain(x.smsFlight);
    });

    it('greets formally and gives every detail, formatted', () => {
      expect(m.text.startsWith(`${x.greeting}\n\n`)).toBe(true);
      for (const row of [...x.rows, x.compensation(amount)]) {
        expect(m.text).toContain(`\n${row}\n`);
        expect(m.html).toContain(cell(rowValue(row)));
      }
    });

    it('states the compensation from the event, citing the Regulation', () => {
      expect(m.text).toContain(amount);
      expect(m.text).toContain(x.regulation);
      expect(m.text).toContain(x.basis);
      expect(m.html).toContain(x.regulation);
    });

    it('says what to do next, with the booking reference', () => {
      expect(m.text).toContain(nextStep[kind][language]);
      expect(m.text).toContain(x.quote);
      expect(m.sms).toContain(x.smsQuote);
    });

    it('never shows the estimated cost to the airline', () => {
      for (const cost of ['615.00', '615,00']) {
        expect(m.text).not.toContain(cost);
        expect(m.html).not.toContain(cost);
        expect(m.sms).not.toContain(cost);
      }
    });
  });

  it('REBOOKING_PROPOSED gives the proposed flight, with its times in UTC', () => {
    const m = render(eventFor('REBOOKING_PROPOSED'), language);
    for (const row of x.rebookingRows) {
      expect(m.text).toContain(`\n${row}\n`);
      expect(m.html).toContain(cell(rowValue(row)));
    }
    expect(m.sms).toContain(x.smsRebooking);
  });

  it('REBOOKING_PROPOSED without a flight asks the passenger to arrange one', () => {
    const m = render(passengerEvent({ type: 'REBOOKING_PROPOSED', rebooking: null }), language);
    expect(m.text).not.toContain('LH402');
    expect(m.text).toContain(x.quote);
    expect(m.sms).toContain(x.smsQuote);
  });

  it('COMPENSATION_ASSESSED puts the amount in the subject and the SMS', () => {
    const m = render(eventFor('COMPENSATION_ASSESSED'), language);
    expect(m.subject).toContain(x.amount600);
    expect(m.sms).toContain(x.amount600.replace(NBSP, ' '));
    expect(m.sms).toContain(x.regulation);
  });

  it('COMPENSATION_ASSESSED with nothing owed states no amount', () => {
    const m = render(
      passengerEvent({ eu261Eligible: false, compensation: null, arrivalDelayMinutes: 95 }),
      language,
    );
    expect(m.text).not.toMatch(/600|€/);
    expect(m.sms).not.toMatch(/600|€/);
    expect(m.text).toContain(x.regulation);
    expect(m.text).toContain(x.quote);
  });

  it('shows no compensation the event says is not owed', () => {
    const m = render(
      passengerEvent({ type: 'CARE_OFFERED', eu261Eligible: false, arrivalDelayMinutes: 150 }),
      language,
    );
    expect(m.text).not.toContain(x.amount600);
    expect(m.text).not.toContain(x.compensation(''));
    expect(m.sms).not.toContain('€');
  });
});

describe('the scheduleId', () => {
  it('gives flight number, date and departure aerodrome', () => {
    const flight: ScheduledFlight | null = parseScheduleId('LH400-20250614-EDDF');
    expect(flight).toEqual({
      flightNumber: 'LH400',
      date: Date.parse('2025-06-14T00:00:00Z'),
      departureAirport: 'EDDF',
    });
    expect(parseScheduleId('U21234-20241231-LFPG')?.flightNumber).toBe('U21234');
  });

  it.each(['LH400', 'LH400-2025-06-14-EDDF', 'LH400-20250231-EDDF', 'LH400-20250614-FRA', ''])(
    'is not read from %j',
    (id) => {
      expect(parseScheduleId(id)).toBeNull();
    },
  );

  it('is shown as is when it cannot be read', () => {
    const m = render(passengerEvent({ type: 'CARE_OFFERED', scheduleId: 'LH400/14JUN' }), 'en');
    expect(m.subject).toBe('Flight LH400/14JUN: care while you wait');
    expect(m.text).toContain('\nFlight: LH400/14JUN\n');
    expect(m.text).not.toContain('Flight date');
    expect(m.sms.startsWith('Flight LH400/14JUN is disrupted.')).toBe(true);
  });
});

describe('events without a message', () => {
  it.each(['REBOOKED', 'UNKNOWN'] as const)('%s renders nothing', (type) => {
    expect(renderPassengerMessage(passengerEvent({ type }), 'en')).toBeNull();
  });
});

it('formats a compensation in another currency with its own digits', () => {
  const m = render(
    passengerEvent({ compensation: { amountMinor: 52_000, currency: 'GBP' } }),
    'en',
  );
  expect(m.subject).toBe('Flight LH400 on 14 June 2025: compensation of £520.00');
});

it('leaves out a delay that is unknown', () => {
  const m = render(passengerEvent({ arrivalDelayMinutes: null, eu261DistanceKm: null }), 'de');
  expect(m.text).not.toContain('Verspätung');
  expect(m.text).not.toContain('Grundlage');
});

describe('the passenger message view', () => {
  it('keeps what the templates use, and the compensation only when it is owed', () => {
    const view: PassengerMessage | null = passengerMessageFrom(
      passengerEvent({ type: 'REBOOKING_PROPOSED', rebooking }),
    );
    expect(view).toEqual({
      kind: 'REBOOKING_PROPOSED',
      bookingRef: REF,
      scheduleId: 'LH400-20250614-EDDF',
      flight: {
        flightNumber: 'LH400',
        date: Date.parse('2025-06-14T00:00:00Z'),
        departureAirport: 'EDDF',
      },
      arrivalDelayMinutes: 250,
      eu261Eligible: true,
      compensation: { amountMinor: 60_000, currency: 'EUR' },
      eu261DistanceKm: 6199.6,
      rebooking: {
        flightNumber: 'LH402',
        departureAirport: 'EDDF',
        arrivalAirport: 'KJFK',
        scheduledDeparture: Date.parse('2025-06-14T18:05:00Z'),
        scheduledArrival: Date.parse('2025-06-15T02:40:00Z'),
      },
    });
    expect(passengerMessageFrom(passengerEvent({ eu261Eligible: false }))?.compensation).toBeNull();
    expect(passengerMessageFrom(passengerEvent({ type: 'REBOOKED' }))).toBeNull();
  });

  it('has a message kind for each decision the notifier tells', () => {
    expect(passengerMessageKinds.every(isPassengerMessageKind)).toBe(true);
    expect(isPassengerMessageKind('REBOOKED')).toBe(false);
    expect(resolveLanguage('de-CH')).toBe('de');
  });
});
