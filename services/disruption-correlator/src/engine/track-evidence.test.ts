import { describe, expect, it } from 'vitest';
import { Harness, onTopic } from '../test-support/harness.js';
import { at, flightEvent, schedule } from '../test-support/records.js';

describe('the positions a track disruption is published with', () => {
  it('are the detector’s own evidence points as well as the event’s position, in time order', () => {
    const h = new Harness();
    h.feedAll([
      onTopic.schedule(
        schedule({ flight: 'LH100', from: 'EDDF', to: 'EGLL', dep: '08:00', arr: '09:40' }),
      ),
      onTopic.event(
        flightEvent({
          flightId: '3c6444-1',
          icao24: '3c6444',
          callsign: 'DLH100',
          type: 'HOLDING',
          at: '09:20',
          lat: 51.62,
          lon: -0.3,
          evidence: [
            ['09:12', 51.6, -0.2],
            ['09:15', 51.65, -0.35],
            ['09:18', 51.6, -0.4],
            ['09:20', 51.62, -0.3],
          ],
        }),
      ),
    ]);
    h.until(at('09:30'));
    const [holding] = h.of('HOLDING');
    expect(
      holding?.positions.map((p) => [
        new Date(p.occurredAt).toISOString().slice(11, 16),
        p.latitude,
        p.longitude,
      ]),
    ).toEqual([
      ['09:12', 51.6, -0.2],
      ['09:15', 51.65, -0.35],
      ['09:18', 51.6, -0.4],
      ['09:20', 51.62, -0.3],
    ]);
    expect(new Set(holding?.positions.map((p) => p.eventId)).size).toBe(1);
    expect(holding?.positions.every((p) => p.kind === 'HOLDING')).toBe(true);
  });
});
