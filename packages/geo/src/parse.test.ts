import { describe, expect, it } from 'vitest';
import { GeoError, loadFirLayer } from './index.js';

const polygon = (coordinates: unknown) => ({ type: 'Polygon', coordinates });
const feature = (id: unknown, geometry: unknown) => ({
  type: 'Feature',
  properties: id === undefined ? {} : { id },
  geometry,
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const square = [
  [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ],
];

function thrown(input: unknown): GeoError {
  try {
    loadFirLayer(input);
  } catch (error) {
    if (error instanceof GeoError) return error;
    throw error;
  }
  throw new Error('loadFirLayer did not throw');
}

describe('loadFirLayer on bad input', () => {
  it('refuses something that is not a FeatureCollection', () => {
    expect(thrown({ type: 'Feature' }).code).toBe('GEO_GEOJSON_NOT_FEATURE_COLLECTION');
    expect(thrown(null).code).toBe('GEO_GEOJSON_NOT_FEATURE_COLLECTION');
    expect(thrown({ type: 'FeatureCollection' }).code).toBe('GEO_GEOJSON_NOT_FEATURE_COLLECTION');
  });

  it('refuses a LineString feature, naming its index and id', () => {
    const error = thrown(
      collection(
        feature('AAAA', polygon(square)),
        feature('BBBB', {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        }),
      ),
    );
    expect(error.code).toBe('GEO_GEOJSON_GEOMETRY_UNSUPPORTED');
    expect(error.featureIndex).toBe(1);
    expect(error.featureId).toBe('BBBB');
    expect(error.message).toContain('LineString');
  });

  it('refuses a feature without an id, naming its index', () => {
    const error = thrown(
      collection(feature('AAAA', polygon(square)), feature(undefined, polygon(square))),
    );
    expect(error.code).toBe('GEO_GEOJSON_ID_MISSING');
    expect(error.featureIndex).toBe(1);
    expect(error.message).toContain('feature #1');
  });

  it('refuses NaN, missing and out-of-range coordinates', () => {
    for (const bad of [Number.NaN, null, 200]) {
      const error = thrown(
        collection(
          feature(
            'CCCC',
            polygon([
              [
                [0, 0],
                [bad, 0],
                [1, 1],
                [0, 0],
              ],
            ]),
          ),
        ),
      );
      expect(error.code).toBe('GEO_GEOJSON_COORDINATES_INVALID');
      expect(error.featureId).toBe('CCCC');
      expect(error.featureIndex).toBe(0);
    }
  });

  it('refuses a ring of fewer than three distinct positions', () => {
    expect(
      thrown(
        collection(
          feature(
            'DDDD',
            polygon([
              [
                [0, 0],
                [1, 1],
                [0, 0],
              ],
            ]),
          ),
        ),
      ).code,
    ).toBe('GEO_GEOJSON_RING_TOO_SHORT');
  });

  it('refuses a layer left empty by the options', () => {
    expect(() => loadFirLayer(collection(feature('A-B', polygon(square))))).toThrow(
      expect.objectContaining({ code: 'GEO_LAYER_EMPTY' }),
    );
  });

  it('closes an unclosed ring instead of rejecting it', () => {
    const layer = loadFirLayer(
      collection(
        feature(
          'OPEN',
          polygon([
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ]),
        ),
      ),
    );
    expect(layer.firAt(0.5, 0.5)?.id).toBe('OPEN');
    expect(layer.firAt(1.5, 0.5)).toBeNull();
  });

  it('takes names from the options, then from properties.name', () => {
    const layer = loadFirLayer(
      collection(
        { ...feature('AAAA', polygon(square)), properties: { id: 'AAAA', name: 'Alpha' } },
        feature(
          'BBBB',
          polygon([
            [
              [2, 0],
              [3, 0],
              [3, 1],
              [2, 0],
            ],
          ]),
        ),
      ),
      { names: new Map([['BBBB', 'Bravo']]) },
    );
    expect(layer.byId('AAAA')?.name).toBe('Alpha');
    expect(layer.byId('BBBB')?.name).toBe('Bravo');
  });

  it('keeps each FIR’s rings for drawing: every feature of an id, holes included', () => {
    const layer = loadFirLayer(
      collection(
        feature(
          'AAAA',
          polygon([
            [
              [0, 0],
              [4, 0],
              [4, 4],
              [0, 4],
            ],
            [
              [1, 1],
              [2, 1],
              [2, 2],
              [1, 1],
            ],
          ]),
        ),
        feature('AAAA', polygon([square[0]?.map(([x, y]) => [(x ?? 0) + 10, y])])),
      ),
    );
    const outline = layer.outline('AAAA');
    expect(outline.map((rings) => rings.map((ring) => [...ring]))).toEqual([
      [
        [0, 0, 4, 0, 4, 4, 0, 4, 0, 0],
        [1, 1, 2, 1, 2, 2, 1, 1],
      ],
      [[10, 0, 11, 0, 11, 1, 10, 1, 10, 0]],
    ]);
    expect(layer.outline('ZZZZ')).toEqual([]);
  });
});
