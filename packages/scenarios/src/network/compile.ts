/**
 * compileNetworkScenario: a network scenario (built-in name, file path or document) → the
 * NetworkDay every reader shares. Pure and seeded: the same document, seed and start give a
 * deep-equal day.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { ScenarioError, type ScenarioIssue } from '../errors.js';
import { BUILT_IN_DIR } from '../load.js';
import { bookDay } from './bookings.js';
import { loadNetwork, type NetworkData, networkNames } from './data.js';
import { resolveDisruptions } from './disruptions.js';
import { type NetworkScenarioDocument, parseNetworkScenario } from './document.js';
import type { NetworkDay, ScheduledLeg } from './model.js';
import { playDay } from './outcomes.js';
import { planDay } from './schedule.js';
import { groundTruth } from './truth.js';
import { weatherOfDay } from './weather.js';

export interface NetworkCompileOptions {
  /** Overrides the document's seed. */
  seed?: number;
  /** Epoch ms; overrides the document's start (a caller that wants "now" passes Date.now()). */
  start?: number;
}

/** Names of the built-in network scenarios (`data/scenarios/network-*.json`), sorted. */
export function builtInNetworkScenarios(): string[] {
  return readdirSync(BUILT_IN_DIR)
    .filter((file) => file.startsWith('network-') && file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/**
 * A built-in name (`network-weather-hub`), a path to a JSON file, or a document object →
 * the compiled day. Throws ScenarioError (SCENARIOS_NOT_FOUND, SCENARIOS_UNREADABLE,
 * SCENARIOS_INVALID with every problem and its field, SCENARIOS_START_MISSING).
 */
export function compileNetworkScenario(
  nameOrDocument: string | NetworkScenarioDocument | Record<string, unknown>,
  options: NetworkCompileOptions = {},
): NetworkDay {
  const { document, origin } = documentOf(nameOrDocument);
  const startText = document.start;
  const start = options.start ?? (startText === undefined ? undefined : Date.parse(startText));
  if (start === undefined || !Number.isFinite(start)) {
    throw new ScenarioError(
      'SCENARIOS_START_MISSING',
      `${origin}: give "start" in the scenario or a start time to run it at (e.g. now)`,
    );
  }
  const seed = options.seed ?? document.seed;
  const end = start + document.duration;
  const issues: ScenarioIssue[] = [];
  if (!(document.duration > 0))
    issues.push({ path: 'duration', message: 'expected a positive duration' });
  const network = networkOf(document.network, issues);
  if (!network || issues.length > 0)
    throw new ScenarioError('SCENARIOS_INVALID', origin, { issues });

  const plan = planDay(network, seed, start, end);
  const context = { seed, start, end };
  const disruptions = resolveDisruptions(document.disruptions, network, plan, context, issues);
  if (issues.length > 0) throw new ScenarioError('SCENARIOS_INVALID', origin, { issues });

  const played = playDay(plan, disruptions, network.airports, context);
  const bookings = bookDay({
    seed,
    legs: plan.legs,
    airports: new Map(network.airports.map((a) => [a.icao, a])),
    airlines: new Map(network.airlines.map((a) => [a.icao, a])),
  });
  const weather = weatherOfDay(network.airports, disruptions, context);
  return {
    name: document.name ?? origin,
    description: document.description ?? '',
    seed,
    start,
    end,
    airports: network.airports.map(
      ({ backgroundUtilisation: _u, languages: _l, ...airport }) => airport,
    ),
    airlines: network.airlines.map(({ icao, iata, name, hubs }) => ({ icao, iata, name, hubs })),
    aircraft: network.fleet.map(({ icao24, registration, type, operatorIcao, seats }) => ({
      icao24,
      registration,
      type,
      operatorIcao,
      seats,
    })),
    legs: plan.legs.map(scheduledLeg),
    outcomes: played.outcomes,
    positioning: played.positioning,
    bookings,
    weather: weather.reports,
    forecasts: weather.forecasts,
    groundTruth: groundTruth(plan, played.outcomes, disruptions),
  };
}

function documentOf(input: string | Record<string, unknown>): {
  document: NetworkScenarioDocument;
  origin: string;
} {
  if (typeof input !== 'string') {
    return { document: parseNetworkScenario(input), origin: String(input.name ?? 'scenario') };
  }
  let path = input;
  if (/^[a-z0-9][a-z0-9-]*$/.test(input) && existsSync(`${BUILT_IN_DIR}${input}.json`)) {
    path = `${BUILT_IN_DIR}${input}.json`;
  } else if (!existsSync(input) || !statSync(input).isFile()) {
    throw new ScenarioError(
      'SCENARIOS_NOT_FOUND',
      `"${input}"; built-in network scenarios: ${builtInNetworkScenarios().join(', ')}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ScenarioError('SCENARIOS_UNREADABLE', `${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const document = parseNetworkScenario(json, path);
  return { document, origin: document.name ?? path };
}

function networkOf(name: string, issues: ScenarioIssue[]): NetworkData | null {
  if (!networkNames().includes(name)) {
    issues.push({
      path: 'network',
      message: `unknown network "${name}" (data/network/ has ${networkNames().join(', ')})`,
    });
    return null;
  }
  return loadNetwork(name);
}

/** The public fields of a planned leg (the compiler's own bookkeeping stays inside). */
function scheduledLeg(leg: ScheduledLeg): ScheduledLeg {
  return {
    scheduleId: leg.scheduleId,
    flightNumber: leg.flightNumber,
    operatorIcao: leg.operatorIcao,
    callsign: leg.callsign,
    icao24: leg.icao24,
    registration: leg.registration,
    aircraftType: leg.aircraftType,
    departureAirport: leg.departureAirport,
    arrivalAirport: leg.arrivalAirport,
    scheduledDeparture: leg.scheduledDeparture,
    scheduledArrival: leg.scheduledArrival,
    inboundScheduleId: leg.inboundScheduleId,
    cruiseFl: leg.cruiseFl,
  };
}
