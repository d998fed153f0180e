import { describe, expect, it } from 'vitest';
import { assessCompensation } from './assess.js';
import { HOUR, itinerary, leg, MINUTE, T0, thrown } from './test-support/itineraries.js';
import type { Leg } from './types.js';

/** Hamburg → Frankfurt → Lisbon on Lufthansa: 2,198 km direct, band B. */
function viaFrankfurt(first: Partial<Leg>, second: Partial<Leg> = {}) {
  return [
    leg({ from: 'EDDH', to: 'EDDF', flightNumber: 'LH9', ...first }),
    leg({
      from: 'EDDF',
      to: 'LPPT',
      flightNumber: 'LH1166',
      scheduledDeparture: T0 + 2 * HOUR + 50 * MINUTE,
      scheduledArrival: T0 + 5 * HOUR + 50 * MINUTE,
      ...second,
    }),
  ];
}
const SCHEDULED_AT_LISBON = T0 + 5 * HOUR + 50 * MINUTE;
const rerouting = (lateMs: number) => ({
  flightNumber: 'LH1172',
  departure: T0 + 6 * HOUR,
  arrival: SCHEDULED_AT_LISBON + lateMs,
  actualArrival: null,
});

describe('a journey of connecting flights on one booking', () => {
  it('owes compensation when a late first leg loses the connection and the passenger reaches the destination 3 h or more late (Folkerts)', () => {
    const legs = viaFrankfurt({
      actualArrival: T0 + 3 * HOUR,
      cause: { kind: 'TECHNICAL', evidence: ['disruption:1'], note: null },
    });
    const a = assessCompensation(itinerary(legs, { rerouting: rerouting(3 * HOUR + 10 * MINUTE) }));
    expect(a.disruption).toBe('MISSED_CONNECTION');
    expect(a.disruptedLeg).toBe(0);
    expect(a.arrivalDelayMinutes).toBe(190);
    expect(a.band).toBe('B');
    expect(a.eligible).toBe(true);
    expect(a.amount.amountMinor).toBe(40_000);
    expect(a.cause?.kind).toBe('TECHNICAL');
    expect(a.reasoning.map((s) => s.topic)).toEqual([
      'SCOPE',
      'DISTANCE',
      'BAND',
      'DISRUPTION',
      'DELAY',
      'EXTRAORDINARY',
      'REDUCTION',
      'AMOUNT',
    ]);
    expect(a.reasoning.find((s) => s.topic === 'DISRUPTION')?.basis).toContain('C-11/11 Folkerts');
    expect(a.reasoning.find((s) => s.topic === 'DELAY')?.basis).toContain('C-11/11 Folkerts');
  });

  it('owes nothing when the first leg was late but the connection was made and the destination reached on time', () => {
    const a = assessCompensation(
      itinerary(viaFrankfurt({ actualArrival: T0 + 2 * HOUR + 40 * MINUTE })),
    );
    expect(a.disruption).toBe('NONE');
    expect(a.eligible).toBe(false);
  });

  it('takes a connection the leg says it missed as missed, though it landed before the next left', () => {
    const legs = viaFrankfurt({
      actualArrival: T0 + 2 * HOUR + 40 * MINUTE,
      missedConnection: true,
    });
    const a = assessCompensation(itinerary(legs, { rerouting: rerouting(2 * HOUR) }));
    expect(a.disruption).toBe('MISSED_CONNECTION');
    expect(a.eligible).toBe(false);
    expect(a.reasoning.find((s) => s.topic === 'DISRUPTION')?.text).toContain('missedConnection');
  });

  it('measures the delay at the final destination when the last leg is late (Folkerts)', () => {
    const a = assessCompensation(
      itinerary(viaFrankfurt({}, { actualArrival: SCHEDULED_AT_LISBON + 3 * HOUR + MINUTE })),
    );
    expect(a.disruption).toBe('DELAY');
    expect(a.disruptedLeg).toBe(1);
    expect(a.amount.amountMinor).toBe(40_000);
  });

  it('asks how the passenger went on after a missed connection', () => {
    const error = thrown(() =>
      assessCompensation(itinerary(viaFrankfurt({ actualArrival: T0 + 3 * HOUR }))),
    );
    expect(error.code).toBe('EU261_ITINERARY_INVALID');
    expect(error.field).toBe('rerouting');
  });
});

describe('a diverted flight (C-826/19)', () => {
  it('is a delay measured when the passenger reaches the booked destination', () => {
    const legs = [
      leg({
        from: 'LOWW',
        to: 'EDDB',
        status: 'DIVERTED',
        actualArrival: null,
        cause: { kind: 'OPERATIONAL', evidence: [], note: 'night curfew at the destination' },
      }),
    ];
    const a = assessCompensation(
      itinerary(legs, {
        rerouting: {
          flightNumber: null,
          departure: T0 + 3 * HOUR,
          arrival: T0 + 4 * HOUR,
          actualArrival: T0 + 5 * HOUR + 5 * MINUTE,
        },
      }),
    );
    expect(a.disruption).toBe('DIVERSION');
    expect(a.arrivalDelayMinutes).toBe(185);
    expect(a.eligible).toBe(true);
    expect(a.amount.amountMinor).toBe(25_000);
    expect(a.reasoning.find((s) => s.topic === 'DISRUPTION')?.basis).toContain(
      'C-826/19 Austrian Airlines',
    );
  });

  it('needs to know when the passenger arrived', () => {
    const legs = [leg({ from: 'LOWW', to: 'EDDB', status: 'DIVERTED', actualArrival: null })];
    expect(thrown(() => assessCompensation(itinerary(legs))).field).toBe('rerouting');
  });
});

describe('denied boarding (Art. 4)', () => {
  it.each([
    ['VOLUNTARY', 'Art. 4(1)'],
    ['REASONABLE_GROUNDS', 'Art. 2(j)'],
  ] as const)('owes no compensation to a passenger denied %s', (kind, basis) => {
    const a = assessCompensation(
      itinerary([leg({ from: 'EDDF', to: 'LIRF', deniedBoarding: kind })]),
    );
    expect(a.disruption).toBe('DENIED_BOARDING');
    expect(a.eligible).toBe(false);
    expect(a.reasoning.find((s) => s.topic === 'DENIED_BOARDING')?.basis).toEqual([basis]);
  });
});

describe('an itinerary that cannot be assessed', () => {
  it('names the leg that does not leave from where the one before arrived', () => {
    const legs = viaFrankfurt({}, { from: 'EDDM' });
    const error = thrown(() => assessCompensation(itinerary(legs)));
    expect(error.code).toBe('EU261_ITINERARY_INVALID');
    expect(error.field).toBe('legs[1].from');
    expect(error.message).toContain('EDDM is not where legs[0] arrives (EDDF)');
  });

  it('names a scheduled arrival that is not after the departure', () => {
    const legs = [leg({ from: 'EDDF', to: 'LIRF', scheduledArrival: T0 })];
    expect(thrown(() => assessCompensation(itinerary(legs))).field).toBe(
      'legs[0].scheduledArrival',
    );
  });

  it('names the missing arrival of the last leg', () => {
    const legs = [leg({ from: 'EDDF', to: 'LIRF', actualArrival: null })];
    expect(thrown(() => assessCompensation(itinerary(legs))).field).toBe('legs[0].actualArrival');
  });

  it('needs at least one leg', () => {
    expect(thrown(() => assessCompensation(itinerary([]))).field).toBe('legs');
  });
});
