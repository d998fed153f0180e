import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXCLUDED_FIRS,
  defaultFirLayer,
  type FirLayer,
  loadFirLayerFromFile,
} from './index.js';
import {
  BOUNDARIES_PATH,
  readA319,
  readTrafficSample,
  type TrackPoint,
} from './test-support/references.js';

const layer = defaultFirLayer();
/** Every top-level feature, nothing excluded: where precedence alone decides. */
const everything = loadFirLayerFromFile(BOUNDARIES_PATH, { exclude: [] });
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function firSequence(l: FirLayer, points: readonly TrackPoint[]): string[] {
  const out: string[] = [];
  for (const p of points) {
    const id = l.firAt(p.lon, p.lat)?.id ?? '(none)';
    if (out[out.length - 1] !== id) out.push(id);
  }
  return out;
}

describe('the default charging layer', () => {
  it('bills the Paris–Stockholm A319 through LFFF, LFEE, EBBU, EHAA, EDWW, EKDK, ESMM, ESOS', () => {
    expect(firSequence(layer, readA319())).toEqual([
      'LFFF',
      'LFEE',
      'EBBU',
      'EHAA',
      'EDWW',
      'EKDK',
      'ESMM',
      'ESOS',
    ]);
  });

  it('bills the Rome–Tel Aviv El Al 747 through LIRR, LIBB, LGGG, LCCC, LLLL', () => {
    expect(firSequence(layer, readTrafficSample('elal747.json.gz'))).toEqual([
      'LIRR',
      'LIBB',
      'LGGG',
      'LCCC',
      'LLLL',
    ]);
  });

  it('has dense indexes, unique ids, names from VATSpy.dat and positive areas', () => {
    layer.firs.forEach((fir, i) => {
      expect(fir.index).toBe(i);
      expect(layer.byId(fir.id)).toBe(fir);
      expect(fir.areaKm2).toBeGreaterThan(0);
    });
    expect(new Set(layer.firs.map((f) => f.id)).size).toBe(layer.firs.length);
    expect(layer.byId('EDWW')?.name).toBe('Bremen');
    expect(layer.byId('LLLL')?.name).toBe('Tel Aviv');
  });

  it('keeps no sub-sector (id with "-") and none of the excluded ids', () => {
    expect(layer.firs.filter((f) => f.id.includes('-'))).toEqual([]);
    for (const { id } of DEFAULT_EXCLUDED_FIRS) expect(layer.byId(id), id).toBeUndefined();
    expect(layer.byId('EDXX')).toBeUndefined();
  });

  it('merges ids split over two features into one FIR covering both parts', () => {
    for (const id of ['CZQM', 'CZQX', 'KZNY', 'NZOH', 'SUEO', 'ZBAA']) {
      expect(
        layer.firs.filter((f) => f.id === id),
        id,
      ).toHaveLength(1);
    }
  });

  it('closes the unclosed ring of YTRT instead of rejecting it', () => {
    // Darwin (YPDN) lies in Brisbane Territory North.
    expect(layer.firAt(130.876, -12.415)?.id).toBe('YTRT');
  });

  it('is one cached instance', () => {
    expect(defaultFirLayer()).toBe(layer);
  });
});

describe('the README', () => {
  const section = readme.slice(readme.indexOf('## Default charging layer'));
  const excludedRows = [...section.matchAll(/^\|\s*`([A-Z0-9]+)`\s*\|\s*excluded\s*\|([^|]*)\|/gm)];

  it('lists exactly the excluded ids the code leaves out, each with a reason', () => {
    expect(excludedRows.map((m) => m[1]).sort()).toEqual(
      DEFAULT_EXCLUDED_FIRS.map((f) => f.id).sort(),
    );
    for (const row of excludedRows) expect((row[2] ?? '').trim(), row[1]).not.toBe('');
  });

  const precedenceRows = [
    ...section.matchAll(
      /^\|\s*`([A-Z0-9]+)` over `([A-Z0-9]+)`\s*\|\s*([-\d.]+),\s*([-\d.]+)\s*\|/gm,
    ),
  ];

  it('documents precedence examples that the layer follows: the smaller FIR wins', () => {
    expect(precedenceRows.length).toBeGreaterThanOrEqual(4);
    for (const [, winner = '', loser = '', lon = '', lat = ''] of precedenceRows) {
      const small = everything.byId(winner);
      const big = everything.byId(loser);
      expect(small && big && small.areaKm2 < big.areaKm2, `${winner} < ${loser}`).toBe(true);
      const at = (l: FirLayer) => l.firAt(Number(lon), Number(lat))?.id;
      expect(at(everything), `${winner} over ${loser}`).toBe(winner);
      expect(at(layer), `${winner} over ${loser} in the default layer`).toBe(winner);
    }
  });

  it('makes the layer without exclusions differ from the default only in excluded areas', () => {
    // Where no excluded FIR is involved, leaving them out changes nothing.
    expect(everything.firAt(2.35, 48.85)?.id).toBe(layer.firAt(2.35, 48.85)?.id);
    expect(everything.firs.length - layer.firs.length).toBe(DEFAULT_EXCLUDED_FIRS.length);
  });
});
