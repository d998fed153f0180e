import { readFileSync } from 'node:fs';
import { defaultAirports, greatCircleKm } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import { isSyntheticAddress } from '../addresses.js';
import { bundledRegistry } from '../aircraft.js';
import { BUILT_IN_DIR } from '../load.js';
import { builtInNetworkScenarios, compileNetworkScenario } from './compile.js';
import { loadNetwork } from './data.js';
import { flightPlan, performanceOf } from './flight-time.js';
import type { LegOutcome, NetworkDay, ScheduledLeg } from './model.js';

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

const outcome = (d: NetworkDay, leg: ScheduledLeg) => d.outcomes.get(leg.scheduleId) as LegOutcome;
const rotations = (d: NetworkDay) => {
  const byAircraft = new Map<string, ScheduledLeg[]>();
  for (const leg of d.legs)
    byAircraft.set(leg.icao24, [...(byAircraft.get(leg.icao24) ?? []), leg]);
  return byAircraft;
};

describe('the built-in network scenarios', () => {
  const readme = readFileSync(`${BUILT_IN_DIR}README.md`, 'utf8');

  it('are the seven of the issue', () => {
    expect(builtInNetworkScenarios()).toEqual([
      'network-airline-wide',
      'network-atc-congestion',
      'network-cascade',
      'network-chaos',
      'network-normal',
      'network-technical',
      'network-weather-hub',
    ]);
  });

  it.each(builtInNetworkScenarios())(
    '%s compiles to an 8-hour day of a few hundred legs, is named after its file and listed in data/scenarios/README.md',
    (name) => {
      const d = day(name);
      expect(d.name).toBe(name);
      expect(readme).toContain(`\`${name}\``);
      expect(d.end - d.start).toBe(8 * 60 * MINUTE);
      expect(d.legs.length).toBeGreaterThanOrEqual(250);
      expect(d.legs.length).toBeLessThanOrEqual(600);
      const passengers = d.bookings.reduce((n, b) => n + b.passengers.length, 0);
      expect(passengers).toBeGreaterThan(10_000);
      expect(passengers).toBeLessThan(60_000);
      expect(d.airports.length).toBeGreaterThanOrEqual(11);
      expect(d.airlines.length).toBeGreaterThanOrEqual(4);
    },
  );
});

describe('a compiled day', () => {
  it('is the same for the same seed and start, and another for another seed', () => {
    const again = compileNetworkScenario('network-chaos');
    expect(again).toEqual(day('network-chaos'));
    const other = compileNetworkScenario('network-chaos', { seed: 78 });
    expect(other.legs.map((l) => l.scheduleId)).not.toEqual(again.legs.map((l) => l.scheduleId));
  });

  it('moves with the start it is given', () => {
    const start = Date.parse('2025-01-10T05:00:00Z');
    const moved = compileNetworkScenario('network-normal', { start });
    expect(moved.start).toBe(start);
    expect(moved.legs[0]?.scheduledDeparture).toBeGreaterThanOrEqual(start);
    expect(moved.legs[0]?.scheduleId).toMatch(/-20250110-/);
  });

  it('lists its legs by scheduled departure, each once, with ids of flight number, date and origin', () => {
    const d = day('network-normal');
    const ids = d.legs.map((l) => l.scheduleId);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < d.legs.length; i++) {
      expect(d.legs[i]?.scheduledDeparture).toBeGreaterThanOrEqual(
        d.legs[i - 1]?.scheduledDeparture ?? 0,
      );
    }
    for (const leg of d.legs) {
      expect(leg.scheduleId).toBe(`${leg.flightNumber}-20240917-${leg.departureAirport}`);
      expect(leg.callsign).toBe(`${leg.operatorIcao}${leg.flightNumber.slice(2)}`);
      expect(d.outcomes.has(leg.scheduleId)).toBe(true);
    }
  });

  it('gives its aircraft synthetic addresses no real aircraft of the registry has, and distinct marks', () => {
    const d = day('network-normal');
    const addresses = d.aircraft.map((a) => a.icao24);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(new Set(d.aircraft.map((a) => a.registration)).size).toBe(d.aircraft.length);
    for (const a of d.aircraft) {
      expect(isSyntheticAddress(a.icao24), a.icao24).toBe(true);
      expect(bundledRegistry().typeOf(a.icao24)).toBeUndefined();
    }
  });

  it("takes block times from the engine's flight model plus a buffer, at airliner speeds", () => {
    const d = day('network-normal');
    const airports = defaultAirports();
    for (const leg of d.legs) {
      const a = airports.byIcao(leg.departureAirport);
      const b = airports.byIcao(leg.arrivalAirport);
      if (!a || !b) throw new Error('leg outside the table');
      const engine = flightPlan(a, b, performanceOf(leg.aircraftType), leg.cruiseFl, 0);
      const block = leg.scheduledArrival - leg.scheduledDeparture;
      // 10 minutes of buffer, rounded up to the 5-minute step of timetables.
      expect(block - engine.tEnd).toBeGreaterThanOrEqual(10 * MINUTE);
      expect(block - engine.tEnd).toBeLessThan(15 * MINUTE);
      const kmh = greatCircleKm(a, b) / (block / (60 * MINUTE));
      expect(kmh).toBeGreaterThan(150);
      expect(kmh).toBeLessThan(greatCircleKm(a, b) > 1_000 ? 800 : 600);
      if (greatCircleKm(a, b) > 1_000) expect(kmh).toBeGreaterThan(500);
    }
  });
});

describe('rotations', () => {
  it.each(builtInNetworkScenarios())(
    '%s: each planned leg leaves where the previous one arrived, after the turnaround',
    (name) => {
      const d = day(name);
      const turnaround = new Map(
        loadNetwork('europe').fleet.map((a) => [a.icao24, a.turnaroundMs]),
      );
      for (const [icao24, legs] of rotations(d)) {
        legs.forEach((leg, i) => {
          const before = legs[i - 1];
          expect(leg.inboundScheduleId).toBe(before?.scheduleId ?? null);
          if (!before) return;
          expect(leg.departureAirport).toBe(before.arrivalAirport);
          expect(leg.scheduledDeparture).toBeGreaterThanOrEqual(
            before.scheduledArrival + (turnaround.get(icao24) ?? 0),
          );
        });
      }
    },
  );

  it.each(builtInNetworkScenarios())(
    '%s: each leg flown leaves from where the aircraft really is, not before it is turned round',
    (name) => {
      const d = day(name);
      const turnaround = new Map(
        loadNetwork('europe').fleet.map((a) => [a.icao24, a.turnaroundMs]),
      );
      for (const [icao24, legs] of rotations(d)) {
        let at = legs[0]?.departureAirport;
        let free = Number.NEGATIVE_INFINITY;
        for (const leg of legs) {
          const o = outcome(d, leg);
          if (o.status === 'CANCELLED') continue;
          expect(leg.departureAirport, leg.scheduleId).toBe(at);
          expect(o.actualDeparture).toBeGreaterThanOrEqual(Math.max(free, leg.scheduledDeparture));
          if (o.status === 'DIVERTED') {
            // The positioning flight brings it from the alternate to where its next leg leaves.
            const ferry = d.positioning.find((p) => p.afterScheduleId === leg.scheduleId);
            expect(ferry?.departureAirport).toBe(o.landedAt);
            expect(ferry?.arrivalAirport).toBe(leg.arrivalAirport);
            at = leg.arrivalAirport;
            free = (ferry?.arrival ?? 0) + (turnaround.get(icao24) ?? 0);
          } else if (o.status === 'RETURNED') {
            at = leg.departureAirport;
            free = o.actualArrival ?? 0;
          } else {
            at = leg.arrivalAirport;
            free = (o.actualArrival ?? 0) + (turnaround.get(icao24) ?? 0);
          }
        }
      }
    },
  );

  it('cancels whole round trips, so the aircraft stays at its hub', () => {
    const d = day('network-airline-wide');
    const cancelled = d.legs.filter((l) => outcome(d, l).status === 'CANCELLED');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const leg of cancelled) {
      const out = cancelled.find(
        (c) => c.arrivalAirport === leg.departureAirport && c.icao24 === leg.icao24,
      );
      const back = cancelled.find(
        (c) => c.departureAirport === leg.arrivalAirport && c.icao24 === leg.icao24,
      );
      expect(out ?? back).toBeDefined();
    }
  });
});

describe('bookings', () => {
  const d = day('network-normal');
  const legs = new Map(d.legs.map((l) => [l.scheduleId, l]));
  const mct = new Map(d.airports.map((a) => [a.icao, a.minimumConnectionMinutes]));

  it('connect through a hub of the same airline with at least its minimum connecting time', () => {
    const connecting = d.bookings.filter((b) => b.itinerary.length === 2);
    expect(connecting.length).toBeGreaterThan(1_000);
    for (const booking of connecting) {
      const [first, second] = booking.itinerary.map((id) => legs.get(id) as ScheduledLeg);
      if (!first || !second) throw new Error('two legs expected');
      expect(second.departureAirport).toBe(first.arrivalAirport);
      expect(second.arrivalAirport).not.toBe(first.departureAirport);
      expect(second.operatorIcao).toBe(first.operatorIcao);
      expect(second.scheduledDeparture - first.scheduledArrival).toBeGreaterThanOrEqual(
        (mct.get(first.arrivalAirport) ?? 0) * MINUTE,
      );
      expect(booking.bookedAt).toBeLessThan(first.scheduledDeparture);
    }
  });

  it('never sell more seats than a leg has', () => {
    const sold = new Map<string, number>();
    for (const b of d.bookings) {
      for (const id of b.itinerary) sold.set(id, (sold.get(id) ?? 0) + b.passengers.length);
    }
    const seats = new Map(d.aircraft.map((a) => [a.icao24, a.seats]));
    for (const leg of d.legs) {
      expect(sold.get(leg.scheduleId) ?? 0).toBeLessThanOrEqual(seats.get(leg.icao24) ?? 0);
      expect(sold.get(leg.scheduleId) ?? 0).toBeGreaterThan(0);
    }
  });

  it('carry passengers with fares in euro cents per leg, tiers, languages and special needs', () => {
    const passengers = d.bookings.flatMap((b) => b.passengers.map((p) => ({ b, p })));
    const ids = passengers.map(({ p }) => p.passengerId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { b, p } of passengers) {
      expect(p.fares).toHaveLength(b.itinerary.length);
      for (const fare of p.fares) {
        expect(fare.currency).toBe('EUR');
        expect(Number.isInteger(fare.amountMinor)).toBe(true);
        expect(fare.amountMinor).toBeGreaterThan(0);
      }
      if (p.specialAssistance.includes('UMNR')) expect(b.passengers).toHaveLength(1);
    }
    const needs = new Set(passengers.flatMap(({ p }) => p.specialAssistance));
    expect([...needs].sort()).toEqual(['BLND', 'DEAF', 'INFT', 'MEDA', 'UMNR', 'WCHC', 'WCHR']);
    expect(new Set(passengers.map(({ p }) => p.loyaltyTier)).size).toBe(5);
    expect(new Set(passengers.map(({ p }) => p.cabinClass))).toEqual(
      new Set(['ECONOMY', 'BUSINESS']),
    );
    expect(new Set(passengers.map(({ p }) => p.language))).toEqual(
      new Set(['en', 'fr', 'de', 'nl', 'es', 'it', 'da']),
    );
  });
});
