import { fileURLToPath } from 'node:url';
import { type AircraftType, aircraftTables, type Mtow } from '../aircraft.js';
import type { CrossingInput, PricingContext } from '../price.js';
import { loadTariff } from '../tariffs.js';

/** TEST FIXTURE tariff (fictional zones and rates, see fixtures/tariff/README.md). */
const FIXTURE_TARIFF_DIR = fileURLToPath(new URL('../fixtures/tariff', import.meta.url));

export function fixtureContext(): PricingContext {
  const registry = new Map<string, AircraftType>([
    ['a20a20', { type: 'A20N', source: 'test' }],
    ['b74b74', { type: 'B744', source: 'test' }],
    ['11e111', { type: 'TST1', source: 'test' }],
    ['22e222', { type: 'TST2', source: 'test' }],
    ['0a0a0a', { type: 'NOMT', source: 'test' }],
  ]);
  const mtow = new Map<string, Mtow>([
    ['A20N', { kg: 79_000, source: 'ps-aircraft-params-20250328 A20N' }],
    ['B744', { kg: 396_894, source: 'ps-aircraft-params-20250328 B744' }],
    ['TST1', { kg: 1_500, source: 'TEST FIXTURE light aircraft' }],
    ['TST2', { kg: 2_000, source: 'TEST FIXTURE 2 t aircraft' }],
  ]);
  return {
    tariff: loadTariff(FIXTURE_TARIFF_DIR),
    aircraft: aircraftTables(registry, mtow),
    options: { calculatedAt: 1_710_000_000_000 },
  };
}

/** 2024-03-10T12:00:00Z */
export const MARCH_2024 = Date.UTC(2024, 2, 10, 12);

export function crossing(over: Partial<CrossingInput> = {}): CrossingInput {
  // An hour in the FIR from whatever entry time the test gives.
  const entryTime = over.entryTime ?? MARCH_2024;
  return {
    crossingId: 'flt-1:XXAA:1',
    flightId: 'flt-1',
    icao24: 'a20a20',
    callsign: 'TST123',
    firId: 'XXAA',
    firName: null,
    entryTime,
    exitTime: entryTime + 3_600_000,
    entryLatitude: 0,
    entryLongitude: 0,
    exitLatitude: 1,
    exitLongitude: 1,
    greatCircleDistanceKm: 512.4,
    flownDistanceKm: 530.2,
    departureAirport: null,
    arrivalAirport: null,
    status: 'FINAL',
    sequence: 1,
    source: 'REPLAY',
    exitReason: null,
    nextFirId: null,
    ...over,
  };
}
