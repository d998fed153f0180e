import { describe, expect, it } from 'vitest';
import { loadScenario } from '../load.js';
import { createSimulation } from '../simulation.js';
import { compileNetworkScenario } from './compile.js';

describe('a network scenario flown by the scenario engine (one story)', () => {
  it('flies every operated leg of the day, each aircraft under its own address and callsign', () => {
    const start = Date.parse('2024-09-17T06:00:00Z');
    const day = compileNetworkScenario('network-chaos', { start });
    const flights: Array<{ icao24: string; callsign: string; origin: string }> = [];
    const simulation = createSimulation(loadScenario('network-chaos', { start }), {
      onFlight: (f) => {
        if (f.divertedFrom === null) flights.push(f);
      },
    });
    let positions = 0;
    for (const _ of simulation.positions()) positions++;
    const operated = day.legs.filter((leg) => day.outcomes.get(leg.scheduleId)?.actualDeparture);
    expect(positions).toBeGreaterThan(10_000);
    expect(flights.length).toBe(operated.length + day.positioning.length);
    const flown = new Set(flights.map((f) => `${f.icao24} ${f.callsign} ${f.origin}`));
    for (const leg of operated) {
      expect(
        flown.has(`${leg.icao24} ${leg.callsign} ${leg.departureAirport}`),
        leg.scheduleId,
      ).toBe(true);
    }
  });
});
