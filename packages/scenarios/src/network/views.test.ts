import {
  type FlightSchedule,
  type ScheduleStatus,
  specialAssistanceSymbols,
} from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../parse.js';
import { compileNetworkScenario } from './compile.js';
import type { LegOutcome, NetworkDay, ScheduledLeg } from './model.js';
import {
  forecastAt,
  manifestAt,
  scheduleAt,
  schedulesAt,
  toSimulationDocument,
  weatherAt,
} from './views.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const chaos = compileNetworkScenario('network-chaos');
const normal = compileNetworkScenario('network-normal');
const outcome = (d: NetworkDay, leg: ScheduledLeg) => d.outcomes.get(leg.scheduleId) as LegOutcome;
const view = (d: NetworkDay, leg: ScheduledLeg, t: number) =>
  scheduleAt(d, leg.scheduleId, t) as FlightSchedule;
const find = (d: NetworkDay, test: (l: ScheduledLeg, o: LegOutcome) => boolean) => {
  const leg = d.legs.find((l) => test(l, outcome(d, l)));
  if (!leg) throw new Error('no such leg in the day');
  return leg;
};

/** The order a leg's status may only move forward in. */
const ORDER: Record<ScheduleStatus, number> = {
  SCHEDULED: 0,
  BOARDING: 1,
  DELAYED: 1,
  DEPARTED: 2,
  AIRBORNE: 3,
  DIVERTED: 4,
  LANDED: 4,
  ARRIVED: 5,
  CANCELLED: 5,
  UNKNOWN: 0,
};

describe('scheduleAt', () => {
  it('is null before a leg is published (24 hours before departure) and for unknown legs', () => {
    const leg = chaos.legs[0] as ScheduledLeg;
    expect(scheduleAt(chaos, leg.scheduleId, leg.scheduledDeparture - 24 * HOUR - 1)).toBeNull();
    expect(scheduleAt(chaos, leg.scheduleId, leg.scheduledDeparture - 24 * HOUR)).toMatchObject({
      status: 'SCHEDULED',
      source: 'mock',
      updatedAt: leg.scheduledDeparture - 24 * HOUR,
    });
    expect(scheduleAt(chaos, 'XX1-20240917-EDDF', chaos.start)).toBeNull();
  });

  it('reveals nothing before its time, and only moves forward', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => ok || problems.push(what);
    for (const leg of chaos.legs) {
      const o = outcome(chaos, leg);
      let previous: FlightSchedule | null = null;
      for (let t = chaos.start - HOUR; t <= chaos.end + 4 * HOUR; t += 5 * MINUTE) {
        const v = view(chaos, leg, t);
        const at = `${leg.scheduleId} at ${new Date(t).toISOString()}`;
        check(v.updatedAt <= t, `${at}: updated in the future`);
        const announced = o.announcedAt !== null && t >= o.announcedAt;
        const departed = o.actualDeparture !== null && t >= o.actualDeparture;
        if (!announced)
          check(
            v.status !== 'DELAYED' && v.status !== 'CANCELLED',
            `${at}: ${v.status} before it was announced`,
          );
        if (!announced && !departed) {
          check(
            v.delayCode === null && v.estimatedDeparture === null,
            `${at}: an estimate before it was announced`,
          );
        }
        if (!departed) check(v.actualDeparture === null, `${at}: departed early`);
        if (o.actualArrival === null || t < o.actualArrival)
          check(v.actualArrival === null, `${at}: arrived early`);
        if (previous) {
          check(
            ORDER[v.status] >= ORDER[previous.status],
            `${at}: ${previous.status} → ${v.status}`,
          );
          check(v.updatedAt >= previous.updatedAt, `${at}: updatedAt went back`);
        }
        previous = v;
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows a delay from its announcement, then the departure, the flight and the arrival', () => {
    const leg = find(
      chaos,
      (_l, o) =>
        o.status === 'OPERATED' && o.departureDelayMinutes >= 30 && o.anomalies.length === 0,
    );
    const o = outcome(chaos, leg);
    const announcedAt = o.announcedAt as number;
    const offBlock = o.actualDeparture as number;
    const onBlock = o.actualArrival as number;
    expect(view(chaos, leg, announcedAt - 1)).toMatchObject({
      status: 'SCHEDULED',
      delayCode: null,
      estimatedDeparture: null,
    });
    expect(view(chaos, leg, announcedAt)).toMatchObject({
      status: 'DELAYED',
      estimatedDeparture: offBlock,
      delayCode: o.delayCode,
      actualDeparture: null,
      updatedAt: announcedAt,
    });
    expect(view(chaos, leg, offBlock)).toMatchObject({
      status: 'DEPARTED',
      actualDeparture: offBlock,
      updatedAt: offBlock,
    });
    expect(view(chaos, leg, offBlock + 10 * MINUTE)).toMatchObject({
      status: 'AIRBORNE',
      actualArrival: null,
    });
    expect(view(chaos, leg, onBlock - MINUTE)).toMatchObject({
      status: 'LANDED',
      actualArrival: null,
    });
    expect(view(chaos, leg, onBlock)).toMatchObject({
      status: 'ARRIVED',
      actualArrival: onBlock,
      updatedAt: onBlock,
    });
    expect(view(chaos, leg, onBlock).inboundScheduleId).toBe(leg.inboundScheduleId);
  });

  it('shows a cancellation from its announcement, and a diversion from the turn', () => {
    const cancelled = find(chaos, (_l, o) => o.status === 'CANCELLED');
    const c = outcome(chaos, cancelled);
    expect(view(chaos, cancelled, (c.announcedAt as number) - 1).status).toBe('SCHEDULED');
    expect(view(chaos, cancelled, c.announcedAt as number)).toMatchObject({
      status: 'CANCELLED',
      delayCode: c.delayCode,
    });

    const diverted = find(chaos, (_l, o) => o.status === 'DIVERTED');
    const d = outcome(chaos, diverted);
    const at = (d.anomalies[0] as { at: number }).at;
    expect(view(chaos, diverted, at - 1)).toMatchObject({
      status: 'AIRBORNE',
      diversionAirport: null,
    });
    expect(view(chaos, diverted, at)).toMatchObject({
      status: 'DIVERTED',
      diversionAirport: 'EDDS',
      updatedAt: at,
    });
    expect(view(chaos, diverted, chaos.end + 6 * HOUR)).toMatchObject({
      status: 'DIVERTED',
      actualArrival: null,
    });

    const returned = find(chaos, (_l, o) => o.status === 'RETURNED');
    const back = (outcome(chaos, returned).anomalies[0] as { at: number }).at;
    expect(view(chaos, returned, back)).toMatchObject({
      status: 'DIVERTED',
      diversionAirport: returned.departureAirport,
    });
  });
});

describe('schedulesAt', () => {
  it('gives the published legs of an airport within the window around t', () => {
    const t = chaos.start + 3 * HOUR;
    const views = schedulesAt(chaos, t, { airport: 'EDDF' });
    expect(views.length).toBeGreaterThan(10);
    for (const v of views) {
      expect([v.departureAirport, v.arrivalAirport]).toContain('EDDF');
      const near = [
        v.estimatedDeparture ?? v.scheduledDeparture,
        v.estimatedArrival ?? v.scheduledArrival,
      ].some((x) => Math.abs(x - t) <= 3 * HOUR);
      expect(near).toBe(true);
    }
    const expected = chaos.legs.filter(
      (l) =>
        (l.departureAirport === 'EDDF' || l.arrivalAirport === 'EDDF') &&
        Math.abs(l.scheduledDeparture - t) <= HOUR,
    );
    for (const l of expected) expect(views.map((v) => v.scheduleId)).toContain(l.scheduleId);
    expect(schedulesAt(chaos, t, { windowMs: 30 * MINUTE }).length).toBeLessThan(
      schedulesAt(chaos, t).length,
    );
  });
});

describe('manifestAt', () => {
  it('lists the passengers booked by t, pseudonymous, with their onward connection', () => {
    const inbound = chaos.bookings.find((b) => b.itinerary.length === 2);
    if (!inbound) throw new Error('no connecting booking');
    const [firstId, secondId] = inbound.itinerary as [string, string];
    const first = chaos.legs.find((l) => l.scheduleId === firstId) as ScheduledLeg;
    const second = chaos.legs.find((l) => l.scheduleId === secondId) as ScheduledLeg;
    const manifest = manifestAt(chaos, firstId, first.scheduledDeparture);
    if (!manifest) throw new Error('no manifest');
    const booked = chaos.bookings.filter(
      (b) => b.itinerary.includes(firstId) && b.bookedAt <= first.scheduledDeparture,
    );
    expect(manifest.passengers).toHaveLength(booked.reduce((n, b) => n + b.passengers.length, 0));
    expect(manifest).toMatchObject({
      scheduleId: firstId,
      flightNumber: first.flightNumber,
      source: 'mock',
    });
    expect(manifest.manifestId).toBe(`${firstId}-${manifest.snapshotAt}`);
    expect(manifest.snapshotAt).toBe(Math.max(...booked.map((b) => b.bookedAt)));
    const mine = manifest.passengers.filter((p) => p.bookingId === inbound.bookingId);
    expect(mine).toHaveLength(inbound.passengers.length);
    for (const p of mine) {
      expect(p.connection).toEqual({
        scheduleId: secondId,
        flightNumber: second.flightNumber,
        departureAirport: second.departureAirport,
        scheduledDeparture: second.scheduledDeparture,
        minimumConnectionMinutes: chaos.airports.find((a) => a.icao === second.departureAirport)
          ?.minimumConnectionMinutes,
      });
      expect(p.finalDestinationAirport).toBe(second.arrivalAirport);
      expect(p.fare?.currency).toBe('EUR');
    }
    const onward = manifestAt(chaos, secondId, second.scheduledDeparture);
    for (const p of onward?.passengers.filter((x) => x.bookingId === inbound.bookingId) ?? []) {
      expect(p.connection).toBeNull();
      expect(mine.map((m) => m.passengerId)).toContain(p.passengerId);
    }
    for (const p of manifest.passengers) {
      for (const need of p.specialAssistance) expect(specialAssistanceSymbols).toContain(need);
    }
  });

  it('does not show a booking before it is made, and keeps its id while nothing changes', () => {
    const late = chaos.bookings.find((b) => b.bookedAt > chaos.start);
    if (!late) throw new Error('no booking made on the day');
    const id = late.itinerary[0] as string;
    const before = manifestAt(chaos, id, late.bookedAt - 1);
    const after = manifestAt(chaos, id, late.bookedAt);
    expect(before?.passengers.map((p) => p.bookingId)).not.toContain(late.bookingId);
    expect(after?.passengers.map((p) => p.bookingId)).toContain(late.bookingId);
    expect(after?.snapshotAt).toBe(late.bookedAt);
    expect(manifestAt(chaos, id, late.bookedAt + 1)?.manifestId).toBe(after?.manifestId);
    const leg = chaos.legs.find((l) => l.scheduleId === id) as ScheduledLeg;
    expect(manifestAt(chaos, id, leg.scheduledDeparture - 24 * HOUR - 1)).toBeNull();
  });

  it('maps the passengers needs to the schema symbols, unaccompanied minors included', () => {
    const symbols = new Set(
      normal.legs.flatMap(
        (l) =>
          manifestAt(normal, l.scheduleId, normal.end)?.passengers.flatMap(
            (p) => p.specialAssistance,
          ) ?? [],
      ),
    );
    expect([...symbols].sort()).toEqual([
      'HEARING_IMPAIRMENT',
      'INFANT',
      'MEDICAL',
      'REDUCED_MOBILITY',
      'UNACCOMPANIED_MINOR',
      'VISUAL_IMPAIRMENT',
      'WHEELCHAIR',
    ]);
  });
});

describe('weatherAt and forecastAt', () => {
  it('give the latest report observed or issued by t', () => {
    const reports = chaos.weather.filter((r) => r.stationIcao === 'EGLL');
    const first = reports[0];
    const second = reports[1];
    if (!first || !second) throw new Error('no reports');
    expect(weatherAt(chaos, 'EGLL', first.observedAt - 1)).toBeNull();
    expect(weatherAt(chaos, 'EGLL', first.observedAt)).toBe(first);
    expect(weatherAt(chaos, 'EGLL', second.observedAt - 1)).toBe(first);
    expect(weatherAt(chaos, 'EGLL', chaos.end)).toBe(reports[reports.length - 1]);
    // Fog from the start: the SPECI of its onset comes between the routine reports.
    expect(weatherAt(chaos, 'EGLL', chaos.start + 5 * MINUTE)?.rawText).toMatch(/ FG /);
    expect(weatherAt(chaos, 'ZZZZ', chaos.end)).toBeNull();
    const tafs = chaos.forecasts.filter((f) => f.stationIcao === 'EDDF');
    expect(forecastAt(chaos, 'EDDF', chaos.start)).toBe(tafs[0]);
    expect(forecastAt(chaos, 'EDDF', chaos.end)).toBe(tafs[tafs.length - 1]);
    expect(forecastAt(chaos, 'EDDF', (tafs[0]?.issuedAt ?? 0) - 1)).toBeNull();
  });
});

describe('toSimulationDocument', () => {
  it('is a flight scenario flying every leg flown, from its actual off-block', () => {
    const document = toSimulationDocument(normal);
    const parsed = parseScenario(document, 'network-normal');
    expect(parsed.flights).toHaveLength(normal.legs.length);
    expect(parsed.seed).toBe(normal.seed);
    expect(Date.parse(document.start)).toBe(normal.start);
    const lastArrival = Math.max(...[...normal.outcomes.values()].map((o) => o.actualArrival ?? 0));
    expect(normal.start + parsed.duration).toBeGreaterThan(lastArrival);
    for (const leg of normal.legs) {
      const o = outcome(normal, leg);
      const flight = parsed.flights.find(
        (f) => f.kind === 'scripted' && f.callsign === leg.callsign,
      );
      expect(flight).toEqual({
        kind: 'scripted',
        origin: leg.departureAirport,
        destination: leg.arrivalAirport,
        departure: (o.actualDeparture as number) - normal.start,
        icao24: leg.icao24,
        callsign: leg.callsign,
        type: leg.aircraftType,
        cruiseFl: leg.cruiseFl,
        waypoints: [],
        events: [],
      });
    }
  });

  it('leaves out cancelled legs and flies the anomalies as the engine events, with the positioning flight', () => {
    const document = toSimulationDocument(chaos);
    const flown = chaos.legs.filter((l) => outcome(chaos, l).status !== 'CANCELLED');
    expect(document.flights).toHaveLength(flown.length + chaos.positioning.length);
    const events = document.flights.flatMap((f) => f.events);
    const offset = (t: number) => t - chaos.start;
    const diverted = find(chaos, (_l, o) => o.status === 'DIVERTED');
    const at = (outcome(chaos, diverted).anomalies[0] as { at: number }).at;
    expect(events).toContainEqual({ type: 'diversion', at: formatOffset(offset(at)), to: 'EDDS' });
    expect(events).toContainEqual({ type: 'holding', duration: '20m' });
    expect(events).toContainEqual({ type: 'go_around' });
    const returned = find(chaos, (_l, o) => o.status === 'RETURNED');
    expect(events).toContainEqual({
      type: 'return_to_origin',
      at: formatOffset(offset((outcome(chaos, returned).actualDeparture as number) + 25 * MINUTE)),
    });
    const ferry = chaos.positioning[0];
    expect(document.flights).toContainEqual(
      expect.objectContaining({
        origin: 'EDDS',
        destination: 'EDDF',
        icao24: ferry?.icao24,
        callsign: ferry?.callsign,
      }),
    );
  });
});

function formatOffset(ms: number): string {
  const h = Math.floor(ms / HOUR);
  const m = Math.floor((ms % HOUR) / MINUTE);
  const s = Math.floor((ms % MINUTE) / 1000);
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}` || '0s';
}
