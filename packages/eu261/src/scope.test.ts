import { describe, expect, it } from 'vitest';
import { assessCompensation } from './assess.js';
import { delayed, HOUR, itinerary, leg, T0 } from './test-support/itineraries.js';

const united = { icao: 'UAL', community: false };
const emirates = { icao: 'UAE', community: false };

describe('whom the Regulation covers (Art. 3(1))', () => {
  it('covers a departure from a Member State on any carrier', () => {
    const a = assessCompensation(
      delayed('EDDF', 'KJFK', 4 * HOUR + 1, { operatingCarrier: united }),
    );
    expect(a.inScope).toBe(true);
    expect(a.eligible).toBe(true);
    expect(a.amount.amountMinor).toBe(60_000);
    expect(a.reasoning[0]?.basis).toEqual(['Art. 3(1)(a)']);
  });

  it('covers a departure from a third country to a Member State on a Community carrier', () => {
    const a = assessCompensation(delayed('KJFK', 'EDDF', 4 * HOUR + 1));
    expect(a.inScope).toBe(true);
    expect(a.eligible).toBe(true);
    expect(a.amount.amountMinor).toBe(60_000);
    expect(a.reasoning[0]?.basis).toEqual(['Art. 3(1)(b)']);
    expect(a.reasoning[0]?.text).toContain('Community carrier DLH');
  });

  it('does not cover the same flight on a carrier that is not a Community carrier', () => {
    const a = assessCompensation(delayed('KJFK', 'EDDF', 5 * HOUR, { operatingCarrier: united }));
    expect(a.inScope).toBe(false);
    expect(a.eligible).toBe(false);
    expect(a.amount).toEqual({ amountMinor: 0, currency: 'EUR' });
    expect(a.reasoning[0]?.text).toContain('UAL is not a Community carrier');
    expect(a.reasoning.at(-1)?.topic).toBe('AMOUNT');
  });

  it('does not cover a passenger who received benefits or compensation in the third country', () => {
    const booking = { ...delayed('KJFK', 'EDDF', 5 * HOUR), thirdCountryRedress: true };
    const a = assessCompensation(booking);
    expect(a.inScope).toBe(false);
    expect(a.reasoning[0]?.text).toContain(
      'benefits or compensation and assistance in that third country',
    );
  });

  it('does not cover a flight between third countries, nor one from the United Kingdom', () => {
    expect(assessCompensation(delayed('OMDB', 'KJFK', 5 * HOUR)).inScope).toBe(false);
    expect(assessCompensation(delayed('EGLL', 'KJFK', 5 * HOUR)).inScope).toBe(false);
  });

  it('covers every leg of a booking that starts in a Member State, even a third-country leg on a non-Community carrier (Wegener)', () => {
    // Frankfurt → Dubai → Hong Kong on Emirates; the Dubai–Hong Kong leg arrives 4 h late.
    const a = assessCompensation(
      itinerary([
        leg({ from: 'EDDF', to: 'OMDB', flightNumber: 'EK46', operatingCarrier: emirates }),
        leg({
          from: 'OMDB',
          to: 'VHHH',
          flightNumber: 'EK380',
          operatingCarrier: emirates,
          scheduledDeparture: T0 + 4 * HOUR,
          scheduledArrival: T0 + 12 * HOUR,
          actualArrival: T0 + 16 * HOUR,
        }),
      ]),
    );
    expect(a.inScope).toBe(true);
    expect(a.reasoning[0]?.basis).toEqual(['Art. 3(1)(a)', 'C-537/17 Wegener']);
    expect(a.disruption).toBe('DELAY');
    expect(a.disruptedLeg).toBe(1);
    expect(a.band).toBe('C');
    expect(a.eligible).toBe(true);
    expect(a.amount.amountMinor).toBe(30_000); // 4 h 00 min: Art. 7(2)(c) halves it
  });

  it('covers a third-country departure through a hub when the leg that failed is a Community carrier’s', () => {
    // New York → London on a non-Community carrier, London → Frankfurt on Lufthansa, cancelled.
    const booking = itinerary([
      leg({ from: 'KJFK', to: 'EGLL', flightNumber: 'UA14', operatingCarrier: united }),
      leg({
        from: 'EGLL',
        to: 'EDDF',
        flightNumber: 'LH901',
        scheduledDeparture: T0 + 4 * HOUR,
        status: 'CANCELLED',
        actualDeparture: null,
        actualArrival: null,
      }),
    ]);
    const a = assessCompensation(booking);
    expect(a.inScope).toBe(true);
    expect(a.disruption).toBe('CANCELLATION');
    expect(a.amount.amountMinor).toBe(60_000); // New York–Frankfurt, more than 3,500 km
    const missed = itinerary([
      leg({
        from: 'KJFK',
        to: 'EGLL',
        flightNumber: 'UA14',
        operatingCarrier: united,
        actualArrival: T0 + 5 * HOUR,
      }),
      leg({ from: 'EGLL', to: 'EDDF', flightNumber: 'LH901', scheduledDeparture: T0 + 4 * HOUR }),
    ]);
    const b = assessCompensation({
      ...missed,
      rerouting: {
        flightNumber: 'LH903',
        departure: T0 + 7 * HOUR,
        arrival: T0 + 9 * HOUR,
        actualArrival: null,
      },
    });
    expect(b.disruption).toBe('MISSED_CONNECTION');
    expect(b.inScope).toBe(false); // the late leg was the non-Community carrier's
  });
});
