import { describe, expect, it } from 'vitest';
import { Harness, onTopic } from '../../test-support/harness.js';
import { at, type LegSpec, schedule, scheduleIdOf } from '../../test-support/records.js';

/** One aircraft's day: EDDF → EGLL → EDDF → LFPG → EDDF, 40–50 minute turns. */
const ROTATION: LegSpec[] = [
  { flight: 'LH100', from: 'EDDF', to: 'EGLL', dep: '08:00', arr: '09:40' },
  {
    flight: 'LH101',
    from: 'EGLL',
    to: 'EDDF',
    dep: '10:20',
    arr: '11:55',
    inbound: scheduleIdOf('LH100', 'EDDF'),
  },
  {
    flight: 'LH102',
    from: 'EDDF',
    to: 'LFPG',
    dep: '12:40',
    arr: '13:55',
    inbound: scheduleIdOf('LH101', 'EGLL'),
  },
  {
    flight: 'LH103',
    from: 'LFPG',
    to: 'EDDF',
    dep: '14:40',
    arr: '15:50',
    inbound: scheduleIdOf('LH102', 'EDDF'),
  },
];
const ROOT = scheduleIdOf('LH100', 'EDDF');
const plan = (changes: Record<string, Partial<LegSpec>> = {}) =>
  ROTATION.map((spec) =>
    onTopic.schedule(
      schedule({ ...spec, registration: 'D-AIBA', ...(changes[spec.flight] ?? {}) }),
    ),
  );
const update = (flight: string, change: Partial<LegSpec>, updatedAt: string) => {
  const spec = ROTATION.find((s) => s.flight === flight) as LegSpec;
  return onTopic.schedule(schedule({ ...spec, registration: 'D-AIBA', ...change, updatedAt }));
};

describe('CASCADING_DELAY', () => {
  it('follows a late first leg down the rotation while the turnarounds cannot absorb it', () => {
    const h = new Harness();
    h.feedAll([...plan(), update('LH100', { estDep: '09:30' }, '07:30')]);
    h.until(at('07:45'));
    const [cascade] = h.of('CASCADING_DELAY');
    expect(cascade).toMatchObject({
      lifecycle: 'DETECTED',
      rootCauseScheduleId: ROOT,
      operatorIcao: 'DLH',
      severity: 'MEDIUM',
      // Later legs late only by prediction: the weakest link says how sure.
      confidence: 0.6,
      summary:
        'Rotation of D-AIBA: LH100 EDDF\u2192EGLL 90 min late, then 3 more legs late (LH101 80 min, LH102 65 min, LH103 50 min)',
    });
    expect(
      cascade?.affectedFlights.map((a) => [a.flightNumber, a.expectedArrivalDelayMinutes]),
    ).toEqual([
      ['LH100', 90],
      ['LH101', 80],
      ['LH102', 65],
      ['LH103', 50],
    ]);
  });

  it('needs two later legs: one late leg after the root is not a cascade', () => {
    const h = new Harness();
    // LH102 leaves at 14:30: LH101's aircraft, on block at 13:15, is ready at 13:45.
    h.feedAll([
      ...plan({ LH102: { dep: '14:30', arr: '15:45' } }),
      update('LH100', { estDep: '09:30' }, '07:30'),
    ]);
    h.until(at('07:45'));
    expect(h.of('CASCADING_DELAY')).toEqual([]);
    // … but LH101 itself is at risk.
    expect(h.of('ROTATION_RISK').map((r) => r.affectedFlights[0]?.flightNumber)).toEqual(['LH101']);
  });

  it('counts a link at 15 minutes late and not at 14', () => {
    // Root 65 min late → LH101 ready 11:15 (55 min) → on block 12:50 → LH102 ready 13:20 (40 min)
    // → on block 14:35 → LH103 ready 15:05; LH103 leaves at 14:50 (15 min) or 14:51 (14 min).
    const at15 = new Harness();
    at15.feedAll([
      ...plan({ LH102: { dep: '12:55', arr: '14:10' }, LH103: { dep: '14:50', arr: '16:00' } }),
    ]);
    at15.feed(update('LH100', { estDep: '09:05' }, '07:30'));
    at15.until(at('07:45'));
    expect(at15.of('CASCADING_DELAY')[0]?.affectedFlights).toHaveLength(4);

    const at14 = new Harness();
    at14.feedAll([
      ...plan({ LH102: { dep: '12:55', arr: '14:10' }, LH103: { dep: '14:51', arr: '16:01' } }),
    ]);
    at14.feed(update('LH100', { estDep: '09:05' }, '07:30'));
    at14.until(at('07:45'));
    expect(at14.of('CASCADING_DELAY')[0]?.affectedFlights).toHaveLength(3);
  });

  it('is surer when the later legs report their own delay with a reactionary code', () => {
    const h = new Harness();
    h.feedAll([
      ...plan(),
      update('LH100', { estDep: '09:30' }, '07:30'),
      update('LH101', { estDep: '11:40', delayCode: '93' }, '07:31'),
      update('LH102', { estDep: '13:45', delayCode: '93' }, '07:32'),
      update('LH103', { estDep: '15:30', delayCode: '93' }, '07:33'),
    ]);
    h.until(at('07:45'));
    expect(h.of('CASCADING_DELAY')[0]?.confidence).toBe(0.8);
  });

  it('takes its cause, and its EU261 flags, from the root', () => {
    const h = new Harness();
    h.feedAll([...plan(), update('LH100', { estDep: '09:30', delayCode: '41' }, '07:30')]);
    h.until(at('07:45'));
    expect(h.of('CASCADING_DELAY')[0]).toMatchObject({
      eu261Relevant: true,
      extraordinaryCircumstances: false,
    });
    // A later leg's own DELAY says the root's cause, through its reactionary code.
    h.feedAll([
      update('LH101', { estDep: '11:40', delayCode: '93' }, '07:50'),
      update('LH102', { estDep: '13:45', delayCode: '93' }, '07:50'),
    ]);
    h.until(at('08:00'));
    const delay = h.of('DELAY').find((d) => d.affectedFlights[0]?.flightNumber === 'LH102');
    expect(delay?.eu261Note).toContain(
      'the late inbound LH101 (the late inbound LH100 (IATA delay code 41))',
    );
    expect(delay?.eu261Note).toContain('C-549/07');
    // LH101 leaves London: outside the Regulation's Art. 3(1)(a) since the UK left the EU.
    const fromLondon = h.of('DELAY').find((d) => d.affectedFlights[0]?.flightNumber === 'LH101');
    expect(fromLondon).toMatchObject({ eu261Relevant: false, eu261Note: null });
  });

  it('links a leg coded for another cause to its inbound only once the inbound is on block', () => {
    // Found scoring network-chaos and -atc-congestion: legs held for weather or ATFM (71,
    // 89) looked held by an inbound whose estimated arrival carried its whole departure
    // delay; the schedule's buffer absorbed it, and the cascade was resolved (5 false).
    // LH100 35 min late: estimated on block 10:15, ready 10:45, 25 min after LH101's 10:20.
    const h = new Harness();
    h.feedAll([
      ...plan(),
      update('LH100', { estDep: '08:35' }, '07:30'),
      update('LH101', { estDep: '10:50', delayCode: '71' }, '07:30'),
    ]);
    h.until(at('09:00'));
    expect(h.of('CASCADING_DELAY')).toEqual([]);
    // On block at 10:10 (25 min late): ready 10:40, 20 min past LH101's departure.
    h.feed(update('LH100', { actDep: '08:35', actArr: '10:10', status: 'ARRIVED' }, '10:10'));
    h.until(at('10:20'));
    expect(h.of('CASCADING_DELAY')[0]).toMatchObject({
      lifecycle: 'DETECTED',
      rootCauseScheduleId: ROOT,
      summary:
        'Rotation of D-AIBA: LH100 EDDF→EGLL 35 min late, then 2 more legs late (LH101 30 min, LH102 15 min)',
    });
  });

  it('keeps a link it found on the estimate when the leg is then coded for another cause', () => {
    const h = new Harness();
    h.feedAll([
      ...plan(),
      update('LH100', { estDep: '08:35' }, '07:30'),
      update('LH101', { estDep: '10:50' }, '07:30'),
    ]);
    h.until(at('07:45'));
    expect(h.lifecycleOf('CASCADING_DELAY', ROOT)).toEqual(['DETECTED']);
    h.feed(update('LH101', { estDep: '10:50', delayCode: '71' }, '08:00'));
    h.until(at('09:00'));
    expect(h.lifecycleOf('CASCADING_DELAY', ROOT)).not.toContain('RESOLVED');
  });

  it('is resolved when every leg of the chain is over', () => {
    const h = new Harness();
    h.feedAll([...plan(), update('LH100', { estDep: '09:30' }, '07:30')]);
    h.until(at('07:45'));
    h.feedAll([
      update('LH100', { actDep: '09:30', actArr: '11:10', status: 'ARRIVED' }, '11:10'),
      update('LH101', { actDep: '11:40', actArr: '13:15', status: 'ARRIVED' }, '13:15'),
      update('LH102', { actDep: '13:45', actArr: '15:00', status: 'ARRIVED' }, '15:00'),
      update('LH103', { actDep: '15:30', actArr: '16:40', status: 'ARRIVED' }, '16:40'),
    ]);
    h.until(at('17:00'));
    expect(h.lifecycleOf('CASCADING_DELAY', ROOT).at(-1)).toBe('RESOLVED');
    expect(h.of('CASCADING_DELAY').at(-1)?.confidence).toBe(0.85);
  });
});

describe('ROTATION_RISK', () => {
  const LH101 = scheduleIdOf('LH101', 'EGLL');

  it('is raised when the inbound’s arrival plus the minimum turnaround passes the departure', () => {
    const h = new Harness();
    h.feedAll([...plan(), update('LH100', { estArr: '10:00' }, '07:30')]);
    h.until(at('07:45'));
    const [risk] = h.of('ROTATION_RISK');
    expect(risk).toMatchObject({
      severity: 'LOW',
      confidence: 0.75,
      summary:
        'LH101 EGLL\u2192EDDF at risk: inbound LH100 expected on block 10:00Z, ready 10:30Z after a 30 min turnaround, 10 min after its 10:20Z departure',
    });
    expect(risk?.affectedFlights[0]).toMatchObject({
      scheduleId: LH101,
      expectedArrivalDelayMinutes: 10,
    });
  });

  it('is not raised when the aircraft is ready just in time, nor for an inbound on time', () => {
    const h = new Harness();
    h.feedAll([...plan(), update('LH100', { estArr: '09:50' }, '07:30')]);
    h.until(at('07:45'));
    expect(h.of('ROTATION_RISK')).toEqual([]);

    // A turn planned shorter than the minimum, with the inbound on time, is the plan.
    const tight = new Harness();
    tight.feedAll(plan({ LH101: { dep: '10:00', arr: '11:35' } }));
    tight.until(at('09:00'));
    expect(tight.of('ROTATION_RISK')).toEqual([]);
  });

  it('is resolved when the leg departs', () => {
    const h = new Harness();
    h.feedAll([
      ...plan(),
      update('LH100', { estArr: '10:00' }, '07:30'),
      update('LH100', { actDep: '08:20', actArr: '10:00', status: 'ARRIVED' }, '10:00'),
      update('LH101', { actDep: '10:31', status: 'DEPARTED' }, '10:31'),
    ]);
    h.until(at('10:40'));
    expect(h.lifecycleOf('ROTATION_RISK', LH101)).toEqual(['DETECTED', 'UPDATED', 'RESOLVED']);
  });
});
