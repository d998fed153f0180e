import { airports, type InputRecord, onTopic } from './harness.js';
import {
  at,
  flightEvent,
  type LegSpec,
  manifest,
  schedule,
  scheduleIdOf,
  weatherReport,
} from './records.js';

/**
 * A hand-made day of the four inputs over Frankfurt, London, Paris and Zurich, telling one
 * story each pattern should find:
 * - the rotation of D-AIBA: LH100 leaves Frankfurt 90 minutes late (technical, code 41),
 *   and the delay carries through LH101, LH102 and LH103 (a cascade; each a DELAY; risks);
 * - thunderstorms at Frankfurt from 12:50: half of its 13:00 departure bank late (code 71);
 * - LX200 Zurich → London lands in Paris (a diversion seen in the track only);
 * - AF300 Paris → London holds twice near London before landing;
 * - BA400 London → Frankfurt cancelled at noon.
 * Every record carries its own event time; each topic's records are in event-time order.
 */
export function handMadeDay(): InputRecord[] {
  const records: InputRecord[] = [];
  const rotation: LegSpec[] = [
    {
      flight: 'LH100',
      from: 'EDDF',
      to: 'EGLL',
      dep: '08:00',
      arr: '09:40',
      registration: 'D-AIBA',
      icao24: '3c6401',
    },
    {
      flight: 'LH101',
      from: 'EGLL',
      to: 'EDDF',
      dep: '10:20',
      arr: '11:55',
      registration: 'D-AIBA',
      icao24: '3c6401',
      inbound: scheduleIdOf('LH100', 'EDDF'),
    },
    {
      flight: 'LH102',
      from: 'EDDF',
      to: 'LFPG',
      dep: '12:40',
      arr: '13:55',
      registration: 'D-AIBA',
      icao24: '3c6401',
      inbound: scheduleIdOf('LH101', 'EGLL'),
    },
    {
      flight: 'LH103',
      from: 'LFPG',
      to: 'EDDF',
      dep: '14:40',
      arr: '15:50',
      registration: 'D-AIBA',
      icao24: '3c6401',
      inbound: scheduleIdOf('LH102', 'EDDF'),
    },
  ];
  const others: LegSpec[] = [
    { flight: 'LX200', operator: 'SWR', from: 'LSZH', to: 'EGLL', dep: '09:00', arr: '10:45' },
    { flight: 'AF300', operator: 'AFR', from: 'LFPG', to: 'EGLL', dep: '11:00', arr: '12:15' },
    { flight: 'BA400', operator: 'BAW', from: 'EGLL', to: 'EDDF', dep: '16:00', arr: '18:40' },
  ];
  const destinations = [
    'EGLL',
    'LFPG',
    'LSZH',
    'EHAM',
    'LEMD',
    'LIRF',
    'LOWW',
    'EKCH',
    'EBBR',
    'EDDM',
  ];
  const bank: LegSpec[] = destinations.map((to, i) => ({
    flight: `LH${500 + i}`,
    from: 'EDDF',
    to,
    dep: `13:0${i}`,
    arr: `14:${String(30 + i)}`,
  }));
  // The plan, published at 05:00.
  for (const spec of [...rotation, ...others, ...bank])
    records.push(onTopic.schedule(schedule({ ...spec, updatedAt: '05:00' })));
  records.push(
    onTopic.manifest(manifest(scheduleIdOf('LH100', 'EDDF'), '06:00', 120)),
    onTopic.manifest(manifest(scheduleIdOf('BA400', 'EGLL'), '06:00', 150)),
  );
  const update = (spec: LegSpec, change: Partial<LegSpec>, time: string) =>
    records.push(onTopic.schedule(schedule({ ...spec, ...change, updatedAt: time })));
  const [lh100, lh101, lh102, lh103] = rotation as [LegSpec, LegSpec, LegSpec, LegSpec];
  update(lh100, { estDep: '09:30', delayCode: '41', status: 'DELAYED' }, '07:30');
  update(lh100, { actDep: '09:30', estArr: '11:10', delayCode: '41', status: 'AIRBORNE' }, '09:30');
  update(lh100, { actDep: '09:30', actArr: '11:10', delayCode: '41', status: 'ARRIVED' }, '11:10');
  update(lh101, { estDep: '11:40', delayCode: '93', status: 'DELAYED' }, '11:10');
  update(lh101, { actDep: '11:40', actArr: '13:15', delayCode: '93', status: 'ARRIVED' }, '13:15');
  update(lh102, { estDep: '13:45', delayCode: '93', status: 'DELAYED' }, '13:15');
  update(lh102, { actDep: '13:45', actArr: '15:00', delayCode: '93', status: 'ARRIVED' }, '15:00');
  update(lh103, { actDep: '15:30', actArr: '16:40', delayCode: '93', status: 'ARRIVED' }, '16:40');
  for (const i of [5, 6, 7, 8, 9])
    update(
      bank[i] as LegSpec,
      { estDep: `13:${String(35 + i)}`, delayCode: '71', status: 'DELAYED' },
      '12:55',
    );
  update(others[2] as LegSpec, { status: 'CANCELLED' }, '12:00');

  const place = (icao: string) => {
    const a = airports.byIcao(icao);
    return a ? { lat: a.lat, lon: a.lon } : {};
  };
  const track =
    (flightId: string, icao24: string, callsign: string) =>
    (
      type: Parameters<typeof flightEvent>[0]['type'],
      time: string,
      airport: string | null,
      where = airport ? place(airport) : {},
    ) =>
      records.push(
        onTopic.event(
          flightEvent({ flightId, icao24, callsign, type, at: time, airport, ...where }),
        ),
      );
  const lx = track('4b1801-1', '4b1801', 'SWR200');
  lx('TAKEOFF', '09:12', 'LSZH');
  lx('FIR_EXIT', '09:30', null);
  lx('LANDING', '10:05', 'LFPG');
  const af = track('3944f1-1', '3944f1', 'AFR300');
  af('TAKEOFF', '11:08', 'LFPG');
  af('HOLDING', '11:50', null, { lat: 51.65, lon: -0.2 });
  af('HOLDING', '11:58', null, { lat: 51.65, lon: -0.2 });
  af('LANDING', '12:20', 'EGLL');
  const lh = track('3c6401-1', '3c6401', 'DLH100');
  lh('TAKEOFF', '09:42', 'EDDF');
  lh('LANDING', '11:02', 'EGLL');

  for (const station of ['EDDF', 'EGLL', 'LFPG', 'LSZH']) {
    for (let minutes = 5 * 60 + 50; minutes <= 20 * 60; minutes += 30) {
      const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const storm = station === 'EDDF' && minutes >= 12 * 60 + 50 && minutes <= 13 * 60 + 50;
      records.push(
        onTopic.weather(
          weatherReport(
            storm
              ? { station, at: hhmm, severity: 'SEVERE', category: 'IFR', phenomena: ['+TSRA'] }
              : { station, at: hhmm, severity: 'NONE', category: 'VFR' },
          ),
        ),
      );
    }
  }
  return records;
}

/** The record's Kafka key, as its producer keys it. */
export function keyOf(record: InputRecord): string {
  switch (record.topic) {
    case 'flight.events':
      return record.value.icao24;
    case 'flight.schedules':
      return record.value.scheduleId;
    case 'external.weather':
      return record.value.stationIcao;
    case 'passenger.manifests':
      return record.value.scheduleId;
  }
}

export function eventTimeOfRecord(record: InputRecord): number {
  switch (record.topic) {
    case 'flight.events':
      return record.value.occurredAt;
    case 'flight.schedules':
      return record.value.updatedAt;
    case 'external.weather':
      return record.value.observedAt;
    case 'passenger.manifests':
      return record.value.snapshotAt;
  }
}

/** The day's last record (its last weather reports, every half hour from 05:50). */
export const DAY_END = at('19:50');
