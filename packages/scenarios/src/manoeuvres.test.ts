import { defaultAirports, greatCircleKm } from '@overfly/geo';
import type { PositionUpdate } from '@overfly/schemas';
import type { FlightEventRecord } from '@overfly/tracking';
import { describe, expect, it } from 'vitest';
import { flightPath, type ScriptedFlight } from './compile.js';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { goAroundTime, holdingOf } from './path.js';
import { run, scenarioOf, track } from './test-support/run.js';

const FT = 0.3048;
const KT = 1852 / 3600;
const MANOEUVRES = ['HOLDING', 'GO_AROUND', 'RETURN_TO_ORIGIN'];

// The built-in: a flight of each manoeuvre, one with two, and a clean control flight.
const { scenario, positions, flights } = run('manoeuvres');
const { events, rejected } = track(positions);
const scripted = (callsign: string) =>
  scenario.scripted.find((f) => f.callsign === callsign) as ScriptedFlight;
const of = (callsign: string) => events.filter((e) => e.callsign === callsign);
const manoeuvres = (callsign: string) => of(callsign).filter((e) => MANOEUVRES.includes(e.type));
const elevationM = (icao: string) => (defaultAirports().byIcao(icao)?.elevationFt ?? 0) * FT;

describe('scripted holdings, go-arounds and returns to origin through the tracking engine', () => {
  it('gives positions the tracking engine takes, every one, at airliner speeds and rates', () => {
    expect(rejected).toEqual([]);
    const last = new Map<string, PositionUpdate>();
    let impliedKt = 0;
    let fpm = 0;
    for (const p of positions) {
      const before = last.get(p.icao24);
      if (before) {
        const nm =
          greatCircleKm(
            { lat: before.latitude, lon: before.longitude },
            { lat: p.latitude, lon: p.longitude },
          ) / 1.852;
        impliedKt = Math.max(impliedKt, nm / ((p.positionTime - before.positionTime) / 3_600_000));
      }
      fpm = Math.max(fpm, Math.abs(p.verticalRateMs ?? 0) / (FT / 60));
      last.set(p.icao24, p);
    }
    expect(impliedKt).toBeLessThan(520);
    expect(fpm).toBeLessThanOrEqual(2_600);
  });

  it('finds nothing but take-off, landing and FIRs in the control flight', () => {
    expect(manoeuvres('KLM1125')).toEqual([]);
    expect(of('KLM1125').filter((e) => e.type === 'LANDING')[0]?.airportIcao).toBe('EKCH');
  });

  it('finds the holding before London Heathrow: one HOLDING over its laps, with the pattern as evidence', () => {
    const hold = holdingOf(flightPath(scripted('AFR1080')));
    if (!hold) throw new Error('no holding planned');
    // 12 minutes asked, whole laps of about 5 minutes flown.
    expect(hold.laps).toBe(2);
    const found = manoeuvres('AFR1080');
    expect(found.map((e) => e.type)).toEqual(['HOLDING']);
    const h = found[0] as FlightEventRecord;
    expect(h.eventId).toMatch(/^bfffff-\d+-HOLDING-1$/);
    // Found from a 30-s anchor before the entry; ended at the last turn, before the final
    // inbound leg (1 minute).
    expect(h.occurredAt).toBeGreaterThanOrEqual(hold.tFrom - 40_000);
    expect(h.occurredAt).toBeLessThanOrEqual(hold.tFrom);
    const endedAt = Number(h.attributes.endedAt);
    expect(endedAt).toBeGreaterThan(hold.tTo - 90_000);
    expect(endedAt).toBeLessThanOrEqual(hold.tTo);
    expect(h.attributes.direction).toBe('RIGHT');
    expect(Math.abs(Number(h.attributes.minAltitudeM) - hold.altitudeM)).toBeLessThan(1);
    // Its centre is within a few km of the fix (the pattern is 15 km long).
    expect(greatCircleKm({ lat: h.latitude ?? 0, lon: h.longitude ?? 0 }, hold.fix)).toBeLessThan(
      10,
    );
    expect(h.evidence.length).toBeGreaterThan(10);
    expect(h.evidence.length).toBeLessThanOrEqual(30);
    expect(h.evidence.every((p) => p.time >= h.occurredAt && p.time <= endedAt)).toBe(true);
    // And it landed where it was going, after the holding.
    const landing = of('AFR1080').find((e) => e.type === 'LANDING');
    expect(landing?.airportIcao).toBe('EGLL');
    expect(landing?.occurredAt).toBeGreaterThan(hold.tTo);
  });

  it('holds level, at FL70–FL140, at the holding speed', () => {
    const hold = holdingOf(flightPath(scripted('AFR1080')));
    if (!hold) throw new Error('no holding planned');
    const level = hold.altitudeM / FT / 100;
    expect(level).toBeGreaterThanOrEqual(70);
    expect(level).toBeLessThanOrEqual(140);
    const inHold = positions.filter(
      (p) => p.callsign === 'AFR1080' && p.positionTime >= hold.tFrom && p.positionTime < hold.tTo,
    );
    expect(inHold.length).toBeGreaterThan(50);
    expect(new Set(inHold.map((p) => p.baroAltitudeM))).toEqual(
      new Set([Math.round(hold.altitudeM * 100) / 100]),
    );
    expect(inHold.every((p) => p.verticalRateMs === 0)).toBe(true);
    // 220 kt indicated is 240–270 kt true from FL70 to FL140.
    const kt = (inHold[0]?.velocityMs ?? 0) / KT;
    expect(kt).toBeGreaterThan(240);
    expect(kt).toBeLessThan(270);
  });

  it('finds the go-around at Zurich: the lowest point near 200 ft, then the circuit and a landing 6–10 minutes later', () => {
    const at = goAroundTime(flightPath(scripted('DLH1190')));
    if (at === null) throw new Error('no go-around planned');
    const found = manoeuvres('DLH1190');
    expect(found.map((e) => e.type)).toEqual(['GO_AROUND']);
    const g = found[0] as FlightEventRecord;
    expect(g.airportIcao).toBe('LSZH');
    expect(Math.abs(g.occurredAt - at)).toBeLessThanOrEqual(10_000);
    const lowest = Number(g.attributes.lowestAltitudeM) - elevationM('LSZH');
    expect(lowest / FT).toBeGreaterThan(150);
    expect(lowest / FT).toBeLessThan(300);
    expect(g.evidence.length).toBeGreaterThan(5);
    // The evidence goes down to the lowest point and up again.
    const alts = g.evidence.map((p) => p.altitudeM ?? Number.POSITIVE_INFINITY);
    expect(Math.abs(Math.min(...alts) - Number(g.attributes.lowestAltitudeM))).toBeLessThanOrEqual(
      0.5,
    );
    expect(alts.at(-1)).toBeGreaterThan(Math.min(...alts) + 500 * FT);
    const landing = of('DLH1190').filter((e) => e.type === 'LANDING');
    expect(landing.map((e) => e.airportIcao)).toEqual(['LSZH']);
    const minutes = ((landing[0]?.occurredAt ?? 0) - g.occurredAt) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(6);
    expect(minutes).toBeLessThanOrEqual(10);
    // The circuit climbs to 3,000 ft above the aerodrome.
    const circuit = positions.filter(
      (p) => p.callsign === 'DLH1190' && p.positionTime > g.occurredAt && !p.onGround,
    );
    const top = Math.max(...circuit.map((p) => p.baroAltitudeM ?? 0)) - elevationM('LSZH');
    expect(top / FT).toBeCloseTo(3_000, 0);
  });

  it('finds the return to Madrid: RETURN_TO_ORIGIN at the landing, and the flight announced as returning', () => {
    const found = manoeuvres('IBE3402');
    expect(found.map((e) => e.type)).toEqual(['RETURN_TO_ORIGIN']);
    const r = found[0] as FlightEventRecord;
    const landing = of('IBE3402').find((e) => e.type === 'LANDING');
    expect(landing?.airportIcao).toBe('LEMD');
    expect(r.airportIcao).toBe('LEMD');
    expect(r.occurredAt).toBe(landing?.occurredAt);
    // It turned back at +40m: the farthest point is then.
    expect(
      Math.abs(Number(r.attributes.turnedBackAt) - (scenario.start + 40 * 60_000)),
    ).toBeLessThan(20_000);
    expect(r.evidence).toHaveLength(3);
    const announced = flights.filter((f) => f.callsign === 'IBE3402');
    expect(announced.map((f) => [f.destination, f.divertedFrom])).toEqual([
      ['LFPO', null],
      ['LEMD', 'LFPO'],
    ]);
  });

  it('finds both on the flight that holds and then goes around: HOLDING, then GO_AROUND, then the landing', () => {
    const sequence = of('BAW950')
      .filter((e) => [...MANOEUVRES, 'LANDING'].includes(e.type))
      .map((e) => [e.type, e.airportIcao]);
    expect(sequence).toEqual([
      ['HOLDING', null],
      ['GO_AROUND', 'EDDM'],
      ['LANDING', 'EDDM'],
    ]);
  });

  it('gives the same bytes for the same document and seed', () => {
    const again = run('manoeuvres').positions;
    expect(JSON.stringify(again)).toBe(JSON.stringify(positions));
  });
});

describe('a diversion decided in a holding', () => {
  const flight = {
    kind: 'scripted',
    origin: 'LFPG',
    destination: 'EGLL',
    callsign: 'AFR1234',
    type: 'A320',
  };
  const held = scenarioOf({
    flights: [{ ...flight, events: [{ type: 'holding', duration: '20m' }] }],
  });
  const hold = holdingOf(flightPath(held.scripted[0] as ScriptedFlight));
  if (!hold) throw new Error('no holding planned');
  const at = `${Math.round((hold.tFrom - held.start) / 60_000) + 7}m`;
  const diverted = scenarioOf({
    flights: [
      {
        ...flight,
        events: [
          { type: 'holding', duration: '20m' },
          { type: 'diversion', at, to: 'EGKK' },
        ],
      },
    ],
  });
  const { positions: fixes } = run(diverted);
  const { events: found, rejected: refused } = track(fixes);

  it('leaves the pattern for the alternate: a shorter HOLDING, then the landing at Gatwick', () => {
    expect(refused).toEqual([]);
    const sequence = found
      .filter((e) => [...MANOEUVRES, 'LANDING'].includes(e.type))
      .map((e) => [e.type, e.airportIcao]);
    expect(sequence).toEqual([
      ['HOLDING', null],
      ['LANDING', 'EGKK'],
    ]);
    const h = found.find((e) => e.type === 'HOLDING');
    // Seven minutes of the twenty, give or take the anchor and the turn out of the pattern.
    expect(Number(h?.attributes.durationSeconds)).toBeGreaterThan(5 * 60);
    expect(Number(h?.attributes.durationSeconds)).toBeLessThan(9 * 60);
  });
});

describe('the built-in a319-holding', () => {
  it('is found from its positions alone: one HOLDING of two laps at FL100 before Arlanda, then the landing there', () => {
    const { positions: fixes } = run('a319-holding');
    const { events: found } = track(fixes);
    const sequence = found
      .filter((e) => [...MANOEUVRES, 'TAKEOFF', 'LANDING'].includes(e.type))
      .map((e) => [e.type, e.airportIcao]);
    expect(sequence).toEqual([
      ['TAKEOFF', 'LFPG'],
      ['HOLDING', null],
      ['LANDING', 'ESSA'],
    ]);
    const h = found.find((e) => e.type === 'HOLDING');
    expect(Number(h?.attributes.durationSeconds)).toBeGreaterThan(8 * 60);
    expect(Number(h?.attributes.durationSeconds)).toBeLessThanOrEqual(10 * 60);
    expect(Math.round(Number(h?.attributes.minAltitudeM) / FT)).toBe(10_000);
  });
});

describe('europe-day, a day of plain flights', () => {
  it('holds, goes around and returns nowhere: 300 flights, no such event', () => {
    const { events: all } = track(run('europe-day').positions);
    expect(all.filter((e) => e.type === 'LANDING')).toHaveLength(300);
    expect(all.filter((e) => MANOEUVRES.includes(e.type))).toEqual([]);
  });
});

describe('checks of the manoeuvre events', () => {
  const issues = (
    events: unknown[],
    flight: Record<string, unknown> = {},
  ): readonly ScenarioIssue[] => {
    try {
      scenarioOf({
        flights: [
          {
            kind: 'scripted',
            origin: 'LFPG',
            destination: 'EGLL',
            type: 'A320',
            events,
            ...flight,
          },
        ],
      });
      return [];
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      return error.issues ?? [];
    }
  };

  it('accepts the shapes the network scenarios write', () => {
    expect(issues([{ type: 'holding', duration: '12m' }])).toEqual([]);
    expect(issues([{ type: 'go_around' }])).toEqual([]);
    expect(issues([{ type: 'return_to_origin', at: '25m' }])).toEqual([]);
    expect(issues([{ type: 'holding', duration: '12m' }, { type: 'go_around' }])).toEqual([]);
  });

  it('refuses a second holding or go-around, and a holding of no time', () => {
    expect(
      issues([
        { type: 'holding', duration: '5m' },
        { type: 'holding', duration: '5m' },
        { type: 'go_around' },
        { type: 'go_around' },
      ]).map((i) => i.path),
    ).toEqual(['flights[0].events[1]', 'flights[0].events[3]']);
    expect(issues([{ type: 'holding', duration: '0s' }]).map((i) => i.path)).toEqual([
      'flights[0].events[0].duration',
    ]);
  });

  it('refuses a return on the ground, and one before the holding it would never fly', () => {
    const [ground] = issues([{ type: 'return_to_origin', at: '1m' }]);
    expect(ground?.path).toBe('flights[0].events[0].at');
    expect(ground?.message).toMatch(/not in the air then/);
    const [early] = issues([
      { type: 'holding', duration: '10m' },
      { type: 'return_to_origin', at: '20m' },
    ]);
    expect(early?.path).toBe('flights[0].events[1].at');
    expect(early?.message).toMatch(
      /turns back before its holding \(from \S+ to \S+ after the start\)/,
    );
  });

  it('refuses a diversion before the go-around, and a return to where the flight is already going', () => {
    const [early] = issues([{ type: 'go_around' }, { type: 'diversion', at: '20m', to: 'EGKK' }]);
    expect(early?.message).toMatch(/diverts before its go-around/);
    const [twice] = issues([
      { type: 'diversion', at: '20m', to: 'EGKK' },
      { type: 'return_to_origin', at: '25m' },
      { type: 'return_to_origin', at: '30m' },
    ]);
    expect(twice?.path).toBe('flights[0].events[2]');
    expect(twice?.message).toMatch(/already bound for LFPG/);
  });

  it('refuses a holding on a flight too short to come down to one', () => {
    const [short] = issues([{ type: 'holding', duration: '10m' }], {
      origin: 'EGLL',
      destination: 'EGKK',
    });
    expect(short?.path).toBe('flights[0].events[0]');
    expect(short?.message).toMatch(/too low to hold at FL70 or above/);
  });
});
