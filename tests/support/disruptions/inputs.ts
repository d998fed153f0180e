// A network scenario's day as the disruption-correlator would read it from its four topics,
// built offline: positions flown by the scenario engine through fir-analyser's track engine
// (flight.events), the schedule views ops-feed's mock serves, polled (flight.schedules), its
// METARs and SPECIs decoded by ops-feed's own decoder (external.weather), and manifests.
import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import {
  compileNetworkScenario,
  createSimulation,
  loadScenario,
  manifestAt,
  type NetworkDay,
  scheduleAt,
} from '@overfly/scenarios';
import type { FlightSchedule } from '@overfly/schemas';
import { type FlightEventRecord, TrackEngine } from '@overfly/tracking';
import { onTopic } from '../../../services/disruption-correlator/src/test-support/harness.js';
import { decodeMetar } from '../../../services/ops-feed/src/weather/metar.js';

/** One record of a correlator input topic (the correlator's own test type). */
export type InputRecord = ReturnType<typeof onTopic.event>;

/** A fixed day, so every run (and CI) scores the same story. */
export const SCORE_START = Date.parse('2024-09-17T06:00:00Z');

const MINUTE = 60_000;
/** How often the schedule feed is polled: ops-feed's default schedule poll (5 min). */
const SCHEDULE_POLL_MS = 5 * MINUTE;
/** Manifests are taken 3 h and 1 h before each scheduled departure (a DCS export's rhythm). */
const MANIFEST_LEADS_MS = [180 * MINUTE, 60 * MINUTE];

export interface ScenarioInputs {
  day: NetworkDay;
  records: InputRecord[];
  counts: { events: number; schedules: number; weather: number; manifests: number };
}

/** Positions through @overfly/tracking, as fir-analyser runs it: the day's flight events. */
function flightEvents(name: string, start: number): FlightEventRecord[] {
  const simulation = createSimulation(loadScenario(name, { start }));
  const engine = new TrackEngine({ layer: defaultFirLayer(), airports: defaultAirports() });
  const events: FlightEventRecord[] = [];
  const out = { crossing: () => {}, event: (e: FlightEventRecord) => events.push(e) };
  for (const p of simulation.positions()) engine.ingest(p, out);
  engine.flush(out);
  return events;
}

/**
 * Every distinct view of each leg the feed would show, polled every SCHEDULE_POLL_MS from
 * the day's start to its end (and once more at the end), kept when it changed: what
 * ops-feed's mock + poll publishes on flight.schedules.
 */
function scheduleUpdates(day: NetworkDay): FlightSchedule[] {
  const out: FlightSchedule[] = [];
  const last = new Map<string, string>();
  const times: number[] = [];
  for (let t = day.start; t < day.end; t += SCHEDULE_POLL_MS) times.push(t);
  times.push(day.end);
  for (const t of times) {
    for (const leg of day.legs) {
      const view = scheduleAt(day, leg.scheduleId, t);
      if (!view) continue;
      const text = JSON.stringify(view);
      if (last.get(leg.scheduleId) === text) continue;
      last.set(leg.scheduleId, text);
      out.push(view);
    }
  }
  return out;
}

export interface InputOptions {
  /**
   * Keep the IATA delay codes the scenario's schedule views carry (an airline's own
   * movement messages have them). false: as ops-feed publishes today from its
   * flight-data API (aviationstack gives no delay code), every leg without one.
   */
  delayCodes?: boolean;
}

/** `start`: another day than the scored one (the benchmark plays several in a row). */
export function scenarioInputs(
  name: string,
  start = SCORE_START,
  options: InputOptions = {},
): ScenarioInputs {
  const day = compileNetworkScenario(name, { start });
  const events = flightEvents(name, start).map((e) =>
    onTopic.event({ ...e, producedAt: e.occurredAt }),
  );
  const keepCodes = options.delayCodes ?? true;
  const schedules = scheduleUpdates(day).map((view) =>
    onTopic.schedule(keepCodes ? view : { ...view, delayCode: null }),
  );
  const weather = day.weather.map((w) =>
    onTopic.weather(
      decodeMetar(
        {
          rawText: w.rawText,
          stationIcao: w.stationIcao,
          observedAt: w.observedAt,
          reportType: w.kind,
        },
        { source: 'mock', receivedAt: w.observedAt },
      ),
    ),
  );
  const manifests = new Map<string, InputRecord>();
  for (const leg of day.legs)
    for (const lead of MANIFEST_LEADS_MS) {
      const m = manifestAt(day, leg.scheduleId, Math.max(day.start, leg.scheduledDeparture - lead));
      // The same list taken twice has the same id: the export would not change.
      if (m) manifests.set(m.manifestId, onTopic.manifest(m));
    }
  return {
    day,
    records: [...events, ...schedules, ...weather, ...manifests.values()],
    counts: {
      events: events.length,
      schedules: schedules.length,
      weather: weather.length,
      manifests: manifests.size,
    },
  };
}
