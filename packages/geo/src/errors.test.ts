import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GeoError, type GeoErrorCode, geoErrors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'));
const rows = [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|([^|]*)\|([^|]*)\|/gm)].map((m) => ({
  code: m[1] ?? '',
  retriable: (m[2] ?? '').trim(),
  meaning: (m[3] ?? '').trim(),
}));
const codes = Object.keys(geoErrors) as GeoErrorCode[];

describe('the README error table', () => {
  it('lists every code once, and no other', () => {
    expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
  });

  it('gives each code its retriable flag and a meaning', () => {
    for (const row of rows) {
      expect(row.retriable, row.code).toBe(
        geoErrors[row.code as GeoErrorCode].retriable ? 'yes' : 'no',
      );
      expect(row.meaning, row.code).not.toBe('');
    }
  });
});

describe('GeoError', () => {
  it('carries the code, retriable flag, and where in the input the problem is', () => {
    const error = new GeoError('GEOJSON_ID_MISSING', undefined, {
      location: { featureIndex: 3, featureId: 'EDGG' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GeoError');
    expect(error.retriable).toBe(false);
    expect(error.featureIndex).toBe(3);
    expect(error.featureId).toBe('EDGG');
    expect(error.message).toBe(`${geoErrors.GEOJSON_ID_MISSING.message}: (feature #3, id EDGG)`);
  });
});
