import { describe, expect, it } from 'vitest';
import { createLegBook } from './leg-book.js';
import type { LegView } from './map-flight.js';

const HOUR = 3_600_000;
const t0 = Date.parse('2024-09-17T06:00:00Z');

function leg(
  id: string,
  dep: string,
  arr: string,
  departsIn: number,
  registration: string | null = 'D-AXXA',
): LegView {
  return {
    scheduleId: id,
    flightNumber: id.split('-')[0] ?? id,
    operatorIcao: 'DLH',
    callsign: null,
    icao24: null,
    registration,
    aircraftType: 'A320',
    departureAirport: dep,
    arrivalAirport: arr,
    scheduledDeparture: t0 + departsIn * HOUR,
    scheduledArrival: t0 + (departsIn + 1) * HOUR,
    estimatedDeparture: null,
    estimatedArrival: null,
    actualDeparture: null,
    actualArrival: null,
    status: 'SCHEDULED',
    diversionAirport: null,
    delayCode: null,
    source: 'test',
  };
}

describe('the leg book', () => {
  it('derives the inbound leg of an aircraft’s next leg, also when it arrives in a later poll', () => {
    const book = createLegBook({ retentionMs: 24 * HOUR });
    const out = leg('LH901-20240917-EGLL', 'EGLL', 'EDDF', 3);
    expect(book.update([out], t0).map((s) => s.inboundScheduleId)).toEqual([null]);
    const changed = book.update([leg('LH900-20240917-EDDF', 'EDDF', 'EGLL', 1), out], t0 + 1);
    expect(changed.map((s) => [s.scheduleId, s.inboundScheduleId])).toEqual([
      ['LH901-20240917-EGLL', 'LH900-20240917-EDDF'],
      ['LH900-20240917-EDDF', null],
    ]);
  });

  it('names no inbound leg that does not bring the aircraft to the departure airport', () => {
    const book = createLegBook({ retentionMs: 24 * HOUR });
    const [, next] = book.update(
      [leg('A1-20240917-EDDF', 'EDDF', 'LFPG', 1), leg('A2-20240917-EGLL', 'EGLL', 'EDDF', 3)],
      t0,
    );
    expect(next?.inboundScheduleId).toBeNull();
  });

  it('publishes an unchanged leg once, and again only when its view changes', () => {
    const book = createLegBook({ retentionMs: 24 * HOUR });
    const view = leg('LH900-20240917-EDDF', 'EDDF', 'EGLL', 1);
    expect(book.update([view], t0)).toHaveLength(1);
    expect(book.update([view], t0 + 60_000)).toHaveLength(0);
    const late = book.update(
      [{ ...view, status: 'DELAYED', estimatedDeparture: view.scheduledDeparture + HOUR }],
      t0 + 120_000,
    );
    expect(late).toEqual([expect.objectContaining({ status: 'DELAYED', updatedAt: t0 + 120_000 })]);
  });

  it('forgets a leg its retention after the scheduled arrival', () => {
    const book = createLegBook({ retentionMs: 2 * HOUR });
    book.update([leg('LH900-20240917-EDDF', 'EDDF', 'EGLL', 1)], t0);
    book.update([], t0 + 4 * HOUR);
    expect(book.size).toBe(1);
    book.update([], t0 + 4 * HOUR + 1);
    expect(book.size).toBe(0);
  });

  it('lists the legs departing in a window, in departure order', () => {
    const book = createLegBook({ retentionMs: 24 * HOUR });
    book.update(
      [
        leg('B-20240917-EDDF', 'EDDF', 'EGLL', 5),
        leg('A-20240917-EDDF', 'EDDF', 'EGLL', 2),
        leg('C-20240917-EDDF', 'EDDF', 'EGLL', 9),
      ],
      t0,
    );
    expect(book.departing(t0, t0 + 6 * HOUR).map((l) => l.scheduleId)).toEqual([
      'A-20240917-EDDF',
      'B-20240917-EDDF',
    ]);
  });
});
