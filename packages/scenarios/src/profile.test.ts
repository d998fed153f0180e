import { defaultAirports } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import { typePerformance } from './aircraft.js';
import { buildLeg, divertLeg, scratchState } from './leg.js';
import { CLIMB_RATE_MS, legStateAt, METRES_PER_FOOT, MS_PER_KNOT } from './profile.js';

const airport = (icao: string) =>
  defaultAirports().byIcao(icao) ?? { icao, iata: null, name: '', lat: 0, lon: 0, elevationFt: 0 };
const a320 = typePerformance().get('A320');
if (!a320) throw new Error('A320 not in the performance table');

const leg = (origin: string, destination: string, cruiseFl = 350) =>
  buildLeg({
    origin: airport(origin),
    destination: airport(destination),
    startTime: 0,
    performance: a320,
    cruiseFl,
    holdMs: 120_000,
    taxiInMs: 90_000,
  });

describe('the profile of a leg', () => {
  it('holds, rolls, climbs, cruises, descends, rolls out and parks, in that order', () => {
    const plan = leg('LFPG', 'LEMD');
    const phases: string[] = [];
    for (let t = 0; t <= plan.tEnd; t += 10_000) {
      const phase = legStateAt(plan, t, scratchState()).phase;
      if (phases.at(-1) !== phase) phases.push(phase);
    }
    expect(phases).toEqual(['ground', 'roll', 'climb', 'cruise', 'descent', 'rollout', 'parked']);
  });

  it('cruises an A320 at FL350 at its design Mach 0.7527: about 434 kt', () => {
    const plan = leg('LFPG', 'LEMD');
    expect(plan.hCruise / METRES_PER_FOOT).toBeCloseTo(35_000, 6);
    expect(plan.vCruise / MS_PER_KNOT).toBeCloseTo(433.9, 0);
    expect((plan.hCruise - plan.hStart) / ((plan.tTopOfClimb - plan.tLift) / 1000)).toBeCloseTo(
      CLIMB_RATE_MS,
      9,
    );
  });

  it('flies a short hop lower and slower, still landing on time with the 3:1 descent', () => {
    const plan = leg('LSZH', 'LSGG');
    // Zurich → Geneva is 225 km: too short to climb to FL350 and come down at 3:1.
    expect(plan.hCruise / METRES_PER_FOOT).toBeLessThan(30_000);
    expect(plan.hCruise / METRES_PER_FOOT).toBeGreaterThan(15_000);
    expect(plan.vCruise).toBeLessThan(leg('LFPG', 'LEMD').vCruise);
    expect(plan.tTopOfDescent).toBeGreaterThanOrEqual(plan.tTopOfClimb);
    const descentM = plan.route.lengthM - plan.sTopOfDescent;
    expect(descentM / (plan.hCruise - plan.hEnd)).toBeCloseTo(
      (3 * 1852) / (1000 * METRES_PER_FOOT),
      6,
    );
  });

  it('diverts from where it is, at its altitude, and descends steeper when the new aerodrome is close', () => {
    const plan = leg('LFPG', 'ESSA', 310);
    const at = plan.tTopOfClimb + 3_600_000;
    const before = legStateAt(plan, at, scratchState());
    const diverted = divertLeg(plan, at, airport('EDDH'), 60_000);
    expect(diverted).not.toBeNull();
    const after = legStateAt(diverted ?? plan, at, scratchState());
    expect(after.altitudeM).toBeCloseTo(before.altitudeM, 6);
    expect(after.speedMs).toBeCloseTo(before.speedMs, 6);
    expect(divertLeg(plan, 60_000, airport('EDDH'), 60_000)).toBeNull();
  });
});
