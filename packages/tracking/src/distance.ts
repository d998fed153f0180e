/** Mean Earth radius of GRS 80 (IUGG), the one packages/geo's greatCircleKm uses. */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Haversine distance in km, on scalars so the hot path allocates nothing. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const sDp = Math.sin((p2 - p1) / 2);
  const sDl = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sDp * sDp + Math.cos(p1) * Math.cos(p2) * sDl * sDl;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const KT_TO_KMS = 1.852 / 3600;
export const FT_TO_M = 0.3048;
