import { describe, expect, it } from 'vitest';
import { assessCompensation } from './assess.js';
import {
  cancelled,
  delayed,
  equatorAirports,
  HOUR,
  itinerary,
  leg,
} from './test-support/itineraries.js';
import { CAUSE_KINDS, type CauseKind } from './types.js';

const airports = equatorAirports({ EDAA: 0, LFAA: 1000 });
const withCause = (kind: CauseKind, evidence: string[] = []) =>
  assessCompensation(delayed('EDAA', 'LFAA', 5 * HOUR, { cause: { kind, evidence, note: null } }), {
    airports,
  });

describe('extraordinary circumstances (Art. 5(3))', () => {
  it.each([
    ['WEATHER', true, 'recital 14'],
    ['ATC', true, 'recital 15'],
    ['SECURITY', true, 'recital 14'],
    ['POLITICAL', true, 'recital 14'],
    ['BIRD_STRIKE', true, 'C-315/15 Pešková'],
    ['EXTERNAL_STRIKE', true, 'C-28/20 Airhelp'],
    ['UNRULY_PASSENGER', true, 'C-74/19 Transportes Aéreos Portugueses'],
    ['TECHNICAL', false, 'C-549/07 Wallentin-Hermann'],
    ['OWN_STAFF_STRIKE', false, 'C-195/17 Krüsemann'],
    ['CREW_SHORTAGE', false, 'C-156/22 TAP Portugal'],
    ['OPERATIONAL', false, 'Art. 5(3)'],
    ['UNKNOWN', false, 'Art. 5(3)'],
  ] as const)('%s: extraordinary %s, on %s', (kind, extraordinary, basis) => {
    const a = withCause(kind, [`obs-${kind}`]);
    expect(a.extraordinary).toBe(extraordinary);
    expect(a.eligible).toBe(!extraordinary);
    expect(a.amount.amountMinor).toBe(extraordinary ? 0 : 25_000);
    expect(a.cause).toEqual({ kind, evidence: [`obs-${kind}`], note: null });
    const step = a.reasoning.find((s) => s.topic === 'EXTRAORDINARY');
    expect(step?.basis).toContain(basis);
    expect(step?.text).toContain(`Evidence: obs-${kind}.`);
    // Care stays owed when compensation does not (McDonagh).
    expect(
      a.reasoning.some((s) => s.topic === 'CARE' && s.basis.includes('C-12/11 McDonagh')),
    ).toBe(extraordinary);
  });

  it('rules on every cause kind', () => {
    for (const kind of CAUSE_KINDS) expect(withCause(kind).reasoning.length).toBeGreaterThan(5);
  });

  it('takes a leg with no cause as UNKNOWN, not extraordinary: the burden of proof is the carrier’s', () => {
    const a = assessCompensation(delayed('EDAA', 'LFAA', 5 * HOUR), { airports });
    expect(a.cause).toEqual({ kind: 'UNKNOWN', evidence: [], note: null });
    expect(a.extraordinary).toBe(false);
    expect(a.eligible).toBe(true);
    expect(a.reasoning.find((s) => s.topic === 'EXTRAORDINARY')?.text).toContain(
      'burden of proving',
    );
  });

  it('exempts a cancellation caused by weather too, and names the cancelled leg', () => {
    const a = assessCompensation(
      cancelled('EDAA', 'LFAA', HOUR, null, {
        cause: { kind: 'WEATHER', evidence: ['metar:EDAA:0800Z'], note: 'freezing rain' },
      }),
      { airports },
    );
    expect(a.disruption).toBe('CANCELLATION');
    expect(a.extraordinary).toBe(true);
    expect(a.eligible).toBe(false);
    expect(a.reasoning.find((s) => s.topic === 'EXTRAORDINARY')?.text).toContain(
      'legs[0] LH100 is WEATHER (freezing rain)',
    );
  });

  it('is no defence to denied boarding (Finnair)', () => {
    const a = assessCompensation(
      itinerary([
        leg({
          from: 'EDAA',
          to: 'LFAA',
          deniedBoarding: 'INVOLUNTARY',
          cause: { kind: 'WEATHER', evidence: [], note: null },
        }),
      ]),
      { airports },
    );
    expect(a.disruption).toBe('DENIED_BOARDING');
    expect(a.eligible).toBe(true);
    expect(a.extraordinary).toBe(false);
    expect(a.amount.amountMinor).toBe(25_000);
    expect(a.reasoning.find((s) => s.topic === 'DENIED_BOARDING')?.basis).toEqual([
      'Art. 4(3)',
      'C-22/11 Finnair',
    ]);
  });
});
