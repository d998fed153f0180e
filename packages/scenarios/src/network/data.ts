/**
 * The network a scenario runs on, read from data/network/<name>.json (airports with their
 * hourly capacity and minimum connecting time, airlines with hubs and fleets) and joined
 * with the bundled airport table (names, IATA codes and positions via @overfly/geo).
 * Every real-world figure in the file names its source or says it is Overfly's estimate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultAirports } from '@overfly/geo';
import { z } from 'zod';
import { typePerformance } from '../aircraft.js';
import type { NetworkAircraft, NetworkAirline, NetworkAirport } from './model.js';

/** data/network/ at the repository root. */
const NETWORK_DIR = fileURLToPath(new URL('../../../../data/network/', import.meta.url));

const sourced = z.object({ kind: z.enum(['secondary', 'estimate']), source: z.string().min(1) });

const networkFile = z.object({
  $comment: z.string().optional(),
  name: z.string(),
  airports: z
    .array(
      z.object({
        icao: z.string().regex(/^[A-Z]{4}$/),
        /** BCP 47 tags of the languages spoken by travellers from there. */
        languages: z.array(z.string()).min(1),
        capacityPerHour: z.number().int().positive(),
        capacity: sourced,
        minimumConnectionMinutes: z.number().int().positive(),
        mct: sourced,
        /** Share of the capacity that traffic outside the network uses in a busy hour. */
        backgroundUtilisation: z.number().min(0).max(1),
      }),
    )
    .min(2),
  turnaroundMinutes: z.record(z.union([z.number().int().positive(), z.string()])),
  airlines: z
    .array(
      z.object({
        icao: z.string().regex(/^[A-Z]{3}$/),
        iata: z.string().regex(/^[A-Z0-9]{2}$/),
        name: z.string(),
        hubs: z.array(z.string()).min(1),
        language: z.string(),
        registrationPrefix: z.string().regex(/^[A-Z0-9]{1,2}-[A-Z]?$/),
        /** Letters after the dash in the state's marks (`D-AIAB`: 4, `PH-BXA`: 3). */
        registrationLetters: z.number().int().min(3).max(5),
        flightNumbers: z.number().int().min(1).max(8000),
        fleet: z.array(
          z.object({
            base: z.string(),
            type: z.string(),
            count: z.number().int().positive(),
            seats: z.number().int().positive(),
          }),
        ),
      }),
    )
    .min(1),
  seats: sourced,
});

/** A network airport plus what the outcome model needs of it. */
export interface NetworkAirportData extends NetworkAirport {
  backgroundUtilisation: number;
  languages: readonly string[];
}

/** A network airline plus what the schedule and the passengers need of it. */
export interface NetworkAirlineData extends NetworkAirline {
  language: string;
  registrationPrefix: string;
  /** First flight number of the airline's day. */
  flightNumbers: number;
}

/** An aircraft with the hub it starts its day at. */
interface FleetAircraft extends NetworkAircraft {
  base: string;
  turnaroundMs: number;
}

export interface NetworkData {
  name: string;
  airports: readonly NetworkAirportData[];
  airlines: readonly NetworkAirlineData[];
  fleet: readonly FleetAircraft[];
}

/**
 * Addresses of network aircraft: the synthetic block of addresses.ts (b00000–bfffff, assigned
 * to no state by the common decoders' country tables), counting down from bfefff, just below
 * the 4,096 addresses the engine keeps for scripted flights without one (bff000–bfffff).
 * Generated traffic counts up from b00000, so the two meet only past a million aircraft.
 */
const NETWORK_ADDRESS_TOP = 0xbf_efff;

const cache = new Map<string, NetworkData>();

/** The network of that name, read and checked once per process. */
export function loadNetwork(name: string): NetworkData {
  const cached = cache.get(name);
  if (cached) return cached;
  const raw: unknown = JSON.parse(readFileSync(`${NETWORK_DIR}${name}.json`, 'utf8'));
  const file = networkFile.parse(raw);
  const table = defaultAirports();
  const airports: NetworkAirportData[] = file.airports.map((a) => {
    const airport = table.byIcao(a.icao);
    if (!airport) throw new Error(`data/network/${name}.json: ${a.icao} is not in data/airports`);
    return {
      icao: a.icao,
      iata: airport.iata ?? '',
      name: airport.name,
      lat: airport.lat,
      lon: airport.lon,
      capacityPerHour: a.capacityPerHour,
      minimumConnectionMinutes: a.minimumConnectionMinutes,
      backgroundUtilisation: a.backgroundUtilisation,
      languages: a.languages,
    };
  });
  const known = new Set(airports.map((a) => a.icao));
  const performance = typePerformance();
  const airlines: NetworkAirlineData[] = [];
  const fleet: FleetAircraft[] = [];
  for (const airline of file.airlines) {
    for (const hub of airline.hubs) {
      if (!known.has(hub)) throw new Error(`${airline.icao}: hub ${hub} is not a network airport`);
    }
    airlines.push({
      icao: airline.icao,
      iata: airline.iata,
      name: airline.name,
      hubs: airline.hubs,
      language: airline.language,
      registrationPrefix: airline.registrationPrefix,
      flightNumbers: airline.flightNumbers,
    });
    let serial = 0;
    for (const entry of airline.fleet) {
      const turnaround = file.turnaroundMinutes[entry.type];
      if (typeof turnaround !== 'number' || !performance.has(entry.type)) {
        throw new Error(`${airline.icao}: type ${entry.type} has no turnaround or performance`);
      }
      for (let i = 0; i < entry.count; i++) {
        fleet.push({
          icao24: (NETWORK_ADDRESS_TOP - fleet.length).toString(16),
          registration: registration(airline, serial++),
          type: entry.type,
          operatorIcao: airline.icao,
          seats: entry.seats,
          base: entry.base,
          turnaroundMs: turnaround * 60_000,
        });
      }
    }
  }
  const data = { name: file.name, airports, airlines, fleet };
  cache.set(name, data);
  return data;
}

/**
 * A made-up registration: the operator's nationality mark, "X", then letters by serial
 * (`D-AXAB`, `G-XAAB`, `PH-XAB`). Never looked up: the bundled registry (data/aircraft) has
 * no marks, so a clash with a real aircraft cannot be checked and would be coincidence.
 */
function registration(
  airline: { registrationPrefix: string; registrationLetters: number },
  serial: number,
): string {
  const [, after = ''] = airline.registrationPrefix.split('-');
  let text = '';
  let n = serial;
  for (let i = after.length + 1; i < airline.registrationLetters; i++) {
    text = String.fromCharCode(65 + (n % 26)) + text;
    n = Math.floor(n / 26);
  }
  return `${airline.registrationPrefix}X${text}`;
}

/** Names of the networks shipped in data/network/ (`europe`). */
export function networkNames(): string[] {
  return readdirSync(NETWORK_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}
