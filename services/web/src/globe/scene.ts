import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { toVec3, type Vec3 } from './geo.js';
import type { CameraMode } from './hooks-types.js';

/** Where the camera rides in follow and cockpit modes: the aircraft's reckoned place now. */
export interface Ride {
  position: Vec3;
  /** Unit vector along the track. */
  forward: Vec3;
}

const v3 = (v: Vec3) => new THREE.Vector3(v.x, v.y, v.z);

/**
 * The renderer, the camera and its controls, the earth and its graticule. Orbit: drag to
 * turn, wheel to zoom, arrow keys and +/- on the focused canvas. Follow: the camera stays
 * above the selected aircraft (wheel still zooms). Cockpit: it sits in it, looking ahead.
 */
export class GlobeScene {
  readonly renderer: THREE.WebGLRenderer;
  readonly scene = new THREE.Scene();
  readonly camera: THREE.PerspectiveCamera;
  readonly controls: OrbitControls;
  mode: CameraMode = 'orbit';
  private readonly resize: ResizeObserver;
  private followDistance = 1.6;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({
      canvas,
      antialias: true,
      powerPreference: 'high-performance',
    });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(0x05070f);
    this.camera = new THREE.PerspectiveCamera(45, 1, 0.0005, 100);
    this.camera.position.set(0, 1.2, 3);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enablePan = false;
    this.controls.minDistance = 1.05;
    this.controls.maxDistance = 8;
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.12;
    this.scene.add(earth(), graticule());
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(canvas);
    this.fit();
    canvas.addEventListener('keydown', this.onKey);
    canvas.addEventListener('wheel', this.onWheel, { passive: true });
  }

  /** Turns the camera to look down at a place from `distance` (centre of the sphere = 0). */
  lookAt(lat: number, lon: number, distance = this.camera.position.length()): void {
    this.camera.position.copy(v3(toVec3(lat, lon, distance)));
    this.camera.up.set(0, 1, 0);
    this.controls.target.set(0, 0, 0);
    this.camera.lookAt(0, 0, 0);
    this.controls.update();
  }

  setMode(mode: CameraMode): void {
    if (mode === this.mode) return;
    if (this.mode === 'orbit') this.followDistance = Math.min(this.camera.position.length(), 2.2);
    this.mode = mode;
    this.controls.enabled = mode === 'orbit';
    if (mode === 'orbit') {
      this.camera.up.set(0, 1, 0);
      this.controls.target.set(0, 0, 0);
      this.camera.position.setLength(Math.max(this.camera.position.length(), 1.3));
      this.camera.lookAt(0, 0, 0);
    }
  }

  /** One frame: the camera placed for its mode, then the scene drawn. */
  render(ride: Ride | null): void {
    if (this.mode === 'follow' && ride) {
      this.camera.position.copy(v3(ride.position).normalize().multiplyScalar(this.followDistance));
      this.camera.up.copy(v3(ride.forward));
      this.camera.lookAt(0, 0, 0);
    } else if (this.mode === 'cockpit' && ride) {
      const p = v3(ride.position);
      const up = p.clone().normalize();
      const forward = v3(ride.forward);
      this.camera.position.copy(p).addScaledVector(up, 0.0015).addScaledVector(forward, 0.002);
      this.camera.up.copy(up);
      this.camera.lookAt(p.clone().addScaledVector(forward, 0.05).addScaledVector(up, -0.004));
    }
    if (this.mode === 'orbit') this.controls.update();
    this.renderer.render(this.scene, this.camera);
  }

  /** A point's place on the canvas in CSS pixels, or null when behind the earth or the camera. */
  screenOf(p: Vec3): { x: number; y: number } | null {
    this.camera.updateMatrixWorld();
    const world = v3(p);
    const toCamera = this.camera.position.clone().sub(world);
    if (world.dot(toCamera) < 0) return null;
    const ndc = world.project(this.camera);
    if (ndc.z > 1 || Math.abs(ndc.x) > 1 || Math.abs(ndc.y) > 1) return null;
    const rect = this.canvas.getBoundingClientRect();
    return { x: ((ndc.x + 1) / 2) * rect.width, y: ((1 - ndc.y) / 2) * rect.height };
  }

  dispose(): void {
    this.canvas.removeEventListener('keydown', this.onKey);
    this.canvas.removeEventListener('wheel', this.onWheel);
    this.resize.disconnect();
    this.controls.dispose();
    this.scene.traverse((o) => {
      const mesh = o as THREE.Mesh;
      mesh.geometry?.dispose();
      const material = mesh.material as THREE.Material | undefined;
      material?.dispose?.();
    });
    this.renderer.dispose();
  }

  private fit(): void {
    const w = this.canvas.clientWidth || 1;
    const h = this.canvas.clientHeight || 1;
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
  }

  /** In follow mode the wheel (and + / -) moves the camera up and down over the aircraft. */
  private readonly onWheel = (event: WheelEvent) => {
    if (this.mode === 'follow') this.zoomFollow(event.deltaY > 0 ? 1.15 : 1 / 1.15);
  };

  private zoomFollow(factor: number): void {
    this.followDistance = Math.min(4, Math.max(1.03, 1 + (this.followDistance - 1) * factor));
  }

  /** Arrow keys turn the globe, + and - zoom (orbit mode). */
  private readonly onKey = (event: KeyboardEvent) => {
    if (this.mode === 'follow' && (event.key === '+' || event.key === '=' || event.key === '-')) {
      this.zoomFollow(event.key === '-' ? 1.15 : 1 / 1.15);
      event.preventDefault();
      return;
    }
    if (this.mode !== 'orbit') return;
    const step = 0.08;
    const p = this.camera.position;
    const spherical = new THREE.Spherical().setFromVector3(p);
    switch (event.key) {
      case 'ArrowLeft':
        spherical.theta -= step;
        break;
      case 'ArrowRight':
        spherical.theta += step;
        break;
      case 'ArrowUp':
        spherical.phi = Math.max(0.05, spherical.phi - step);
        break;
      case 'ArrowDown':
        spherical.phi = Math.min(Math.PI - 0.05, spherical.phi + step);
        break;
      case '+':
      case '=':
        spherical.radius = Math.max(this.controls.minDistance, spherical.radius * 0.85);
        break;
      case '-':
        spherical.radius = Math.min(this.controls.maxDistance, spherical.radius / 0.85);
        break;
      default:
        return;
    }
    event.preventDefault();
    p.setFromSpherical(spherical);
    this.camera.lookAt(0, 0, 0);
  };
}

function earth(): THREE.Mesh {
  return new THREE.Mesh(
    new THREE.SphereGeometry(1, 96, 64),
    new THREE.MeshBasicMaterial({ color: 0x0c1a33 }),
  );
}

/** Meridians and parallels every 15°. */
function graticule(): THREE.LineSegments {
  const points: number[] = [];
  const push = (a: Vec3, b: Vec3) => points.push(a.x, a.y, a.z, b.x, b.y, b.z);
  const r = 1.0002;
  for (let lon = -180; lon < 180; lon += 15)
    for (let lat = -90; lat < 90; lat += 3) push(toVec3(lat, lon, r), toVec3(lat + 3, lon, r));
  for (let lat = -75; lat <= 75; lat += 15)
    for (let lon = -180; lon < 180; lon += 3) push(toVec3(lat, lon, r), toVec3(lat, lon + 3, r));
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(points, 3));
  return new THREE.LineSegments(
    geometry,
    new THREE.LineBasicMaterial({ color: 0x1a2b4d, transparent: true, opacity: 0.6 }),
  );
}
