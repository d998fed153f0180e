// The aircraft as one instanced triangle each, placed and turned on the GPU: the vertex
// shader dead-reckons every aircraft from its fix (speed, track, time) to the frame's data
// time, so motion is smooth at the screen's rate while the page's code runs at the
// stream's 2-5 Hz. Same formulas as geo.ts (the picking and the camera use those).

export const AIRCRAFT_VERTEX = /* glsl */ `
attribute vec3 aGeo;     // lat, lon (degrees), altitude (m)
attribute vec3 aMotion;  // ground speed (m/s), track (degrees), fix time (s after epoch)
attribute vec2 aState;   // shown (0/1), kind: 0 airborne, 1 on ground, 2 selected
uniform float uNow;      // data time, s after epoch
uniform float uGhostAfter;
uniform float uSize;     // triangle size per unit of distance to the camera
varying vec3 vColor;
varying float vAlpha;

const float DEG = 0.017453292519943295;
const float EARTH_RADIUS_M = 6371000.0;
const float EXAGGERATION = 25.0;

vec3 toVec3(float lat, float lon, float r) {
  float c = cos(lat * DEG);
  return vec3(r * c * cos(lon * DEG), r * sin(lat * DEG), -r * c * sin(lon * DEG));
}

vec3 altitudeColor(float alt, float kind) {
  if (kind > 1.5) return vec3(1.0, 1.0, 1.0);
  if (kind > 0.5) return vec3(0.55, 0.58, 0.65);
  float f = clamp(alt / 12500.0, 0.0, 1.0);
  // Low: orange, mid: yellow-green, high: cyan to violet.
  vec3 low = vec3(1.0, 0.55, 0.15);
  vec3 mid = vec3(0.6, 0.95, 0.3);
  vec3 high = vec3(0.35, 0.75, 1.0);
  vec3 top = vec3(0.75, 0.5, 1.0);
  if (f < 0.33) return mix(low, mid, f / 0.33);
  if (f < 0.8) return mix(mid, high, (f - 0.33) / 0.47);
  return mix(high, top, (f - 0.8) / 0.2);
}

void main() {
  if (aState.x < 0.5) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  float age = max(uNow - aMotion.z, 0.0);
  float dt = min(age, 60.0);
  float d = aMotion.x * dt / EARTH_RADIUS_M / DEG;
  float track = aMotion.y * DEG;
  float lat = aGeo.x + d * cos(track);
  float lon = aGeo.y + d * sin(track) / max(cos(aGeo.x * DEG), 0.01);
  float alt = max(aGeo.z, 0.0);
  float r = 1.0 + alt * EXAGGERATION / EARTH_RADIUS_M + 0.001;
  vec3 p = toVec3(lat, lon, r);
  vec3 up = normalize(p);
  vec3 north = normalize(vec3(0.0, 1.0, 0.0) - up * up.y);
  if (abs(up.y) > 0.999) north = vec3(1.0, 0.0, 0.0);
  vec3 east = cross(north, up);
  vec3 forward = north * cos(track) + east * sin(track);
  vec3 right = cross(forward, up);
  float size = uSize * distance(cameraPosition, p) * (aState.y > 1.5 ? 1.8 : 1.0);
  vec3 world = p + (forward * position.y + right * position.x) * size;
  gl_Position = projectionMatrix * viewMatrix * vec4(world, 1.0);
  bool ghost = age > uGhostAfter;
  vColor = ghost ? vec3(0.6, 0.65, 0.75) : altitudeColor(alt, aState.y);
  vAlpha = ghost ? 0.35 : 1.0;
}
`;

export const AIRCRAFT_FRAGMENT = /* glsl */ `
varying vec3 vColor;
varying float vAlpha;
void main() {
  gl_FragColor = vec4(vColor, vAlpha);
}
`;
