import { describe, expect, it } from 'vitest';
import { type AirspaceFir, AirspaceIndex } from './airspace.js';

/** A closed flat ring [lon, lat, …] of the box west, south, east, north. */
const box = (w: number, s: number, e: number, n: number): number[] => [
  w,
  s,
  e,
  s,
  e,
  n,
  w,
  n,
  w,
  s,
];
const fir = (id: string, rings: number[][]): AirspaceFir => ({
  id,
  name: `${id} FIR`,
  zone: null,
  zoneName: null,
  rings,
});

const index = new AirspaceIndex([
  // A 10° square with a 2° hole in its middle…
  fir('OUTR', [box(0, 40, 10, 50), box(4, 44, 6, 46)]),
  // …which is another FIR.
  fir('HOLE', [box(4, 44, 6, 46)]),
  // A FIR in two polygons far apart.
  fir('SPLT', [box(-20, 10, -18, 12), box(30.5, -5.5, 31.5, -4.5)]),
  // Across the antimeridian's neighbour and south of the equator: negative cells.
  fir('SOUT', [box(-179.5, -60, -170, -50)]),
]);
const at = (lat: number, lon: number) => index.firAt(lat, lon)?.id ?? null;

describe('AirspaceIndex.firAt', () => {
  it('finds the FIR holding a point', () => {
    expect(at(41, 1)).toBe('OUTR');
    expect(at(49.9, 9.9)).toBe('OUTR');
    expect(at(47, 5)).toBe('OUTR'); // in the hole's grid cells, outside the hole
    expect(at(-55, -175)).toBe('SOUT');
    expect(index.firAt(41, 1)).toBe(index.byId('OUTR'));
  });

  it('leaves out a FIR’s hole: the point there is the hole’s own FIR', () => {
    expect(at(45, 5)).toBe('HOLE');
    expect(at(44.5, 4.5)).toBe('HOLE');
  });

  it('finds a FIR made of two polygons in either', () => {
    expect(at(11, -19)).toBe('SPLT');
    expect(at(-5, 31)).toBe('SPLT');
    expect(at(0, 5)).toBeNull(); // between them
  });

  it('answers null outside every FIR, in an indexed cell or not', () => {
    expect(at(50.5, 5)).toBeNull(); // just north of OUTR, in a cell it touches
    expect(at(45, 10.5)).toBeNull(); // just east of OUTR, same
    expect(at(45, -0.5)).toBeNull();
    expect(at(-11, -19)).toBeNull();
    expect(at(-5.6, 31)).toBeNull();
    expect(at(0, 100)).toBeNull(); // no cell at all
    expect(at(89, 179)).toBeNull();
  });

  it('without the hole FIR, a point in the hole is in no FIR', () => {
    const holed = new AirspaceIndex([fir('OUTR', [box(0, 40, 10, 50), box(4, 44, 6, 46)])]);
    expect(holed.firAt(45, 5)).toBeNull();
    expect(holed.firAt(43, 5)?.id).toBe('OUTR');
  });

  it('finds a FIR split at the antimeridian on either side, and nothing between', () => {
    const pacific = new AirspaceIndex([
      fir('BOTH', [box(170, 20, 180, 30), box(-180, 20, -170, 30)]),
      fir('MIDL', [box(-5, 20, 5, 30)]),
    ]);
    expect(pacific.firAt(25, 175)?.id).toBe('BOTH');
    expect(pacific.firAt(25, -175)?.id).toBe('BOTH');
    expect(pacific.firAt(25, 0)?.id).toBe('MIDL');
    expect(pacific.firAt(25, 90)).toBeNull();
    expect(pacific.firAt(35, 175)).toBeNull();
  });

  it('byId finds a FIR by its id', () => {
    expect(index.byId('SPLT')?.rings).toHaveLength(2);
    expect(index.byId('NONE')).toBeUndefined();
  });
});
