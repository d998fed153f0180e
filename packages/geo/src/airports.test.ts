import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { defaultAirports, GeoError, loadAirports } from './index.js';

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

describe('an airport table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'overfly-airports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const failure = (path: string) => {
    try {
      loadAirports(path);
    } catch (error) {
      expect(error).toBeInstanceOf(GeoError);
      const e = error as GeoError;
      return { code: e.code, message: e.message };
    }
    throw new Error('expected a GeoError');
  };

  it('reads CRLF, a BOM, blank lines and quoted commas, by column name', () => {
    const airports = loadAirports(
      file(
        'a.csv',
        '\uFEFFicao,iata,name,lat,lon,altitude_ft\r\nLFPG,CDG,"Paris, Charles de Gaulle",49.0128,2.55,392\r\n\r\n   \r\nXX,,"no ICAO code",1,1,\r\nLSZH,,"Zürich ""Kloten""",47.4647,8.5492,\r\n',
      ),
    );
    expect(airports.size).toBe(2);
    expect(airports.byIcao('LFPG')).toEqual({
      icao: 'LFPG',
      iata: 'CDG',
      name: 'Paris, Charles de Gaulle',
      lat: 49.0128,
      lon: 2.55,
      elevationFt: 392,
    });
    expect(airports.byIcao('LSZH')).toMatchObject({
      name: 'Zürich "Kloten"',
      iata: null,
      elevationFt: null,
    });
  });

  it('names the file and line of a row out of range, and of a broken quote', () => {
    const header = 'icao,iata,name,lat,lon,altitude_ft\n';
    const outOfRange = file(
      'b.csv',
      `${header}LFPG,CDG,Paris,49,2.55,392\n\nLFPB,LBG,Le Bourget,91,2.4,218\n`,
    );
    expect(failure(outOfRange)).toEqual({
      code: 'GEO_AIRPORTS_INVALID',
      message: expect.stringMatching(/LFPB: .*b\.csv, line 4\)$/),
    });
    const quote = file('c.csv', `${header}LFPG,CDG,"Paris,49,2.55,392\n`);
    expect(failure(quote)).toEqual({
      code: 'GEO_AIRPORTS_INVALID',
      message: expect.stringMatching(/Quote Not Closed.*c\.csv, line 2/),
    });
    expect(failure(file('d.csv', 'icao,name,lat,lon\nLFPG,Paris,49,2.55\n'))).toEqual({
      code: 'GEO_AIRPORTS_INVALID',
      message: expect.stringMatching(/expected columns icao,iata,name,lat,lon,altitude_ft.*line 1/),
    });
  });
});
