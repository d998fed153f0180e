import { describe, expect, it } from 'vitest';
import { run, track } from './test-support/run.js';

describe('the built-in a319-diversion (a 5-minute transponder gap, then a diversion)', () => {
  const { scenario, positions, flights } = run('a319-diversion');
  const { finals, events } = track(positions);
  const gapFrom = scenario.start + 55 * 60_000;
  const gapTo = gapFrom + 5 * 60_000;

  it('sends no position while the transponder is silent', () => {
    expect(positions.filter((p) => p.positionTime >= gapFrom && p.positionTime < gapTo)).toEqual(
      [],
    );
    const before = positions.filter((p) => p.positionTime < gapFrom).at(-1);
    const after = positions.find((p) => p.positionTime >= gapTo);
    expect((after?.positionTime ?? 0) - (before?.positionTime ?? 0)).toBeGreaterThan(300_000);
    expect((after?.positionTime ?? 0) - (before?.positionTime ?? 0)).toBeLessThanOrEqual(310_000);
  });

  it('is reported by the analyser as a POSITION_GAP of about 5 minutes', () => {
    const gaps = events.filter((e) => e.type === 'POSITION_GAP');
    expect(gaps).toHaveLength(1);
    expect(Number(gaps[0]?.attributes.gapSeconds)).toBeGreaterThanOrEqual(300);
    expect(Number(gaps[0]?.attributes.gapSeconds)).toBeLessThanOrEqual(310);
  });

  it('lands at Copenhagen instead of Stockholm, and says so when it diverts', () => {
    const landings = events.filter((e) => e.type === 'LANDING');
    expect(landings.map((e) => e.airportIcao)).toEqual(['EKCH']);
    expect(finals.at(-1)).toMatchObject({ firId: 'EKDK', arrivalAirport: 'EKCH' });
    expect(finals.map((c) => c.firId)).toEqual(['LFEE', 'EBBU', 'EHAA', 'EDWW', 'EKDK']);
    expect(flights.map((f) => [f.destination, f.divertedFrom])).toEqual([
      ['ESSA', null],
      ['EKCH', 'ESSA'],
    ]);
    expect(flights[1]?.departureTime).toBe(flights[0]?.departureTime);
  });

  it('flies on from where it was when it diverts, without a jump', () => {
    const at = scenario.start + 75 * 60_000;
    const before = positions.filter((p) => p.positionTime < at).at(-1);
    const after = positions.find((p) => p.positionTime >= at);
    expect(before?.onGround).toBe(false);
    expect(Math.abs((after?.baroAltitudeM ?? 0) - (before?.baroAltitudeM ?? 0))).toBeLessThan(200);
  });
});
