// Which boxes to ask OpenSky for. Credits per request grow with the box's area, but much
// slower than the area does (credits.ts), so cutting a box into tiles never saves credits
// under the published bands. For a box of area A cut into n ≥ 2 equal tiles of A/n:
//   A ≤ 25         costs 1;  n tiles cost ≥ n ≥ 2.
//   25 < A ≤ 100   costs 2;  n tiles cost ≥ n ≥ 2 (a tie at best, with more requests).
//   100 < A ≤ 400  costs 3;  n = 2: A/2 > 50 → 2 each → 4;  n ≥ 3: ≥ n ≥ 3.
//   A > 400        costs 4;  n = 2: A/2 > 200 → 3 each → 6;  n = 3: A/3 > 133 → 3 each → 9;
//                            n ≥ 4: ≥ n ≥ 4.
// The planner still prices both plans and takes the cheaper (ties go to fewer requests), so
// a change of bands is picked up by editing CREDIT_BANDS alone. Tiling then happens for
// two reasons only: a box across the antimeridian must be sent as two boxes (OpenSky's
// lomin/lomax cannot wrap), and `tiling: 'always'` caps the size of each response.
import { bboxAreaSqDeg, creditCost } from './credits.js';
import { OpenSkyError } from './errors.js';
import type { BoundingBox } from './types.js';

/** More tiles than this is a configuration mistake (a tiny tileMaxAreaSqDeg), not a plan. */
const MAX_TILES = 2_000;

export function validateBbox(bbox: BoundingBox): void {
  const { lamin, lomin, lamax, lomax } = bbox;
  const problems: string[] = [];
  for (const [name, value] of Object.entries({ lamin, lomin, lamax, lomax })) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      problems.push(`${name} is not a number`);
  }
  if (problems.length === 0) {
    if (lamin < -90 || lamax > 90) problems.push('latitudes must be within [-90, 90]');
    if (lomin < -180 || lomax > 180 || lomin > 180 || lomax < -180) {
      problems.push('longitudes must be within [-180, 180]');
    }
    if (!(lamin < lamax)) problems.push(`lamin ${lamin} must be below lamax ${lamax}`);
    if (lomin === lomax) problems.push('lomin and lomax are equal (an empty box)');
  }
  if (problems.length > 0) {
    throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_INVALID_BBOX', {
      detail: `${JSON.stringify(bbox)}: ${problems.join('; ')}`,
    });
  }
}

/** A box with lomin > lomax crosses 180°; OpenSky needs it as two boxes. */
function splitAtAntimeridian(bbox: BoundingBox): BoundingBox[] {
  if (bbox.lomin <= bbox.lomax) return [bbox];
  return [
    { ...bbox, lomax: 180 },
    { ...bbox, lomin: -180 },
  ];
}

/**
 * Cuts a box into the fewest equal grid tiles of at most `maxAreaSqDeg` each (ties: the
 * squarest tiles). Tiles share edges; an aircraft on an edge may come back twice, which the
 * merge removes.
 */
export function splitIntoTiles(bbox: BoundingBox, maxAreaSqDeg: number): BoundingBox[] {
  if (!(maxAreaSqDeg > 0) || !Number.isFinite(maxAreaSqDeg)) {
    throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_INVALID_OPTIONS', {
      detail: `tileMaxAreaSqDeg must be a positive number (got ${maxAreaSqDeg})`,
    });
  }
  const parts = splitAtAntimeridian(bbox);
  if (parts.length > 1) return parts.flatMap((part) => splitIntoTiles(part, maxAreaSqDeg));

  const latSpan = bbox.lamax - bbox.lamin;
  const lonSpan = bbox.lomax - bbox.lomin;
  const area = latSpan * lonSpan;
  const minTiles = Math.ceil(area / maxAreaSqDeg - 1e-9);
  if (minTiles > MAX_TILES) {
    throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_INVALID_OPTIONS', {
      detail: `tileMaxAreaSqDeg ${maxAreaSqDeg} would cut a ${area.toFixed(1)} sq deg box into ${minTiles} tiles (limit ${MAX_TILES})`,
    });
  }
  let best = { cols: 1, rows: Math.max(1, minTiles), squareness: Number.POSITIVE_INFINITY };
  let bestCount = Number.POSITIVE_INFINITY;
  for (let cols = 1; cols <= Math.max(1, minTiles); cols++) {
    // Tiles of width lonSpan/cols need rows so that width × height ≤ maxAreaSqDeg.
    const rows = Math.max(1, Math.ceil(area / (cols * maxAreaSqDeg) - 1e-9));
    const count = cols * rows;
    const squareness = Math.abs(Math.log(lonSpan / cols / (latSpan / rows)));
    if (count < bestCount || (count === bestCount && squareness < best.squareness)) {
      best = { cols, rows, squareness };
      bestCount = count;
    }
  }
  const tiles: BoundingBox[] = [];
  for (let r = 0; r < best.rows; r++) {
    for (let c = 0; c < best.cols; c++) {
      tiles.push({
        lamin: bbox.lamin + (latSpan * r) / best.rows,
        lamax: r === best.rows - 1 ? bbox.lamax : bbox.lamin + (latSpan * (r + 1)) / best.rows,
        lomin: bbox.lomin + (lonSpan * c) / best.cols,
        lomax: c === best.cols - 1 ? bbox.lomax : bbox.lomin + (lonSpan * (c + 1)) / best.cols,
      });
    }
  }
  return tiles;
}

export interface RequestPlan {
  boxes: BoundingBox[];
  credits: number;
  /** What the same area costs without tiling (two calls if it crosses the antimeridian). */
  untiledCredits: number;
}

export function planRequests(
  bbox: BoundingBox,
  maxAreaSqDeg: number,
  tiling: 'cheapest' | 'always',
): RequestPlan {
  const parts = splitAtAntimeridian(bbox);
  const untiledCredits = sumCredits(parts);
  const needsTiles = parts.some((part) => bboxAreaSqDeg(part) > maxAreaSqDeg);
  if (!needsTiles) return { boxes: parts, credits: untiledCredits, untiledCredits };
  const tiles = splitIntoTiles(bbox, maxAreaSqDeg);
  const tiledCredits = sumCredits(tiles);
  if (tiling === 'always' || tiledCredits < untiledCredits) {
    return { boxes: tiles, credits: tiledCredits, untiledCredits };
  }
  return { boxes: parts, credits: untiledCredits, untiledCredits };
}

function sumCredits(boxes: readonly BoundingBox[]): number {
  return boxes.reduce((sum, box) => sum + creditCost(box), 0);
}
