import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { compileNetworkScenario } from './compile.js';

const valid = {
  kind: 'network',
  name: 'test',
  seed: 3,
  start: '2024-09-17T06:00:00Z',
  duration: '8h',
  network: 'europe',
  disruptions: [],
};

function errorOf(document: unknown): ScenarioError {
  try {
    compileNetworkScenario(document as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('the scenario was accepted');
}
const issues = (document: unknown) =>
  errorOf(document).issues.map((i) => `${i.path}: ${i.message}`);
const withDisruption = (disruption: Record<string, unknown>) => ({
  ...valid,
  disruptions: [disruption],
});

describe('a bad network scenario document', () => {
  it('names a misspelt field and a missing one', () => {
    const error = errorOf({ ...valid, netwrk: 'europe', network: undefined });
    expect(error.code).toBe('SCENARIOS_INVALID');
    expect(error.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'network: required (string)',
      'netwrk: unknown field',
    ]);
  });

  it('says what a duration looks like and lists the kinds of disruption', () => {
    expect(issues({ ...valid, duration: '8 hours' })).toEqual([
      'duration: expected the length of the day like "90s", "45m" or "1h30m", got "8 hours"',
    ]);
    expect(issues(withDisruption({ type: 'volcano' }))).toEqual([
      'disruptions[0].type: expected one of "weather", "technical", "atc_congestion", "cascade", "airline_wide", "diversion", "holding", "go_around", "return_to_origin"',
    ]);
  });

  it('names the field of a bad disruption', () => {
    expect(
      issues(
        withDisruption({
          type: 'weather',
          airport: 'EDDF',
          from: '1h',
          to: '2h',
          severity: 'hail',
        }),
      ),
    ).toEqual([
      "disruptions[0].severity: Invalid enum value. Expected 'thunderstorms' | 'fog' | 'snow', received 'hail'",
    ]);
    expect(issues(withDisruption({ type: 'holding', leg: 'Lufthansa', duration: '10m' }))).toEqual([
      'disruptions[0].leg: expected a flight number like "LH1002"',
    ]);
    expect(
      issues(withDisruption({ type: 'holding', leg: { arival: 'EDDF' }, duration: '10m' })),
    ).toEqual(['disruptions[0].leg.arival: unknown field']);
  });

  it('names an airport or airline outside the network, and a window outside the day', () => {
    expect(
      issues(
        withDisruption({
          type: 'atc_congestion',
          airport: 'LFMN',
          from: '1h',
          to: '9h',
          capacityFactor: 0.5,
        }),
      ),
    ).toEqual([
      'disruptions[0].airport: LFMN is not an airport of the europe network (EGLL, LFPG, EDDF, EHAM, LEMD, LEBL, LIRF, EDDM, LSZH, EBBR, EKCH, LOWW)',
      'disruptions[0].to: after the end of the day (8h)',
    ]);
    expect(
      issues(
        withDisruption({
          type: 'technical',
          airline: 'RYR',
          share: 0.3,
          delay: { min: '10m', max: '1h' },
        }),
      ),
    ).toEqual([
      'disruptions[0].airline: RYR is not an airline of the europe network (DLH, AFR, KLM, BAW, IBE, SWR)',
    ]);
    expect(
      issues(
        withDisruption({ type: 'weather', airport: 'EDDF', from: '3h', to: '2h', severity: 'fog' }),
      ),
    ).toEqual(['disruptions[0].from: expected from before to']);
    expect(issues({ ...valid, network: 'asia' })).toEqual([
      'network: unknown network "asia" (data/network/ has europe)',
    ]);
  });

  it('names a leg that is not in the day, a diversion to nowhere and a return on the ground', () => {
    expect(issues(withDisruption({ type: 'go_around', leg: 'LH9999' }))).toEqual([
      expect.stringMatching(
        /^disruptions\[0\]\.leg: no leg LH9999 in this day \(LH flies LH\d+–LH\d+\)$/,
      ),
    ]);
    expect(
      issues(withDisruption({ type: 'diversion', leg: { arrival: 'EDDF' }, to: 'ZZZZ' })),
    ).toEqual(['disruptions[0].to: unknown airport "ZZZZ" (not in data/airports/airports.csv)']);
    expect(
      issues(withDisruption({ type: 'return_to_origin', leg: { departure: 'EDDF' }, at: '1m' })),
    ).toEqual([
      expect.stringMatching(
        /^disruptions\[0\]\.at: LH\d+ is in the air from \d+m\d+s to \d+h?\d+m\d+s after off-block$/,
      ),
    ]);
    expect(
      issues(
        withDisruption({
          type: 'holding',
          leg: { departure: 'EDDF', arrival: 'EDDF' },
          duration: '5m',
        }),
      ),
    ).toEqual([
      'disruptions[0].leg: no leg of the day matches {"departure":"EDDF","arrival":"EDDF"}',
    ]);
  });

  it('needs a start from the document or the caller, and finds built-ins by name only', () => {
    expect(errorOf({ ...valid, start: undefined }).code).toBe('SCENARIOS_START_MISSING');
    expect(
      compileNetworkScenario({ ...valid, start: undefined }, { start: Date.UTC(2024, 8, 17, 6) })
        .start,
    ).toBe(Date.UTC(2024, 8, 17, 6));
    expect(() => compileNetworkScenario('network-nothing')).toThrow(
      /SCENARIOS_NOT_FOUND|no built-in scenario has that name/,
    );
  });
});
