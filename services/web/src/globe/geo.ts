/**
 * The globe's coordinates: a sphere of radius 1, y towards the north pole, x towards
 * (0°, 0°), z towards (0°, 90°W). Altitudes are drawn 25× exaggerated so cruise levels
 * separate from the ground at a glance. The aircraft shader repeats these formulas.
 */
export const EARTH_RADIUS_M = 6_371_000;
export const ALTITUDE_EXAGGERATION = 25;
const DEG = Math.PI / 180;

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export function radiusAt(altitudeM: number | null): number {
  return 1 + (Math.max(0, altitudeM ?? 0) * ALTITUDE_EXAGGERATION) / EARTH_RADIUS_M + 0.001;
}

export function toVec3(lat: number, lon: number, radius = 1): Vec3 {
  const phi = lat * DEG;
  const lambda = lon * DEG;
  const c = Math.cos(phi);
  return {
    x: radius * c * Math.cos(lambda),
    y: radius * Math.sin(phi),
    z: -radius * c * Math.sin(lambda),
  };
}

export function toLatLon(v: Vec3): { lat: number; lon: number } {
  const r = Math.hypot(v.x, v.y, v.z) || 1;
  return { lat: Math.asin(v.y / r) / DEG, lon: Math.atan2(-v.z, v.x) / DEG };
}

/**
 * Where an aircraft is `seconds` after its fix, flying its track at its ground speed:
 * the flat-earth step, good to metres over the 60 s an aircraft is drawn without news.
 */
export function reckon(
  lat: number,
  lon: number,
  speedMs: number | null,
  trackDeg: number | null,
  seconds: number,
): { lat: number; lon: number } {
  if (!speedMs || trackDeg === null || seconds <= 0) return { lat, lon };
  const d = (speedMs * Math.min(seconds, 60)) / EARTH_RADIUS_M / DEG;
  const t = trackDeg * DEG;
  const nextLat = lat + d * Math.cos(t);
  const cos = Math.max(0.01, Math.cos(lat * DEG));
  let nextLon = lon + (d * Math.sin(t)) / cos;
  if (nextLon > 180) nextLon -= 360;
  if (nextLon < -180) nextLon += 360;
  return { lat: nextLat, lon: nextLon };
}
