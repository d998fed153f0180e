import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { defaultAirports, loadAirports } from './index.js';

const airports = defaultAirports();

describe('the bundled airports', () => {
  it('holds the OpenFlights airports that have an ICAO code', () => {
    expect(airports.size).toBe(7692);
    expect(defaultAirports()).toBe(airports);
  });

  it('finds LIRF nearest to its own coordinates', () => {
    expect(airports.nearest(12.2388889, 41.8002778, 10)?.icao).toBe('LIRF');
  });

  it('looks airports up by ICAO code with their fields', () => {
    expect(airports.byIcao('LLBG')).toEqual({
      icao: 'LLBG',
      iata: 'TLV',
      name: 'Ben Gurion International Airport',
      lat: 32.01139831542969,
      lon: 34.88669967651367,
      elevationFt: 135,
    });
    expect(airports.byIcao('ZZZZ')).toBeUndefined();
  });

  it('finds nothing within 50 km of the mid-Atlantic', () => {
    expect(airports.nearest(-40, 45, 50)).toBeNull();
  });

  it('searches across the antimeridian', () => {
    // Moala (NFMO) is at 179.951°E; from 179.99°W it is about 6 km away, across 180°.
    expect(airports.nearest(-179.99, -18.5667, 20)?.icao).toBe('NFMO');
  });

  it('reads the raw OpenFlights airports.dat too', () => {
    const raw = loadAirports(dataFile('airports/openflights-airports.dat'));
    expect(raw.size).toBe(airports.size);
    expect(raw.byIcao('LIRF')).toEqual(airports.byIcao('LIRF'));
  });
});
