import { defaultAirports, greatCircleKm } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import { initialCourseDeg, Route } from './route.js';

const airport = (icao: string) => {
  const found = defaultAirports().byIcao(icao);
  if (!found) throw new Error(icao);
  return found;
};

describe('a great-circle route', () => {
  const lfpg = airport('LFPG');
  const essa = airport('ESSA');
  const route = new Route([lfpg, essa]);
  const point = () => ({ lat: 0, lon: 0, trackDeg: 0 });

  it('is as long as @overfly/geo measures it', () => {
    expect(route.lengthM / 1000).toBeCloseTo(greatCircleKm(lfpg, essa), 6);
  });

  it('starts at the origin on the initial course and ends at the destination', () => {
    const start = route.at(0, point());
    expect(start.lat).toBeCloseTo(lfpg.lat, 9);
    expect(start.lon).toBeCloseTo(lfpg.lon, 9);
    expect(start.trackDeg).toBeCloseTo(initialCourseDeg(lfpg, essa), 6);
    const end = route.at(route.lengthM, point());
    expect(end.lat).toBeCloseTo(essa.lat, 9);
    expect(end.lon).toBeCloseTo(essa.lon, 9);
  });

  it('puts a point d along the route d from the origin', () => {
    const p = route.at(500_000, point());
    expect(greatCircleKm(lfpg, p)).toBeCloseTo(500, 6);
    expect(greatCircleKm(p, essa)).toBeCloseTo(route.lengthM / 1000 - 500, 6);
  });

  it('passes through its waypoints, and goes on past the end along the last leg', () => {
    const waypoint = { lat: 53, lon: 5 };
    const via = new Route([lfpg, waypoint, essa]);
    const first = greatCircleKm(lfpg, waypoint) * 1000;
    const at = via.at(first, point());
    expect(at.lat).toBeCloseTo(53, 9);
    expect(at.lon).toBeCloseTo(5, 9);
    const beyond = via.at(via.lengthM + 1_000, point());
    expect(greatCircleKm(essa, beyond)).toBeCloseTo(1, 6);
  });

  it('crosses the antimeridian the short way', () => {
    const pacific = new Route([
      { lat: 0, lon: 179 },
      { lat: 0, lon: -179 },
    ]);
    expect(pacific.lengthM / 1000).toBeCloseTo(222.4, 1);
    const middle = pacific.at(pacific.lengthM / 2, point());
    expect(Math.abs(middle.lon)).toBeCloseTo(180, 6);
    expect(middle.trackDeg).toBeCloseTo(90, 6);
  });
});
