import type { FlightSchedule } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { Harness, onTopic } from '../../test-support/harness.js';
import { at, manifestOf, schedule } from '../../test-support/records.js';

const LH1 = schedule({ flight: 'LH1', from: 'EDDM', to: 'EDDF', dep: '07:00', arr: '08:00' });
const LH2 = schedule({ flight: 'LH2', from: 'EDDF', to: 'LPPT', dep: '08:50', arr: '11:50' });
const LH3 = schedule({ flight: 'LH3', from: 'EDDF', to: 'LEMD', dep: '09:35', arr: '12:00' });
const LH4 = schedule({ flight: 'LH4', from: 'EDDF', to: 'LPPT', dep: '12:30', arr: '15:30' });
const LH5 = schedule({ flight: 'LH5', from: 'EDDF', to: 'LEMD', dep: '14:00', arr: '16:25' });

const onward = (leg: FlightSchedule) => ({
  scheduleId: leg.scheduleId,
  flightNumber: leg.flightNumber,
  departureAirport: leg.departureAirport,
  scheduledDeparture: leg.scheduledDeparture,
  minimumConnectionMinutes: 45,
});

/** LH1 Munich → Frankfurt with a local passenger, two connecting to Lisbon (one a minor) and one to Madrid. */
function connectionDay(lh1Arrival: string, updatedAt = '06:30') {
  return [
    ...[LH1, LH2, LH3, LH4, LH5].map(onTopic.schedule),
    onTopic.manifest(
      manifestOf(LH1, '05:00', [
        { passengerId: 'local' },
        { passengerId: 'lisbon', connection: onward(LH2), finalDestinationAirport: 'LPPT' },
        {
          passengerId: 'minor',
          connection: onward(LH2),
          finalDestinationAirport: 'LPPT',
          specialAssistance: ['UNACCOMPANIED_MINOR'],
        },
        { passengerId: 'madrid', connection: onward(LH3), finalDestinationAirport: 'LEMD' },
      ]),
    ),
    onTopic.manifest(
      manifestOf(LH2, '05:00', [
        { passengerId: 'lisbon', fare: { amountMinor: 30_000, currency: 'EUR' } },
        { passengerId: 'minor', specialAssistance: ['UNACCOMPANIED_MINOR'] },
      ]),
    ),
    onTopic.manifest(manifestOf(LH3, '05:00', [{ passengerId: 'madrid' }])),
    onTopic.schedule(
      schedule({
        flight: 'LH1',
        from: 'EDDM',
        to: 'EDDF',
        dep: '07:00',
        arr: '08:00',
        estDep: '07:40',
        estArr: lh1Arrival,
        updatedAt,
      }),
    ),
  ];
}

describe('passenger decisions on a late inbound', () => {
  const h = new Harness();
  h.feedAll(connectionDay('08:40'));
  h.until(at('07:00'));
  const byPassenger = new Map(h.decisions.map((d) => [d.passengerId, d]));

  it('rebooks a missed connection on the next flight of the route, and owes band B for 3 h 40 at Lisbon', () => {
    const lisbon = byPassenger.get('lisbon');
    expect(lisbon).toMatchObject({
      type: 'REBOOKING_PROPOSED',
      scheduleId: LH1.scheduleId,
      priority: 3,
      priorityReasons: ['CONNECTION_MISSED'],
      // Munich → Lisbon, great circle: intra-EU over 1,500 km (Art. 7(1)(b)).
      eu261Eligible: true,
      arrivalDelayMinutes: 220,
      compensation: { amountMinor: 40_000, currency: 'EUR' },
      rebooking: { scheduleId: LH4.scheduleId, flightNumber: 'LH4', cabinClass: 'ECONOMY' },
      // The Lisbon seat's fare, a meal voucher and the compensation.
      estimatedCost: { amountMinor: 30_000 + 1_500 + 40_000, currency: 'EUR' },
      occurredAt: at('06:35'),
    });
    expect(lisbon?.eu261DistanceKm).toBeGreaterThan(1_500);
    expect(lisbon?.eu261DistanceKm).toBeLessThan(3_500);
    expect(lisbon?.eventId).toBe(`${lisbon?.disruptionId}/lisbon/REBOOKING_PROPOSED#1`);
    expect(lisbon?.disruptionId).toMatch(/^DELAY\//);
  });

  it('puts the unaccompanied minor first (Art. 11(1))', () => {
    expect(byPassenger.get('minor')).toMatchObject({
      priority: 1,
      priorityReasons: ['UNACCOMPANIED_MINOR', 'CONNECTION_MISSED'],
    });
  });

  it('warns of a connection that can still be made with less than 15 minutes to spare', () => {
    // Ready at 09:25 (08:40 + 45 min), Madrid leaves 09:35.
    expect(byPassenger.get('madrid')).toMatchObject({
      type: 'CONNECTION_AT_RISK',
      priority: 3,
      priorityReasons: ['CONNECTION_AT_RISK'],
      rebooking: null,
      estimatedCost: null,
    });
  });

  it('says nothing to a passenger a 40-minute delay changes nothing for', () => {
    expect(byPassenger.has('local')).toBe(false);
    expect(h.decisions).toHaveLength(3);
  });

  it('prices the options on the delay itself', () => {
    const delay = h.of('DELAY')[0];
    expect(delay?.optionCosts).toEqual([
      {
        scheduleId: LH1.scheduleId,
        option: 'COMPENSATION',
        passengers: 2,
        cost: { amountMinor: 80_000, currency: 'EUR' },
      },
      {
        scheduleId: LH1.scheduleId,
        option: 'REBOOK',
        passengers: 2,
        cost: { amountMinor: 50_000, currency: 'EUR' },
      },
      {
        scheduleId: LH1.scheduleId,
        option: 'MEALS',
        passengers: 2,
        cost: { amountMinor: 3_000, currency: 'EUR' },
      },
    ]);
  });
});

describe('passenger decisions over time', () => {
  it('publishes a new revision only when the decision changes, under the same disruption', () => {
    const h = new Harness();
    h.feedAll(connectionDay('08:40'));
    h.until(at('07:00'));
    // The same estimate again: nothing new for anyone.
    h.feedAll(connectionDay('08:44', '07:10'));
    h.until(at('07:30'));
    expect(h.decisions.map((d) => d.eventId.split('/').slice(-2).join('/'))).toEqual([
      'lisbon/REBOOKING_PROPOSED#1',
      'madrid/CONNECTION_AT_RISK#1',
      'minor/REBOOKING_PROPOSED#1',
    ]);
    // 20 minutes later: Madrid is missed now (ready 09:45 for a 09:35 departure).
    h.feedAll(connectionDay('09:00', '07:40'));
    h.until(at('08:00'));
    const madrid = h.decisions.filter((d) => d.passengerId === 'madrid');
    expect(madrid.map((d) => d.eventId.split('/').slice(-1)[0])).toEqual([
      'CONNECTION_AT_RISK#1',
      'REBOOKING_PROPOSED#2',
    ]);
    expect(new Set(madrid.map((d) => d.disruptionId)).size).toBe(1);
    expect(madrid[1]?.rebooking?.scheduleId).toBe(LH5.scheduleId);
  });

  it('does not publish again what a restored snapshot already decided', () => {
    const first = new Harness();
    first.feedAll(connectionDay('08:40'));
    first.until(at('07:00'));
    const restored = new Harness();
    restored.engine.importSnapshot(first.engine.exportSnapshot());
    restored.feedAll(connectionDay('09:00', '07:40'));
    first.feedAll(connectionDay('09:00', '07:40'));
    first.until(at('08:00'));
    restored.until(at('08:00'));
    expect(restored.decisions).toEqual(first.decisions.slice(3));
    expect(restored.decisions.map((d) => d.passengerId)).toEqual(['madrid']);
  });
});

describe('passenger decisions on a cancellation', () => {
  const LH100 = schedule({ flight: 'LH100', from: 'EDDF', to: 'EGLL', dep: '10:00', arr: '11:40' });
  const LH102 = schedule({ flight: 'LH102', from: 'EDDF', to: 'EGLL', dep: '13:00', arr: '14:40' });
  const cancelled = (code: string) =>
    onTopic.schedule(
      schedule({
        flight: 'LH100',
        from: 'EDDF',
        to: 'EGLL',
        dep: '10:00',
        arr: '11:40',
        status: 'CANCELLED',
        delayCode: code,
        updatedAt: '07:00',
      }),
    );
  const day = (code: string, alternative = true) => [
    onTopic.schedule(LH100),
    ...(alternative ? [onTopic.schedule(LH102)] : []),
    onTopic.schedule(
      schedule({ flight: 'LH900', from: 'EDDF', to: 'LEMD', dep: '22:00', arr: '23:59' }),
    ),
    onTopic.manifest(
      manifestOf(LH100, '05:00', [
        { passengerId: 'a' },
        { passengerId: 'b', cabinClass: 'BUSINESS', loyaltyTier: 'GOLD' },
      ]),
    ),
    cancelled(code),
  ];

  it('owes €250 for a technical fault with a re-routing three hours later (Wallentin-Hermann)', () => {
    const h = new Harness();
    h.feedAll(day('41'));
    h.until(at('07:30'));
    expect(h.decisions.map((d) => [d.passengerId, d.type, d.priority])).toEqual([
      ['a', 'REBOOKING_PROPOSED', 5],
      ['b', 'REBOOKING_PROPOSED', 4],
    ]);
    expect(h.decisions[1]).toMatchObject({
      priorityReasons: ['BUSINESS', 'GOLD'],
      eu261Eligible: true,
      compensation: { amountMinor: 25_000, currency: 'EUR' },
      arrivalDelayMinutes: 180,
      rebooking: { scheduleId: LH102.scheduleId },
    });
    expect(h.decisions[1]?.disruptionId).toMatch(/^CANCELLATION\//);
  });

  it('owes nothing but care and the re-routing when weather cancelled it', () => {
    const h = new Harness();
    h.feedAll(day('71'));
    h.until(at('07:30'));
    expect(h.decisions.map((d) => [d.type, d.eu261Eligible, d.compensation])).toEqual([
      ['REBOOKING_PROPOSED', false, null],
      ['REBOOKING_PROPOSED', false, null],
    ]);
    expect(h.of('CANCELLATION')[0]?.optionCosts.map((o) => o.option)).toEqual(['REBOOK', 'MEALS']);
  });

  it('offers the refund at the start of the journey when no flight of the route is left', () => {
    const h = new Harness();
    h.feedAll(day('41', false));
    h.until(at('07:30'));
    expect(h.decisions[0]).toMatchObject({
      type: 'REFUND_OFFERED',
      rebooking: null,
      // The fare back (Art. 8(1)(a)) and, with no re-routing offered, €250 (Art. 5(1)(c)).
      compensation: { amountMinor: 25_000, currency: 'EUR' },
      estimatedCost: { amountMinor: 20_000 + 25_000, currency: 'EUR' },
    });
  });
});
