import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { defaultTerritory, loadTerritory } from './territory.js';
import { thrown } from './test-support/itineraries.js';

const territory = defaultTerritory();

describe('the territory the Regulation applies in', () => {
  it.each([
    ['EDDF', true, 'Germany'],
    ['LFPG', true, 'France'],
    ['LSZH', true, 'Switzerland'],
    ['ENGM', true, 'Norway'],
    ['BIKF', true, 'Iceland'],
    ['GCLP', true, 'Spain (Canary Islands)'],
    ['LPPD', true, 'Portugal'],
    ['FMEE', true, 'France (Réunion)'],
    ['FMCZ', true, 'France (Mayotte)'],
    ['TFFR', true, 'France (Guadeloupe, Martinique, Saint-Martin)'],
    ['SOCA', true, 'France (French Guiana)'],
    ['EFMA', true, 'Finland'],
    ['LCLK', true, 'Cyprus'],
    ['EKVG', false, 'Faroe Islands (Vágar)'],
    ['ENSB', false, 'Svalbard (Longyearbyen)'],
    ['TFFJ', false, 'Saint-Barthélemy'],
    ['LFVP', false, 'Saint Pierre and Miquelon (Saint-Pierre)'],
    ['LCEN', false, 'Northern Cyprus (Ercan)'],
    ['FMMI', false, null],
    ['EGLL', false, null],
    ['KJFK', false, null],
  ] as const)('%s: applies %s, %s', (icao, applies, name) => {
    const place = territory.placeOf(icao);
    expect(place.applies).toBe(applies);
    expect(place.territory).toBe(name);
    expect(place.basis.length).toBeGreaterThan(0);
  });

  it('agrees with the country column of the raw OpenFlights table, but where the table knows better', () => {
    // OpenFlights' country names for the states and outermost regions the Regulation covers.
    const covered = new Set([
      ...['Austria', 'Belgium', 'Bulgaria', 'Croatia', 'Cyprus', 'Czech Republic', 'Denmark'],
      ...['Estonia', 'Finland', 'France', 'Germany', 'Greece', 'Hungary', 'Ireland', 'Italy'],
      ...['Latvia', 'Lithuania', 'Luxembourg', 'Malta', 'Netherlands', 'Poland', 'Portugal'],
      ...['Romania', 'Slovakia', 'Slovenia', 'Spain', 'Sweden'],
      ...['Reunion', 'Mayotte', 'Guadeloupe', 'Martinique', 'French Guiana'],
      ...['Iceland', 'Norway', 'Switzerland'],
    ]);
    const rows: string[][] = parse(readFileSync(dataFile('airports/openflights-airports.dat')), {
      relax_column_count: true,
    });
    const disagree: Record<string, string> = {};
    let applying = 0;
    for (const row of rows) {
      const [icao = '', country = ''] = [row[5], row[3]];
      if (!/^[A-Z0-9]{4}$/.test(icao)) continue;
      const applies = territory.placeOf(icao).applies;
      if (applies) applying++;
      if (applies !== covered.has(country)) disagree[icao] = country;
    }
    expect(applying).toBe(1256);
    expect(disagree).toEqual({
      // The column names the sovereign state; the territory is one the Treaties or the EEA
      // Agreement do not reach (rows with applies=no in the table).
      ENSB: 'Norway', // Svalbard
      ENPY: 'Norway', // Svalbard
      LCEN: 'Cyprus', // northern Cyprus
      LCGK: 'Cyprus', // northern Cyprus
      LCRA: 'Cyprus', // Akrotiri, UK Sovereign Base Area
      TFFJ: 'France', // Saint-Barthélemy
      // The column is wrong: the coordinates are in another country than it says.
      KNDZ: 'Germany', // Florida
      KEMP: 'Germany', // Kansas
      KLND: 'Germany', // Wyoming
      CDG2: 'France', // Nova Scotia
      MRGT: 'France', // Costa Rica
      SVSJ: 'Spain', // Venezuela
      SVFT: 'Denmark', // Venezuela
      SDNS: 'Reunion', // Brazil
      EGCS: 'Hungary', // England
      LHTA: 'United States', // Hungary
    });
  });
});

describe('a territory table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'overfly-eu261-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (text: string) => {
    const path = join(dir, `t${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, text);
    return path;
  };

  it('lets the longest prefix decide', () => {
    const t = loadTerritory(
      file('prefix,territory,applies,basis\nEK,Denmark,yes,EU\nEKVG,Faroe,no,TFEU\n'),
    );
    expect(t.placeOf('EKCH').applies).toBe(true);
    expect(t.placeOf('EKVG').applies).toBe(false);
    expect(t.placeOf('ekch').territory).toBe('Denmark');
  });

  it.each([
    ['a bad applies cell', 'prefix,territory,applies,basis\nEK,Denmark,maybe,EU\n'],
    ['a prefix twice', 'prefix,territory,applies,basis\nEK,Denmark,yes,EU\nEK,Denmark,yes,EU\n'],
    ['no basis', 'prefix,territory,applies,basis\nEK,Denmark,yes,\n'],
    ['no rows', 'prefix,territory,applies,basis\n'],
    ['a row too long', 'prefix,territory,applies,basis\nEK,Denmark,yes,EU,x\n'],
  ])('refuses %s', (_, text) => {
    expect(thrown(() => loadTerritory(file(text))).code).toBe('EU261_TERRITORY_INVALID');
  });
});
