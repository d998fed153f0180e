import { describe, expect, it } from 'vitest';
import {
  aircraftTables,
  operatorFromCallsign,
  parseMtowOverrides,
  parsePsAircraftParams,
  parseRegistry,
} from './aircraft.js';
import { defaultAircraftTables } from './defaults.js';
import { ChargesError } from './errors.js';

describe('the operator from the callsign', () => {
  it.each([
    ['ELY1747', 'ELY'],
    ['AFR787V', 'AFR'],
    ['THY9BP', 'THY'],
    [' swr12 ', 'SWR'],
    ['SAVAN01', null],
    ['FWKDL', null],
    ['', null],
    [null, null],
  ])('%s → %s', (callsign, operator) => {
    expect(operatorFromCallsign(callsign)).toBe(operator);
  });
});

describe('aircraft tables', () => {
  it('ship the four sourced registry rows and the ps MTOW of their types', () => {
    const t = defaultAircraftTables();
    expect(t.typeOf('738043')?.type).toBe('B744');
    expect(t.typeOf('3946E9')?.type).toBe('A319');
    expect(t.typeOf('39c424')?.type).toBe('B789');
    expect(t.typeOf('4baac6')?.type).toBe('B738');
    expect(t.typeOf('39b415')).toBeUndefined(); // the SAVAN aircraft: type not sourced
    expect(t.mtowOf('B744')?.kg).toBe(396_894);
    expect(t.mtowOf('A320')?.kg).toBe(73_500);
  });

  it('let an override replace the reference MTOW, and a user registry extend the shipped one', () => {
    const mtow = parsePsAircraftParams('ICAO,MTOM_kg\nA320,73500', 'ps.csv');
    parseMtowOverrides('type,mtow_kg,source\nA320,78000,type certificate (example)', 'o.csv', mtow);
    const registry = parseRegistry('icao24,type,source\nabcdef,A320,s', 'r.csv');
    parseRegistry('icao24,type,source\nABCDEF,A20N,mine', 'mine.csv', registry);
    const t = aircraftTables(registry, mtow);
    expect(t.mtowOf('A320')).toEqual({ kg: 78_000, source: 'type certificate (example)' });
    expect(t.typeOf('abcdef')?.type).toBe('A20N');
  });

  it('read the ps table by column name (CRLF, BOM, quoted fields) and name the line of a bad row', () => {
    const ps =
      '\uFEFFICAO,Type,MTOM_kg\r\nA320,"A320-214, CFM",73500\r\n\r\nB738,"B737-800",79016\r\n';
    const mtow = parsePsAircraftParams(ps, 'ps.csv');
    expect(mtow.get('A320')?.kg).toBe(73_500);
    expect(mtow.get('B738')).toEqual({
      kg: 79_016,
      source: 'ps.csv (pycontrails, Apache-2.0), MTOM_kg of B738',
    });
    const codeAndLine = (text: string) => {
      try {
        parsePsAircraftParams(text, 'ps.csv');
      } catch (e) {
        return [(e as ChargesError).code, (e as ChargesError).line];
      }
      return undefined;
    };
    expect(codeAndLine('ICAO,MTOM\nA320,1')).toEqual(['CHARGES_CSV_HEADER_INVALID', 1]);
    expect(codeAndLine('ICAO,MTOM_kg\nA320,1\n\nA321,"9')).toEqual(['CHARGES_CSV_MALFORMED', 4]);
    expect(codeAndLine('ICAO,MTOM_kg\nA320,1\nA321')).toEqual(['CHARGES_CSV_MALFORMED', 3]);
    expect(codeAndLine('ICAO,MTOM_kg\nA320,1\n\na321,2')).toEqual([
      'CHARGES_AIRCRAFT_TABLE_INVALID',
      4,
    ]);
  });

  it('name the line of a registry row without source', () => {
    try {
      parseRegistry('# c\r\nicao24,type,source\r\nabcdef,A320,s\r\n123abc,A320,', 'r.csv');
      expect.unreachable();
    } catch (e) {
      expect((e as ChargesError).code).toBe('CHARGES_SOURCE_MISSING');
      expect((e as ChargesError).message).toMatch(/r\.csv, line 4/);
    }
  });

  it('refuse a bad icao24 or mass with CHARGES_AIRCRAFT_TABLE_INVALID', () => {
    expect(() => parseRegistry('icao24,type,source\n12345,A320,s', 'r.csv')).toThrow(ChargesError);
    try {
      parseMtowOverrides('type,mtow_kg,source\nA320,-1,s', 'o.csv');
    } catch (e) {
      expect((e as ChargesError).code).toBe('CHARGES_AIRCRAFT_TABLE_INVALID');
    }
  });
});
