// The disruption-correlator scored against every built-in network scenario's ground truth,
// offline (tests/support/disruptions; `pnpm score:disruptions` prints the tables). The
// floors are what every scenario measured when this was written, less a margin only where
// a pattern has many items: one truth item of a pattern means recall 1 or 0, so its floor is
// 1. Precision is floored at what the scenarios reach now that the airport, airline-wide and
// cascade rules read where each delay code puts its cause (the day is fixed, so the score is
// deterministic): every pattern 1 in every scenario, but DELAY (0.95: 30–140 items a day,
// unchanged by those rules) and CASCADING_DELAY in network-atc-congestion (0.4, see below).
import type { InjectedDisruption } from '@overfly/scenarios';
import { describe, expect, it } from 'vitest';
import type { FoundDisruption } from '../support/disruptions/correlate.js';
import { scoreScenario } from '../support/disruptions/run.js';
import { matches, TOLERANCE_MS } from '../support/disruptions/score.js';

/** Per scenario: the least recall of each pattern it injects as major. */
const RECALL_FLOORS: Record<string, Record<string, number>> = {
  'network-weather-hub': { WEATHER_IMPACT: 1, CANCELLATION: 1, DELAY: 0.9 },
  'network-technical': { AIRLINE_WIDE: 1, CANCELLATION: 1, DELAY: 0.9 },
  'network-atc-congestion': { AIRPORT_CONGESTION: 1 },
  'network-cascade': { CASCADING_DELAY: 1, DELAY: 0.75 },
  'network-airline-wide': { AIRLINE_WIDE: 1, CANCELLATION: 1, DELAY: 0.9 },
  'network-chaos': {
    WEATHER_IMPACT: 1,
    AIRPORT_CONGESTION: 1,
    AIRLINE_WIDE: 1,
    NETWORK_EFFECT: 1,
    CASCADING_DELAY: 1,
    CANCELLATION: 1,
    DIVERSION: 1,
    RETURN_TO_ORIGIN: 1,
    HOLDING: 1,
    DELAY: 0.9,
  },
};

/** Patterns whose findings must be true ones (precision floor), in every scenario. */
const PRECISION_FLOORS: Record<string, number> = {
  DELAY: 0.95,
  CANCELLATION: 1,
  CASCADING_DELAY: 1,
  AIRPORT_CONGESTION: 1,
  AIRLINE_WIDE: 1,
  NETWORK_EFFECT: 1,
  WEATHER_IMPACT: 1,
  DIVERSION: 1,
  RETURN_TO_ORIGIN: 1,
  HOLDING: 1,
  GO_AROUND: 1,
};

/**
 * Where a scenario stays below the floor, and why. network-atc-congestion: 2 of 5 cascades
 * are true. Two are predicted from an ATFM-held root's estimated arrival onto legs with no
 * code yet, and resolved once the schedule's buffer absorbed it (the feed's estimate carries
 * the whole departure delay over the block time); one has a last link the airline codes
 * reactionary (93) with 11 minutes of knock-on, which the ground truth does not count.
 */
const PRECISION_EXCEPTIONS: Record<string, Record<string, number>> = {
  'network-atc-congestion': { CASCADING_DELAY: 0.4 },
};

describe('the correlator against the network scenarios', () => {
  it('finds nothing major on a normal day, and each minor delay it finds is an injected one', () => {
    const { score } = scoreScenario('network-normal');
    expect(score.majorFound.map((f) => f.disruptionId)).toEqual([]);
    const delay = score.patterns.find((p) => p.pattern === 'DELAY');
    expect(delay?.precision).toBe(1);
  });

  for (const [scenario, floors] of Object.entries(RECALL_FLOORS)) {
    it(`${scenario}: recall and precision at their floors`, () => {
      const { score } = scoreScenario(scenario);
      for (const [pattern, floor] of Object.entries(floors)) {
        const row = score.patterns.find((p) => p.pattern === pattern);
        expect(row?.truthMajor, `${pattern} is injected as major`).toBeGreaterThan(0);
        expect(
          row?.recall ?? 0,
          `${pattern} missed: ${row?.missed.join(', ')}`,
        ).toBeGreaterThanOrEqual(floor);
      }
      for (const row of score.patterns) {
        const floor =
          PRECISION_EXCEPTIONS[scenario]?.[row.pattern] ?? PRECISION_FLOORS[row.pattern];
        if (floor === undefined || row.precision === null) continue;
        expect(row.precision, `${row.pattern} precision`).toBeGreaterThanOrEqual(floor);
      }
    });
  }
});

/**
 * The same scenarios as ops-feed publishes them today: its flight-data API (aviationstack)
 * gives no IATA delay code, so the correlator places each delay by its times alone. Every
 * major item must still be found and a normal day must stay quiet; the aggregates' precision
 * is lower without codes (`pnpm score:disruptions --no-delay-codes` prints it) and is floored
 * only where measured: congestion and airline-wide findings of network-chaos, 5 of 9 and 1 of
 * 4 when this was written.
 */
const WITHOUT_CODES_PRECISION: Record<string, Record<string, number>> = {
  'network-chaos': { AIRPORT_CONGESTION: 0.5, AIRLINE_WIDE: 0.25, WEATHER_IMPACT: 1 },
};

describe('the correlator against the network scenarios without delay codes', () => {
  it('finds nothing major on a normal day', () => {
    const { score } = scoreScenario('network-normal', { delayCodes: false });
    expect(score.majorFound.map((f) => f.disruptionId)).toEqual([]);
  });

  for (const [scenario, floors] of Object.entries(RECALL_FLOORS)) {
    it(`${scenario}: every major item found`, () => {
      const { score } = scoreScenario(scenario, { delayCodes: false });
      for (const [pattern, floor] of Object.entries(floors)) {
        const row = score.patterns.find((p) => p.pattern === pattern);
        expect(
          row?.recall ?? 0,
          `${pattern} missed: ${row?.missed.join(', ')}`,
        ).toBeGreaterThanOrEqual(floor);
      }
      for (const [pattern, floor] of Object.entries(WITHOUT_CODES_PRECISION[scenario] ?? {})) {
        const row = score.patterns.find((p) => p.pattern === pattern);
        expect(row?.precision ?? 0, `${pattern} precision`).toBeGreaterThanOrEqual(floor);
      }
    });
  }
});

describe('matching a disruption to a truth item', () => {
  const t0 = Date.parse('2024-09-17T10:00:00Z');
  const truth: InjectedDisruption = {
    id: 'weather-EDDF-1',
    pattern: 'WEATHER_IMPACT',
    major: true,
    airportIcao: 'EDDF',
    operatorIcao: null,
    windowStart: t0,
    windowEnd: t0 + 2 * 3_600_000,
    scheduleIds: ['LH1-20240917-EDDF'],
    description: 'thunderstorms',
  };
  const found = (extra: Partial<FoundDisruption>): FoundDisruption => ({
    disruptionId: 'x',
    type: 'WEATHER_IMPACT',
    severity: 'HIGH',
    airportIcao: 'EDDF',
    operatorIcao: null,
    scheduleIds: new Set(),
    windowStart: t0,
    windowEnd: t0 + 3_600_000,
    summary: '',
    resolved: true,
    ...extra,
  });

  it('needs the same pattern and the same aerodrome', () => {
    expect(matches(truth, found({}))).toBe(true);
    expect(matches(truth, found({ type: 'AIRPORT_CONGESTION' }))).toBe(false);
    expect(matches(truth, found({ airportIcao: 'EDDM' }))).toBe(false);
  });

  it('lets the windows be apart by up to one correlation window, no more', () => {
    const after = truth.windowEnd + TOLERANCE_MS;
    expect(matches(truth, found({ windowStart: after, windowEnd: after + 1 }))).toBe(true);
    expect(matches(truth, found({ windowStart: after + 1, windowEnd: after + 2 }))).toBe(false);
  });

  it('matches a leg pattern by a leg in common', () => {
    const delay = { ...truth, pattern: 'DELAY' as const };
    const leg = (id: string) => found({ type: 'DELAY', scheduleIds: new Set([id]) });
    expect(matches(delay, leg('LH1-20240917-EDDF'))).toBe(true);
    expect(matches(delay, leg('LH2-20240917-EDDF'))).toBe(false);
  });
});
