import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCarriers, loadCarriers } from './carriers.js';

describe('the carriers table', () => {
  const carriers = defaultCarriers();

  it.each([
    ['DLH', true],
    ['AFR', true],
    ['KLM', true],
    ['IBE', true],
    ['SWR', true],
    ['BAW', false],
  ])('knows whether %s holds a Community licence (%s)', (icao, community) => {
    const found = carriers.carrierOf(icao);
    expect(found.community).toBe(community);
    expect(found.basis).not.toBe('');
  });

  it('takes a designator it does not name as not a Community carrier, and says so', () => {
    expect(carriers.carrierOf('uae')).toEqual({
      icao: 'UAE',
      community: false,
      basis: expect.stringContaining('not in the carriers table'),
    });
  });

  it('refuses a table with a malformed row or a designator twice, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carriers-'));
    const file = path.join(dir, 'carriers.csv');
    writeFileSync(file, 'icao,name,state,community,basis\nDLH,Lufthansa,Germany,maybe,x\n');
    expect(() => loadCarriers(file)).toThrow(/EU261|carriers/);
    writeFileSync(
      file,
      'icao,name,state,community,basis\nDLH,Lufthansa,Germany,yes,x\nDLH,Lufthansa,Germany,no,y\n',
    );
    expect(() => loadCarriers(file)).toThrow(/row 2/);
  });
});
