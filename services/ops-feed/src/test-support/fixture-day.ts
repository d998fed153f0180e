// A tiny hand-made network day for ops-feed's tests: two airports, two airlines, three
// legs (one aircraft flying a rotation, one cancelled leg), two bookings (one connecting),
// a few METARs (CAVOK, rain, a thunderstorm SPECI) and TAFs. Its views reveal outcomes as
// time passes, as packages/scenarios' network views do. Nothing here is real traffic.
import type { FlightSchedule, PassengerManifest } from '@overfly/schemas';
import type {
  ScenarioDay,
  ScenarioForecastReport,
  ScenarioSource,
  ScenarioWeatherReport,
} from '../mock/scenario-source.js';

const at = (hhmm: string) => Date.parse(`2024-09-17T${hhmm}:00Z`);

export const FIXTURE_START = at('05:00');

interface FixtureLeg {
  schedule: Omit<
    FlightSchedule,
    | 'status'
    | 'estimatedDeparture'
    | 'estimatedArrival'
    | 'actualDeparture'
    | 'actualArrival'
    | 'updatedAt'
  >;
  outcome:
    | { kind: 'operated'; delayMinutes: number; announcedAt: number | null }
    | { kind: 'cancelled'; announcedAt: number };
}

const base = {
  callsign: null,
  diversionAirport: null,
  delayCode: null,
  source: 'mock',
} as const;

const FIXTURE_LEGS: readonly FixtureLeg[] = [
  {
    schedule: {
      ...base,
      scheduleId: 'LH900-20240917-EDDF',
      flightNumber: 'LH900',
      operatorIcao: 'DLH',
      callsign: 'DLH900',
      icao24: '3c0001',
      registration: 'D-AXXA',
      aircraftType: 'A320',
      departureAirport: 'EDDF',
      arrivalAirport: 'EGLL',
      scheduledDeparture: at('06:30'),
      scheduledArrival: at('07:40'),
      inboundScheduleId: null,
    },
    outcome: { kind: 'operated', delayMinutes: 0, announcedAt: null },
  },
  {
    schedule: {
      ...base,
      scheduleId: 'LH901-20240917-EGLL',
      flightNumber: 'LH901',
      operatorIcao: 'DLH',
      callsign: 'DLH901',
      icao24: '3c0001',
      registration: 'D-AXXA',
      aircraftType: 'A320',
      departureAirport: 'EGLL',
      arrivalAirport: 'EDDF',
      scheduledDeparture: at('08:30'),
      scheduledArrival: at('09:40'),
      inboundScheduleId: 'LH900-20240917-EDDF',
    },
    // The thunderstorm SPECI at EGLL holds it 45 minutes; announced at 07:00.
    outcome: { kind: 'operated', delayMinutes: 45, announcedAt: at('07:00') },
  },
  {
    schedule: {
      ...base,
      scheduleId: 'BA903-20240917-EGLL',
      flightNumber: 'BA903',
      operatorIcao: 'BAW',
      callsign: 'BAW903',
      icao24: '400001',
      registration: 'G-XXXB',
      aircraftType: 'A319',
      departureAirport: 'EGLL',
      arrivalAirport: 'EDDF',
      scheduledDeparture: at('07:15'),
      scheduledArrival: at('09:50'),
      inboundScheduleId: null,
    },
    outcome: { kind: 'cancelled', announcedAt: at('06:45') },
  },
];

const FIXTURE_WEATHER: readonly ScenarioWeatherReport[] = [
  {
    stationIcao: 'EDDF',
    observedAt: at('04:50'),
    kind: 'METAR',
    rawText: 'EDDF 170450Z 24006KT CAVOK 12/08 Q1019 NOSIG',
  },
  {
    stationIcao: 'EGLL',
    observedAt: at('04:50'),
    kind: 'METAR',
    rawText: 'EGLL 170450Z 22012KT 9999 -RA BKN012 OVC030 13/11 Q1008',
  },
  {
    stationIcao: 'EDDF',
    observedAt: at('05:20'),
    kind: 'METAR',
    rawText: 'EDDF 170520Z 24007KT CAVOK 12/08 Q1019 NOSIG',
  },
  {
    stationIcao: 'EGLL',
    observedAt: at('06:35'),
    kind: 'SPECI',
    rawText: 'EGLL 170635Z 25022G38KT 3000 +TSRA BKN008CB 14/12 Q1005',
  },
];

const FIXTURE_FORECASTS: readonly ScenarioForecastReport[] = [
  {
    stationIcao: 'EGLL',
    issuedAt: at('05:00'),
    validFrom: at('06:00'),
    validTo: Date.parse('2024-09-18T12:00:00Z'),
    rawText:
      'TAF EGLL 170500Z 1706/1812 22012KT 9999 BKN012 TEMPO 1706/1709 25025G40KT 3000 TSRA BKN008CB',
  },
];

const FIXTURE_DAY: ScenarioDay = {
  name: 'fixture',
  start: FIXTURE_START,
  end: at('13:00'),
  airports: [
    { icao: 'EDDF', iata: 'FRA', name: 'Frankfurt' },
    { icao: 'EGLL', iata: 'LHR', name: 'London Heathrow' },
  ],
  airlines: [
    { icao: 'DLH', iata: 'LH', name: 'Fixture Lufthansa' },
    { icao: 'BAW', iata: 'BA', name: 'Fixture British' },
  ],
};

/** Bookings: one Frankfurt–London–Frankfurt return on the rotation, one on the cancelled leg. */
const BOOKINGS = [
  {
    bookingId: 'bk-1',
    itinerary: ['LH900-20240917-EDDF', 'LH901-20240917-EGLL'],
    passengers: [
      { passengerId: 'px-1', tier: 'GOLD', cabin: 'BUSINESS', assistance: [], contactRef: 'c-1' },
      {
        passengerId: 'px-2',
        tier: 'NONE',
        cabin: 'BUSINESS',
        assistance: ['UNACCOMPANIED_MINOR'],
        contactRef: null,
      },
    ],
  },
  {
    bookingId: 'bk-2',
    itinerary: ['BA903-20240917-EGLL'],
    passengers: [
      {
        passengerId: 'px-3',
        tier: 'SILVER',
        cabin: 'ECONOMY',
        assistance: ['WHEELCHAIR'],
        contactRef: 'c-3',
      },
    ],
  },
] as const;

function scheduleAt(leg: FixtureLeg, t: number): FlightSchedule {
  const s = leg.schedule;
  const view: FlightSchedule = {
    ...s,
    status: 'SCHEDULED',
    estimatedDeparture: null,
    estimatedArrival: null,
    actualDeparture: null,
    actualArrival: null,
    updatedAt: FIXTURE_START,
  };
  const o = leg.outcome;
  if (o.kind === 'cancelled') return o.announcedAt <= t ? { ...view, status: 'CANCELLED' } : view;
  const delay = o.delayMinutes * 60_000;
  const offBlock = s.scheduledDeparture + delay;
  const onBlock = s.scheduledArrival + delay;
  if (onBlock <= t)
    return { ...view, status: 'ARRIVED', actualDeparture: offBlock, actualArrival: onBlock };
  if (offBlock <= t)
    return { ...view, status: 'AIRBORNE', actualDeparture: offBlock, estimatedArrival: onBlock };
  if (o.announcedAt !== null && o.announcedAt <= t) {
    return { ...view, status: 'DELAYED', estimatedDeparture: offBlock, estimatedArrival: onBlock };
  }
  return view;
}

function manifestAt(scheduleId: string, t: number): PassengerManifest | null {
  const leg = FIXTURE_LEGS.find((l) => l.schedule.scheduleId === scheduleId);
  if (!leg) return null;
  const s = leg.schedule;
  const passengers = BOOKINGS.flatMap((b) => {
    const index = (b.itinerary as readonly string[]).indexOf(scheduleId);
    if (index < 0) return [];
    const onward = b.itinerary[index + 1];
    const next = onward
      ? FIXTURE_LEGS.find((l) => l.schedule.scheduleId === onward)?.schedule
      : undefined;
    const last = FIXTURE_LEGS.find(
      (l) => l.schedule.scheduleId === b.itinerary[b.itinerary.length - 1],
    );
    return b.passengers.map((p) => ({
      passengerId: p.passengerId,
      bookingId: b.bookingId,
      contactRef: p.contactRef,
      cabinClass: p.cabin,
      loyaltyTier: p.tier,
      fare: { amountMinor: 18_900, currency: 'EUR' },
      connection: next
        ? {
            scheduleId: next.scheduleId,
            flightNumber: next.flightNumber,
            departureAirport: next.departureAirport,
            scheduledDeparture: next.scheduledDeparture,
            minimumConnectionMinutes: 60,
          }
        : null,
      finalDestinationAirport: last?.schedule.arrivalAirport ?? s.arrivalAirport,
      specialAssistance: [...p.assistance],
    }));
  });
  // The DCS takes a snapshot every 5 minutes; content changes only with the bookings.
  const snapshotAt = t - (t % 300_000);
  return {
    manifestId: `${scheduleId}-${snapshotAt}`,
    scheduleId,
    flightNumber: s.flightNumber,
    departureAirport: s.departureAirport,
    arrivalAirport: s.arrivalAirport,
    scheduledDeparture: s.scheduledDeparture,
    passengers,
    snapshotAt,
    source: 'mock',
  };
}

const latest = <T>(items: readonly T[], time: (item: T) => number, t: number) =>
  items.filter((i) => time(i) <= t).sort((a, b) => time(b) - time(a))[0] ?? null;

export const fixtureSource: ScenarioSource = {
  day: FIXTURE_DAY,
  views: {
    scheduleAt: (_day, id, t) => {
      const leg = FIXTURE_LEGS.find((l) => l.schedule.scheduleId === id);
      return leg ? scheduleAt(leg, t) : null;
    },
    schedulesAt: (_day, t, { airport }) =>
      FIXTURE_LEGS.filter(
        (l) => l.schedule.departureAirport === airport || l.schedule.arrivalAirport === airport,
      ).map((l) => scheduleAt(l, t)),
    manifestAt: (_day, id, t) => manifestAt(id, t),
    weatherAt: (_day, station, t) =>
      latest(
        FIXTURE_WEATHER.filter((w) => w.stationIcao === station),
        (w) => w.observedAt,
        t,
      ),
    forecastAt: (_day, station, t) =>
      latest(
        FIXTURE_FORECASTS.filter((f) => f.stationIcao === station),
        (f) => f.issuedAt,
        t,
      ),
  },
};

/** A clock the test moves by hand; sleeping returns at once. */
export function manualClock(start: number) {
  let now = start;
  return {
    now: () => now,
    set(t: number) {
      now = t;
    },
    sleep: async () => undefined,
  };
}
