import * as THREE from 'three';
import { AIRCRAFT_FRAGMENT, AIRCRAFT_VERTEX } from './aircraft-shaders.js';
import { type Fleet, GHOST_AFTER_MS } from './fleet.js';

/**
 * Every aircraft in one draw call: an instanced triangle whose per-instance attributes are
 * the fleet's own typed arrays. A frame uploads them only when the fleet changed.
 */
export class AircraftLayer {
  readonly mesh: THREE.Mesh;
  private readonly geometry = new THREE.InstancedBufferGeometry();
  private readonly material: THREE.ShaderMaterial;
  private capacity = -1;
  private version = -1;

  constructor(private readonly fleet: Fleet) {
    // An arrow head pointing along +y (the track), 1 unit long.
    const shape = new Float32Array([0, 0.6, 0, -0.35, -0.4, 0, 0.35, -0.4, 0]);
    this.geometry.setAttribute('position', new THREE.BufferAttribute(shape, 3));
    this.material = new THREE.ShaderMaterial({
      vertexShader: AIRCRAFT_VERTEX,
      fragmentShader: AIRCRAFT_FRAGMENT,
      uniforms: {
        uNow: { value: 0 },
        uGhostAfter: { value: GHOST_AFTER_MS / 1000 },
        uSize: { value: 0.012 },
      },
      transparent: true,
      depthWrite: false,
      side: THREE.DoubleSide,
    });
    this.mesh = new THREE.Mesh(this.geometry, this.material);
    this.mesh.frustumCulled = false;
    this.mesh.renderOrder = 2;
  }

  /** Before each frame: data time and, when the fleet changed, its attributes. */
  update(dataNow: number): void {
    const f = this.fleet;
    (this.material.uniforms.uNow as THREE.IUniform<number>).value = (dataNow - f.epoch) / 1000;
    if (f.version === this.version) return;
    this.version = f.version;
    if (f.capacity !== this.capacity) {
      this.capacity = f.capacity;
      this.geometry.setAttribute('aGeo', attribute(f.geo, 3));
      this.geometry.setAttribute('aMotion', attribute(f.motion, 3));
      this.geometry.setAttribute('aState', attribute(f.state, 2));
    } else {
      for (const name of ['aGeo', 'aMotion', 'aState']) {
        const a = this.geometry.getAttribute(name) as THREE.InstancedBufferAttribute;
        a.clearUpdateRanges();
        a.addUpdateRange(0, f.high * a.itemSize);
        a.needsUpdate = true;
      }
    }
    this.geometry.instanceCount = f.high;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}

function attribute(array: Float32Array, size: number): THREE.InstancedBufferAttribute {
  const a = new THREE.InstancedBufferAttribute(array, size);
  a.setUsage(THREE.DynamicDrawUsage);
  return a;
}
