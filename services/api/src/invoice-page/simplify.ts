/**
 * A polyline thinned for drawing: a point closer than `tolerance` to the last one kept is
 * dropped (radial distance, in the drawing's units), the first and last always kept, so a
 * closed ring stays closed. A FIR boundary of thousands of vertices becomes as many as
 * its outline has pixels, at most.
 */
export function simplify(
  points: readonly (readonly [number, number])[],
  tolerance: number,
): Array<readonly [number, number]> {
  if (points.length <= 2) return [...points];
  const first = points[0] as readonly [number, number];
  const out: Array<readonly [number, number]> = [first];
  const t2 = tolerance * tolerance;
  let [lx, ly] = first;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i] as readonly [number, number];
    const dx = p[0] - lx;
    const dy = p[1] - ly;
    if (dx * dx + dy * dy >= t2) {
      out.push(p);
      [lx, ly] = p;
    }
  }
  out.push(points[points.length - 1] as readonly [number, number]);
  return out;
}
