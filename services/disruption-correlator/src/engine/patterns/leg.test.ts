import { describe, expect, it } from 'vitest';
import { Harness, onTopic } from '../../test-support/harness.js';
import { at, schedule, scheduleIdOf } from '../../test-support/records.js';

const LH100 = scheduleIdOf('LH100', 'EDDF');
const leg = (extra: Parameters<typeof schedule>[0] extends infer S ? Partial<S> : never) =>
  onTopic.schedule(
    schedule({ flight: 'LH100', from: 'EDDF', to: 'EGLL', dep: '08:00', arr: '09:40', ...extra }),
  );

describe('DELAY', () => {
  it('is detected at 15 minutes late, and not at 14 (the punctuality threshold)', () => {
    const late = new Harness();
    late.feedAll([leg({}), leg({ estDep: '08:15', updatedAt: '07:30' })]);
    late.until(at('07:45'));
    const [delay] = late.of('DELAY');
    expect(delay).toMatchObject({
      lifecycle: 'DETECTED',
      severity: 'LOW',
      airportIcao: 'EDDF',
      operatorIcao: 'DLH',
    });
    expect(delay?.summary).toBe('LH100 EDDF\u2192EGLL departure 15 min late (estimated)');
    expect(delay?.confidence).toBe(0.8);
    expect(delay?.disruptionId).toBe(`DELAY/${LH100}/20250614T0635Z`);
    expect(delay?.eventId).toBe(`DELAY/${LH100}/20250614T0635Z#1`);

    const almost = new Harness();
    almost.feedAll([leg({}), leg({ estDep: '08:14', updatedAt: '07:30' })]);
    almost.until(at('07:45'));
    expect(almost.of('DELAY')).toEqual([]);
  });

  it('is updated when the delay moves into another 15-minute band, resolved when the leg arrives', () => {
    const h = new Harness();
    h.feedAll([
      leg({}),
      leg({ estDep: '08:20', updatedAt: '07:30' }),
      leg({ estDep: '08:25', updatedAt: '07:40' }), // same band: nothing new
      leg({ estDep: '09:10', updatedAt: '07:50' }),
      leg({ actDep: '09:10', estArr: '10:55', status: 'AIRBORNE', updatedAt: '09:10' }),
      leg({ actDep: '09:10', actArr: '11:00', status: 'ARRIVED', updatedAt: '11:00' }),
    ]);
    h.until(at('12:00'));
    expect(h.lifecycleOf('DELAY', LH100)).toEqual(['DETECTED', 'UPDATED', 'UPDATED', 'RESOLVED']);
    // The arrival's actual time comes with the RESOLVED, not in an UPDATED before it.
    const [, moved, airborne, resolved] = h.of('DELAY');
    expect(moved).toMatchObject({ severity: 'MEDIUM' });
    expect(airborne?.summary).toBe('LH100 EDDF\u2192EGLL arrival 75 min late (estimated)');
    expect(resolved).toMatchObject({ severity: 'MEDIUM', confidence: 0.95 });
    expect(resolved?.affectedFlights[0]).toMatchObject({
      expectedArrivalDelayMinutes: 80,
      cancelled: false,
    });
    // One disruption, one id, revisions in order.
    expect(new Set(h.of('DELAY').map((d) => d.disruptionId)).size).toBe(1);
    expect(h.of('DELAY').map((d) => d.eventId.split('#')[1])).toEqual(['1', '2', '3', '4']);
  });

  it('is HIGH from three hours, where EU261 compensation for delay begins', () => {
    const h = new Harness();
    h.feedAll([leg({}), leg({ estDep: '10:59', updatedAt: '07:30' })]);
    h.until(at('07:45'));
    expect(h.of('DELAY')[0]?.severity).toBe('MEDIUM');
    h.feed(leg({ estDep: '11:00', updatedAt: '07:50' }));
    h.until(at('08:00'));
    expect(h.of('DELAY').map((d) => [d.lifecycle, d.severity])).toEqual([
      ['DETECTED', 'MEDIUM'],
      ['UPDATED', 'HIGH'],
    ]);
  });

  it('is resolved at once when the delay falls back under 15 minutes', () => {
    const h = new Harness();
    h.feedAll([
      leg({}),
      leg({ estDep: '08:30', updatedAt: '07:00' }),
      leg({ estDep: '08:10', updatedAt: '07:20' }),
    ]);
    h.until(at('07:45'));
    expect(h.lifecycleOf('DELAY', LH100)).toEqual(['DETECTED', 'RESOLVED']);
    expect(h.of('DELAY')[1]?.summary).toContain('back on time');
  });

  it('found only once the leg has arrived is detected and resolved together, once', () => {
    const h = new Harness();
    h.feedAll([
      leg({}),
      leg({ actDep: '08:40', actArr: '10:20', status: 'ARRIVED', updatedAt: '10:20' }),
    ]);
    h.until(at('11:00'));
    h.until(at('13:00'));
    expect(h.lifecycleOf('DELAY', LH100)).toEqual(['DETECTED', 'RESOLVED']);
  });

  it('is not raised for a cancelled leg (that is a CANCELLATION)', () => {
    const h = new Harness();
    h.feedAll([leg({}), leg({ estDep: '09:00', status: 'CANCELLED', updatedAt: '07:00' })]);
    h.until(at('07:30'));
    expect(h.of('DELAY')).toEqual([]);
    expect(h.lifecycleOf('CANCELLATION', LH100)).toEqual(['DETECTED']);
  });

  it('says why under EU261: weather codes are extraordinary, technical ones are not (Wallentin-Hermann)', () => {
    const weather = new Harness();
    weather.feedAll([leg({}), leg({ estDep: '09:00', delayCode: '71', updatedAt: '07:00' })]);
    weather.until(at('07:30'));
    expect(weather.of('DELAY')[0]).toMatchObject({
      eu261Relevant: true,
      extraordinaryCircumstances: true,
    });
    expect(weather.of('DELAY')[0]?.eu261Note).toContain('IATA delay code 71');

    const technical = new Harness();
    technical.feedAll([leg({}), leg({ estDep: '09:00', delayCode: '41', updatedAt: '07:00' })]);
    technical.until(at('07:30'));
    expect(technical.of('DELAY')[0]).toMatchObject({
      eu261Relevant: true,
      extraordinaryCircumstances: false,
    });
    expect(technical.of('DELAY')[0]?.eu261Note).toContain('C-549/07');

    const outside = new Harness();
    outside.feedAll([
      onTopic.schedule(
        schedule({
          flight: 'LH401',
          from: 'KJFK',
          to: 'EDDF',
          dep: '08:00',
          arr: '15:40',
          estDep: '09:00',
          updatedAt: '07:00',
        }),
      ),
    ]);
    outside.until(at('07:30'));
    expect(outside.of('DELAY')[0]).toMatchObject({ eu261Relevant: false, eu261Note: null });
  });
});

describe('CANCELLATION', () => {
  it('is detected from the status, resolved when reinstated', () => {
    const h = new Harness();
    h.feedAll([
      leg({}),
      leg({ status: 'CANCELLED', updatedAt: '06:00' }),
      leg({ status: 'SCHEDULED', updatedAt: '06:30' }),
    ]);
    h.until(at('07:00'));
    expect(h.lifecycleOf('CANCELLATION', LH100)).toEqual(['DETECTED', 'RESOLVED']);
    expect(h.of('CANCELLATION')[0]).toMatchObject({ severity: 'HIGH', confidence: 0.95 });
    expect(h.of('CANCELLATION')[1]?.summary).toBe('LH100 EDDF\u2192EGLL reinstated');
  });

  it('is over once the scheduled departure has passed, and never detected again', () => {
    const h = new Harness();
    h.feedAll([leg({}), leg({ status: 'CANCELLED', updatedAt: '06:00' })]);
    h.until(at('07:55'));
    expect(h.lifecycleOf('CANCELLATION', LH100)).toEqual(['DETECTED']);
    h.until(at('12:00'));
    expect(h.lifecycleOf('CANCELLATION', LH100)).toEqual(['DETECTED', 'RESOLVED']);
    expect(h.of('CANCELLATION')[1]?.windowEnd).toBe(at('08:00'));
  });
});
