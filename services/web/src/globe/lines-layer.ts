import * as THREE from 'three';
import type { AirspaceFir } from './airspace.js';
import { radiusAt, toVec3 } from './geo.js';

const FIR_RADIUS = 1.0005;

/** Segments of closed flat [lon, lat, …] rings on the sphere, as LineSegments positions. */
function ringSegments(rings: readonly (readonly number[])[], radius: number): Float32Array {
  let segments = 0;
  for (const ring of rings) segments += Math.max(0, ring.length / 2 - 1);
  const out = new Float32Array(segments * 6);
  let o = 0;
  for (const ring of rings) {
    for (let k = 0; k + 3 < ring.length; k += 2) {
      const a = toVec3(ring[k + 1] as number, ring[k] as number, radius);
      const b = toVec3(ring[k + 3] as number, ring[k + 2] as number, radius);
      out[o++] = a.x;
      out[o++] = a.y;
      out[o++] = a.z;
      out[o++] = b.x;
      out[o++] = b.y;
      out[o++] = b.z;
    }
  }
  return out;
}

/** A steady colour per charging zone (hue from its id); FIRs outside the zones dim blue. */
function zoneColour(zone: string | null): THREE.Color {
  if (!zone) return new THREE.Color(0x2a3f63);
  let hash = 0;
  for (const ch of zone) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return new THREE.Color().setHSL((hash % 360) / 360, 0.45, 0.5);
}

function segments(positions: Float32Array, color: number, opacity: number): THREE.LineSegments {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  return new THREE.LineSegments(
    geometry,
    new THREE.LineBasicMaterial({ color, transparent: opacity < 1, opacity }),
  );
}

function dispose(object: THREE.LineSegments | THREE.Line): void {
  object.geometry.dispose();
  (object.material as THREE.Material).dispose();
}

/**
 * The FIR boundaries (one draw call), the FIR under the selected aircraft highlighted, and
 * the selected aircraft's trail.
 */
export class LinesLayer {
  readonly group = new THREE.Group();
  private highlight: THREE.LineSegments | null = null;
  private highlighted = '';
  private trail: THREE.Line | null = null;

  constructor(firs: readonly AirspaceFir[]) {
    // FIRs of a EUROCONTROL charging zone in that zone's colour; the others dim.
    const positions: Float32Array[] = [];
    const colours: number[] = [];
    for (const fir of firs) {
      const p = ringSegments(fir.rings, FIR_RADIUS);
      positions.push(p);
      const c = zoneColour(fir.zone);
      for (let i = 0; i < p.length / 3; i++) colours.push(c.r, c.g, c.b);
    }
    const all = new Float32Array(positions.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of positions) {
      all.set(p, o);
      o += p.length;
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(all, 3));
    geometry.setAttribute('color', new THREE.Float32BufferAttribute(colours, 3));
    const boundaries = new THREE.LineSegments(
      geometry,
      new THREE.LineBasicMaterial({ vertexColors: true, transparent: true, opacity: 0.75 }),
    );
    boundaries.renderOrder = 1;
    this.group.add(boundaries);
  }

  /** Highlights one FIR (null: none). */
  highlightFir(fir: AirspaceFir | null): void {
    const id = fir?.id ?? '';
    if (id === this.highlighted) return;
    this.highlighted = id;
    if (this.highlight) {
      this.group.remove(this.highlight);
      dispose(this.highlight);
      this.highlight = null;
    }
    if (!fir) return;
    this.highlight = segments(ringSegments(fir.rings, FIR_RADIUS + 0.0003), 0xffd166, 1);
    this.highlight.renderOrder = 1;
    this.group.add(this.highlight);
  }

  /** The selected aircraft's past positions, oldest first (empty: none). */
  showTrail(points: ReadonlyArray<{ lat: number; lon: number; alt: number | null }>): void {
    if (this.trail) {
      this.group.remove(this.trail);
      dispose(this.trail);
      this.trail = null;
    }
    if (points.length < 2) return;
    const positions = new Float32Array(points.length * 3);
    points.forEach((p, i) => {
      const v = toVec3(p.lat, p.lon, radiusAt(p.alt));
      positions.set([v.x, v.y, v.z], i * 3);
    });
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    this.trail = new THREE.Line(geometry, new THREE.LineBasicMaterial({ color: 0xffffff }));
    this.trail.renderOrder = 3;
    this.group.add(this.trail);
  }

  dispose(): void {
    for (const child of [...this.group.children]) dispose(child as THREE.LineSegments);
    this.group.clear();
  }
}
