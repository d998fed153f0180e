import { readFileSync } from 'node:fs';
import { errorTableProblems } from '@overfly/errors';
import { describe, expect, it } from 'vitest';
import { GeoError, geoErrors } from './errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README error table', () => {
  it('lists every code once, and no other, with its retriable flag and a meaning', () => {
    expect(errorTableProblems(readme, geoErrors)).toEqual([]);
  });
});

describe('GeoError', () => {
  it('carries the code, retriable flag, and where in the input the problem is', () => {
    const error = new GeoError('GEO_GEOJSON_ID_MISSING', undefined, {
      location: { featureIndex: 3, featureId: 'EDGG' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GeoError');
    expect(error.retriable).toBe(false);
    expect(error.featureIndex).toBe(3);
    expect(error.featureId).toBe('EDGG');
    expect(error.message).toBe(
      `${geoErrors.entry('GEO_GEOJSON_ID_MISSING').message}: (feature #3, id EDGG)`,
    );
  });
});
