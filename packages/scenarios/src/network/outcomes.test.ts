import { describe, expect, it } from 'vitest';
import { builtInNetworkScenarios, compileNetworkScenario } from './compile.js';
import type { InjectedDisruption, LegOutcome, NetworkDay, ScheduledLeg } from './model.js';

const MINUTE = 60_000;
const days = new Map<string, NetworkDay>();
function day(name: string): NetworkDay {
  let compiled = days.get(name);
  if (!compiled) {
    compiled = compileNetworkScenario(name);
    days.set(name, compiled);
  }
  return compiled;
}
const outcome = (d: NetworkDay, id: string) => d.outcomes.get(id) as LegOutcome;
const leg = (d: NetworkDay, id: string) => d.legs.find((l) => l.scheduleId === id) as ScheduledLeg;
const declared = (d: NetworkDay) =>
  d.groundTruth.filter(
    (g) =>
      !g.id.startsWith('delay-') &&
      !g.id.endsWith('-cancellations') &&
      !g.id.startsWith('network-effect') &&
      !/^cascade-[A-Z0-9]+-\d{8}-/.test(g.id),
  );
const truth = (d: NetworkDay, pattern: InjectedDisruption['pattern']) =>
  d.groundTruth.filter((g) => g.pattern === pattern);

describe('normal operations', () => {
  const d = day('network-normal');
  const flown = [...d.outcomes.values()];

  it('have the small delays of every day and nothing an operations controller must act on', () => {
    expect(d.groundTruth.filter((g) => g.major)).toEqual([]);
    expect(flown.filter((o) => o.status !== 'OPERATED')).toEqual([]);
    const late = flown.filter((o) => o.departureDelayMinutes >= 1);
    expect(late.length / flown.length).toBeGreaterThan(0.15);
    expect(late.length / flown.length).toBeLessThan(0.5);
    expect(Math.max(...flown.map((o) => o.departureDelayMinutes))).toBeLessThan(45);
    for (const o of late) {
      expect(o.delayCode).toMatch(/^\d{2}$/);
      expect(o.causes).toEqual([]);
    }
  });
});

describe('every built-in scenario', () => {
  it.each(builtInNetworkScenarios())(
    '%s: each declared disruption shows on the legs it lists',
    (name) => {
      const d = day(name);
      for (const item of declared(d)) {
        expect(item.scheduleIds.length, item.id).toBeGreaterThan(0);
        for (const id of item.scheduleIds) {
          const o = outcome(d, id);
          expect(o.causes, `${item.id} on ${id}`).toContain(item.id);
          expect(
            o.status === 'CANCELLED' || o.departureDelayMinutes >= 1 || o.anomalies.length > 0,
          ).toBe(true);
        }
      }
      for (const item of d.groundTruth.filter((g) => g.pattern === 'DELAY')) {
        const o = outcome(d, item.scheduleIds[0] ?? '');
        expect(o.departureDelayMinutes).toBeGreaterThanOrEqual(15);
        expect(item.major).toBe(o.departureDelayMinutes >= 60);
      }
    },
  );

  it.each(builtInNetworkScenarios())(
    '%s: delays are announced before departure and not before the cause',
    (name) => {
      const d = day(name);
      for (const l of d.legs) {
        const o = outcome(d, l.scheduleId);
        if (o.status === 'CANCELLED') {
          expect(o.announcedAt).not.toBeNull();
          expect(o.announcedAt as number).toBeLessThanOrEqual(l.scheduledDeparture);
          continue;
        }
        if (o.departureDelayMinutes === 0) {
          expect(o.delayCode).toBeNull();
          continue;
        }
        expect(o.delayCode, l.scheduleId).toMatch(/^\d{2}$/);
        expect(o.announcedAt as number).toBeLessThanOrEqual(
          Math.min(l.scheduledDeparture, o.actualDeparture as number),
        );
        expect(o.actualDeparture).toBe(l.scheduledDeparture + o.departureDelayMinutes * MINUTE);
        expect(o.reactionaryMinutes).toBeLessThanOrEqual(o.departureDelayMinutes);
      }
    },
  );
});

describe('weather at a hub', () => {
  const d = day('network-weather-hub');
  const [weather] = truth(d, 'WEATHER_IMPACT');

  it('delays and cancels legs at Frankfurt in its window, with weather delay codes', () => {
    expect(weather).toMatchObject({ airportIcao: 'EDDF', major: true });
    const legs = (weather?.scheduleIds ?? []).map((id) => [leg(d, id), outcome(d, id)] as const);
    expect(legs.length).toBeGreaterThan(20);
    for (const [l] of legs) expect([l.departureAirport, l.arrivalAirport]).toContain('EDDF');
    const cancelled = legs.filter(([, o]) => o.status === 'CANCELLED');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const [l, o] of cancelled)
      expect(o.delayCode).toBe(l.departureAirport === 'EDDF' ? '71' : '72');
    const fromHubInWindow = legs.filter(
      ([l, o]) =>
        o.status !== 'CANCELLED' &&
        l.departureAirport === 'EDDF' &&
        l.scheduledDeparture >= (weather?.windowStart ?? 0) &&
        l.scheduledDeparture < Date.parse('2024-09-17T11:30:00Z'),
    );
    expect(fromHubInWindow.length).toBeGreaterThan(5);
    for (const [, o] of fromHubInWindow) expect(o.delayCode).toMatch(/^(7[1-7]|93)$/);
    expect(fromHubInWindow.filter(([, o]) => o.delayCode?.startsWith('7')).length).toBeGreaterThan(
      fromHubInWindow.length / 2,
    );
    expect(truth(d, 'CANCELLATION').map((c) => c.id)).toEqual([`${weather?.id}-cancellations`]);
  });

  it('makes Frankfurt far later than the rest of the network while it lasts', () => {
    const mean = (hub: boolean) => {
      const delays = d.legs
        .filter((l) => (l.departureAirport === 'EDDF') === hub)
        .filter(
          (l) =>
            l.scheduledDeparture >= Date.parse('2024-09-17T09:00:00Z') &&
            l.scheduledDeparture < Date.parse('2024-09-17T12:00:00Z'),
        )
        .map((l) => outcome(d, l.scheduleId))
        .filter((o) => o.status !== 'CANCELLED')
        .map((o) => o.departureDelayMinutes);
      return delays.reduce((a, b) => a + b, 0) / delays.length;
    };
    expect(mean(true)).toBeGreaterThan(3 * mean(false));
    expect(mean(true)).toBeGreaterThan(20);
  });
});

describe('technical delays across one airline', () => {
  const d = day('network-technical');

  it('hold about a third of Lufthansa departures with code 41, and no other airline', () => {
    const [item] = truth(d, 'AIRLINE_WIDE');
    expect(item).toMatchObject({ operatorIcao: 'DLH', major: true });
    const withCode = (airline: string) =>
      d.legs.filter(
        (l) => l.operatorIcao === airline && outcome(d, l.scheduleId).delayCode === '41',
      );
    const dlh = d.legs.filter((l) => l.operatorIcao === 'DLH').length;
    expect(withCode('DLH').length / dlh).toBeGreaterThan(0.2);
    expect(withCode('DLH').length / dlh).toBeLessThan(0.5);
    for (const airline of ['AFR', 'KLM', 'BAW', 'IBE', 'SWR'])
      expect(withCode(airline)).toEqual([]);
    for (const id of item?.scheduleIds ?? []) expect(leg(d, id).operatorIcao).toBe('DLH');
  });
});

describe('ATC congestion at an airport', () => {
  const d = day('network-atc-congestion');

  it('queues Zurich departures (code 89) and arrivals held at their origin (code 83)', () => {
    const [item] = truth(d, 'AIRPORT_CONGESTION');
    expect(item).toMatchObject({ airportIcao: 'LSZH', major: true });
    const legs = (item?.scheduleIds ?? []).map((id) => [leg(d, id), outcome(d, id)] as const);
    const codes = new Set(legs.map(([, o]) => o.delayCode));
    expect(codes).toContain('89');
    expect(codes).toContain('83');
    for (const [l, o] of legs) {
      if (o.delayCode === '89') expect(l.departureAirport).toBe('LSZH');
      if (o.delayCode === '83') expect(l.arrivalAirport).toBe('LSZH');
    }
    expect(Math.max(...legs.map(([, o]) => o.departureDelayMinutes))).toBeGreaterThan(30);
  });
});

describe('a cascade', () => {
  const d = day('network-cascade');

  it('starts with the delayed root and runs through the rest of its rotation as reactionary delay', () => {
    const [cascade] = truth(d, 'CASCADING_DELAY').filter((g) => g.major);
    expect(cascade).toBeDefined();
    const [rootId, ...downstream] = cascade?.scheduleIds ?? [];
    const root = outcome(d, rootId ?? '');
    expect(root.delayCode).toBe('41');
    expect(root.departureDelayMinutes).toBeGreaterThanOrEqual(150);
    expect(downstream.length).toBeGreaterThanOrEqual(2);
    let previous = leg(d, rootId ?? '');
    for (const id of downstream) {
      const l = leg(d, id);
      const o = outcome(d, id);
      expect(l.icao24).toBe(previous.icao24);
      expect(l.scheduledDeparture).toBeGreaterThan(previous.scheduledDeparture);
      expect(o.delayCode).toBe('93');
      expect(o.reactionaryMinutes).toBeGreaterThan(0);
      expect(o.causes).toContain(cascade?.id);
      previous = l;
    }
    // Each turnaround's slack absorbs some of it: the delay never grows along the rotation.
    const delays = (cascade?.scheduleIds ?? []).map((id) => outcome(d, id).departureDelayMinutes);
    for (let i = 1; i < delays.length; i++)
      expect(delays[i]).toBeLessThanOrEqual(delays[i - 1] ?? 0);
  });
});

describe('an airline-wide operational disruption', () => {
  const d = day('network-airline-wide');

  it('delays Air France everywhere with code 55 and cancels round trips, announced once the outage began', () => {
    const [item] = truth(d, 'AIRLINE_WIDE');
    expect(item).toMatchObject({ operatorIcao: 'AFR', major: true });
    const legs = (item?.scheduleIds ?? []).map((id) => [leg(d, id), outcome(d, id)] as const);
    expect(new Set(legs.map(([l]) => l.departureAirport)).size).toBeGreaterThanOrEqual(4);
    for (const [l] of legs) expect(l.operatorIcao).toBe('AFR');
    expect(legs.filter(([, o]) => o.delayCode === '55').length).toBeGreaterThan(10);
    const cancelled = legs.filter(([, o]) => o.status === 'CANCELLED');
    expect(cancelled.length).toBeGreaterThanOrEqual(2);
    for (const [, o] of cancelled) {
      expect(o.delayCode).toBe('55');
      expect(o.announcedAt as number).toBeGreaterThanOrEqual(Date.parse('2024-09-17T08:00:00Z'));
    }
  });
});

describe('network-wide chaos', () => {
  const d = day('network-chaos');

  it('declares several disruptions at once, their network effect, and track anomalies', () => {
    const patterns = new Set(d.groundTruth.filter((g) => g.major).map((g) => g.pattern));
    for (const p of [
      'WEATHER_IMPACT',
      'AIRPORT_CONGESTION',
      'AIRLINE_WIDE',
      'CASCADING_DELAY',
      'NETWORK_EFFECT',
      'DIVERSION',
      'HOLDING',
      'RETURN_TO_ORIGIN',
      'CANCELLATION',
    ] as const) {
      expect(patterns, p).toContain(p);
    }
    expect(truth(d, 'GO_AROUND')).toHaveLength(1);
  });

  it('flies the anomalies on their legs', () => {
    const anomaly = (pattern: InjectedDisruption['pattern']) => {
      const [item] = truth(d, pattern);
      return {
        item,
        leg: leg(d, item?.scheduleIds[0] ?? ''),
        o: outcome(d, item?.scheduleIds[0] ?? ''),
      };
    };
    const diversion = anomaly('DIVERSION');
    expect(diversion.o).toMatchObject({
      status: 'DIVERTED',
      landedAt: 'EDDS',
      actualArrival: null,
    });
    expect(diversion.leg.arrivalAirport).toBe('EDDF');
    expect(diversion.o.anomalies).toEqual([
      { type: 'diversion', at: expect.any(Number), to: 'EDDS' },
    ]);
    const at = (diversion.o.anomalies[0] as { at: number }).at;
    expect(at).toBeGreaterThan(diversion.o.actualDeparture as number);
    expect(d.positioning).toEqual([
      expect.objectContaining({
        departureAirport: 'EDDS',
        arrivalAirport: 'EDDF',
        icao24: diversion.leg.icao24,
      }),
    ]);

    const holding = anomaly('HOLDING');
    expect(holding.o.anomalies).toEqual([{ type: 'holding', durationMs: 20 * MINUTE }]);
    expect(holding.leg.arrivalAirport).toBe('EGLL');

    const goAround = anomaly('GO_AROUND');
    expect(goAround.o.anomalies).toEqual([{ type: 'go_around' }]);
    expect(goAround.item?.major).toBe(false);

    const back = anomaly('RETURN_TO_ORIGIN');
    expect(back.o).toMatchObject({ status: 'RETURNED', landedAt: back.leg.departureAirport });
    expect(back.o.anomalies).toEqual([
      { type: 'return_to_origin', at: (back.o.actualDeparture as number) + 25 * MINUTE },
    ]);
    expect(back.o.actualArrival as number).toBeGreaterThan(
      (back.o.actualDeparture as number) + 25 * MINUTE,
    );
  });
});
