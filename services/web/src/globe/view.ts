import type { Airspace } from '../../../api/src/routes/airspace.js';
import type { TrackPoint } from '../../../api/src/schemas/track.js';
import { getJson } from '../api/client.js';
import { h } from '../ui/dom.js';
import type { View } from '../views/view.js';
import { AircraftLayer } from './aircraft-layer.js';
import { AirspaceIndex } from './airspace.js';
import { DataClock } from './clock.js';
import { type Columns, toColumns } from './columns.js';
import { NO_FILTER } from './filter.js';
import { Fleet, GHOST_AFTER_MS } from './fleet.js';
import { radiusAt, reckon, toVec3 } from './geo.js';
import { publish, Samples } from './hooks.js';
import { LinesLayer } from './lines-layer.js';
import { AircraftPanel } from './panel.js';
import { GlobeScene } from './scene.js';
import { LiveStream } from './stream.js';
import { TimeTravel } from './time-travel.js';
import { TrafficForm } from './traffic-form.js';
import './globe.css';

const PICK_RADIUS_PX = 14;
const TRAIL_MAX = 2_000;

/** The globe: live traffic, FIRs, the selected aircraft's panel, filters and time travel. */
export const globeView: View = {
  title: 'Live traffic',
  mount(root, _params, query) {
    const canvas = h('canvas', {
      class: 'globe-canvas',
      tabindex: 0,
      'aria-label':
        'Globe of the live traffic: drag or arrow keys to turn, wheel or + and - to zoom, click an aircraft to select it',
    });
    const status = h('p', { class: 'globe-status', role: 'status' }, 'Connecting…');
    const legend = h(
      'p',
      { class: 'legend', 'aria-label': 'Colours' },
      h('span', { class: 'swatch low' }),
      'low ',
      h('span', { class: 'swatch mid' }),
      'mid ',
      h('span', { class: 'swatch high' }),
      'cruise ',
      h('span', { class: 'swatch ghost' }),
      `no news > ${GHOST_AFTER_MS / 1000} s`,
    );
    const clock = new DataClock();
    let airspace: AirspaceIndex | null = null;
    const fleet = new Fleet(NO_FILTER, (lat, lon) => airspace?.firAt(lat, lon)?.id ?? null);
    const scene = new GlobeScene(canvas);
    const layer = new AircraftLayer(fleet);
    scene.scene.add(layer.mesh);
    let lines: LinesLayer | null = null;
    let framesApplied = 0;
    let fitted = false;
    let trail: Array<{ lat: number; lon: number; alt: number | null; t: number }> = [];
    // `#/?profile=1` measures from the first frame (pnpm bench:web).
    let profiling = query.get('profile') === '1';
    const parseSamples = new Samples();
    const applySamples = new Samples();
    const uploadSamples = new Samples();
    const frameSamples = new Samples();
    let uploadPending = false;

    const form = new TrafficForm(
      (filter) => fleet.setFilter(filter),
      () => {
        // Enter in the filters: the first aircraft shown is selected and brought into view.
        for (let s = 0; s < fleet.high; s++) {
          if (fleet.state[s * 2] !== 1) continue;
          select(s);
          scene.lookAt(fleet.lat[s] as number, fleet.lon[s] as number, 1.4);
          panel.element.querySelector('button')?.focus();
          return;
        }
      },
    );
    const panel = new AircraftPanel({
      mode: (mode) => {
        scene.setMode(mode);
        refreshPanel();
      },
      close: () => select(-1),
    });

    const apply = (c: Columns, parseMs = 0) => {
      if (profiling) parseSamples.push(parseMs);
      if (profiling) performance.mark('overfly:apply:start');
      fleet.apply(c);
      let newest = 0;
      for (let i = 0; i < c.count; i++) newest = Math.max(newest, c.positionTime[i] as number);
      if (newest > 0) clock.observe(newest);
      if (fleet.selected >= 0) extendTrail();
      framesApplied++;
      if (profiling) {
        performance.mark('overfly:apply:end');
        const m = performance.measure('overfly:apply', 'overfly:apply:start', 'overfly:apply:end');
        applySamples.push(m.duration);
        performance.clearMarks();
        performance.clearMeasures();
        uploadPending = true;
      }
      if (!fitted && fleet.total > 0) {
        fitted = true;
        fitToTraffic();
      }
    };

    const stream = new LiveStream({
      onFrame: apply,
      onStatus: (s, detail) => {
        status.textContent =
          s === 'open'
            ? 'Live'
            : s === 'connecting'
              ? 'Connecting…'
              : `Disconnected (${detail}); retrying`;
        status.dataset.status = s;
      },
      onError: (title, detail) => {
        status.textContent = `${title}: ${detail}`;
      },
    });

    const travel = new TimeTravel({
      now: () => clock.now(),
      show: (at, points, rate) => {
        stream.pause();
        apply(toColumns('snapshot', at, points.map(liveOf)));
        clock.set(at, rate);
        status.textContent = `Time travel: ${points.length} aircraft`;
      },
      live: () => {
        fleet.clear();
        clock.set(0, 1);
        stream.resume();
      },
      onError: (message) => {
        status.textContent = `Time travel failed: ${message}`;
      },
    });

    const selectedView = () => {
      const s = fleet.selected;
      const age = clock.now() - (fleet.positionTime[s] as number);
      const p = reckon(
        fleet.lat[s] as number,
        fleet.lon[s] as number,
        fleet.motion[s * 3] as number,
        fleet.motion[s * 3 + 1] as number,
        age / 1000,
      );
      return { p, age };
    };

    function positionOf(slot: number) {
      const age = clock.now() - (fleet.positionTime[slot] as number);
      const p = reckon(
        fleet.lat[slot] as number,
        fleet.lon[slot] as number,
        fleet.motion[slot * 3] as number,
        fleet.motion[slot * 3 + 1] as number,
        age / 1000,
      );
      const alt = fleet.alt[slot] as number;
      return toVec3(p.lat, p.lon, radiusAt(Number.isNaN(alt) ? 0 : alt));
    }

    function refreshPanel() {
      const s = fleet.selected;
      if (s < 0) {
        panel.show(null, scene.mode);
        lines?.highlightFir(null);
        return;
      }
      const { p, age } = selectedView();
      const fir = airspace?.firAt(p.lat, p.lon) ?? null;
      lines?.highlightFir(fir);
      const ghost = age > GHOST_AFTER_MS;
      panel.setLost(ghost);
      if (ghost && scene.mode !== 'orbit') scene.setMode('orbit');
      panel.show(
        {
          icao24: fleet.idOf(s),
          callsign: fleet.callsign[s] ?? null,
          alt: fleet.alt[s] as number,
          speed: fleet.motion[s * 3] as number,
          track: fleet.motion[s * 3 + 1] as number,
          vRate: fleet.vRate[s] as number,
          ground: fleet.ground[s] as number,
          squawk: fleet.squawk[s] ?? null,
          positionTime: fleet.positionTime[s] as number,
          lat: p.lat,
          lon: p.lon,
          ghost,
          fir,
        },
        scene.mode,
      );
    }

    let trailAbort: AbortController | null = null;
    function select(slot: number) {
      if (slot === fleet.selected) return;
      fleet.select(slot);
      trail = [];
      lines?.showTrail([]);
      trailAbort?.abort();
      if (slot < 0) {
        scene.setMode('orbit');
        refreshPanel();
        return;
      }
      const icao24 = fleet.idOf(slot);
      const abort = new AbortController();
      trailAbort = abort;
      const to = Math.round(clock.now()) || Date.now();
      getJson<{ points: TrackPoint[] }>(
        `/v1/flights/${icao24}/track`,
        { from: to - 3_600_000, to: to + 1 },
        abort.signal,
      )
        .then((answer) => {
          if (abort.signal.aborted) return;
          trail = answer.points.map((p) => ({
            lat: p.latitude,
            lon: p.longitude,
            alt: p.baroAltitudeM ?? p.geoAltitudeM ?? null,
            t: p.positionTime,
          }));
          extendTrail();
        })
        .catch(() => {
          // No recorded track (yet): the trail grows from the live positions.
          extendTrail();
        });
      refreshPanel();
    }

    function extendTrail() {
      const s = fleet.selected;
      if (s < 0) return;
      const t = fleet.positionTime[s] as number;
      const last = trail[trail.length - 1];
      if (!last || t > last.t) {
        const alt = fleet.alt[s] as number;
        trail.push({
          lat: fleet.lat[s] as number,
          lon: fleet.lon[s] as number,
          alt: Number.isNaN(alt) ? null : alt,
          t,
        });
        if (trail.length > TRAIL_MAX) trail.splice(0, trail.length - TRAIL_MAX);
      }
      lines?.showTrail(trail);
    }

    function fitToTraffic() {
      let x = 0;
      let y = 0;
      let z = 0;
      for (let s = 0; s < fleet.high; s++) {
        if (fleet.present[s] !== 1) continue;
        const v = toVec3(fleet.lat[s] as number, fleet.lon[s] as number);
        x += v.x;
        y += v.y;
        z += v.z;
      }
      const r = Math.hypot(x, y, z);
      if (r === 0) return;
      const lat = (Math.asin(y / r) * 180) / Math.PI;
      const lon = (Math.atan2(-z, x) * 180) / Math.PI;
      // Spread-out traffic (the world) gets a wide view; a region, a close one.
      const spread = r / fleet.total;
      scene.lookAt(lat, lon, spread > 0.95 ? 1.6 : spread > 0.6 ? 2.4 : 3.2);
    }

    /** The shown aircraft nearest to a canvas point, within PICK_RADIUS_PX; -1: none. */
    function pick(x: number, y: number): number {
      let best = -1;
      let bestD = PICK_RADIUS_PX * PICK_RADIUS_PX;
      for (let s = 0; s < fleet.high; s++) {
        if (fleet.state[s * 2] !== 1) continue;
        const q = scene.screenOf(positionOf(s));
        if (!q) continue;
        const d = (q.x - x) ** 2 + (q.y - y) ** 2;
        if (d < bestD) {
          bestD = d;
          best = s;
        }
      }
      return best;
    }

    let down: { x: number; y: number } | null = null;
    canvas.addEventListener('pointerdown', (e) => {
      down = { x: e.clientX, y: e.clientY };
    });
    canvas.addEventListener('pointerup', (e) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 5) return;
      const rect = canvas.getBoundingClientRect();
      const slot = pick(e.clientX - rect.left, e.clientY - rect.top);
      if (slot >= 0 || scene.mode === 'orbit') select(slot);
    });
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && fleet.selected >= 0) select(-1);
    };
    window.addEventListener('keydown', onKey);

    getJson<Airspace>('/v1/airspace/firs')
      .then((answer) => {
        if (stopped) return;
        airspace = new AirspaceIndex(answer.firs);
        lines = new LinesLayer(answer.firs);
        scene.scene.add(lines.group);
        form.setFirIds(answer.firs.map((f) => f.id));
        fleet.setFilter(form.read());
      })
      .catch((error: unknown) => {
        status.textContent = `FIR layer not available: ${error instanceof Error ? error.message : String(error)}`;
      });

    let stopped = false;
    let raf = 0;
    let lastExpire = 0;
    let lastPanel = 0;
    let lastFrame = performance.now();
    const frame = (time: number) => {
      if (stopped) return;
      raf = requestAnimationFrame(frame);
      if (profiling) frameSamples.push(time - lastFrame);
      lastFrame = time;
      const now = clock.now();
      if (!travel.travelling && time - lastExpire > 1_000) {
        lastExpire = time;
        if (now > 0) fleet.expire(now);
      }
      layer.update(now);
      form.setCount(fleet.shown, fleet.total);
      if (time - lastPanel > 500) {
        lastPanel = time;
        refreshPanel();
      }
      const s = fleet.selected;
      const ride =
        s >= 0 && scene.mode !== 'orbit'
          ? (() => {
              const { p } = selectedView();
              const alt = fleet.alt[s] as number;
              const position = toVec3(p.lat, p.lon, radiusAt(Number.isNaN(alt) ? 0 : alt));
              const ahead = reckon(p.lat, p.lon, 250, fleet.motion[s * 3 + 1] as number, 10);
              const next = toVec3(ahead.lat, ahead.lon, radiusAt(Number.isNaN(alt) ? 0 : alt));
              const d =
                Math.hypot(next.x - position.x, next.y - position.y, next.z - position.z) || 1;
              return {
                position,
                forward: {
                  x: (next.x - position.x) / d,
                  y: (next.y - position.y) / d,
                  z: (next.z - position.z) / d,
                },
              };
            })()
          : null;
      // The frame after a delta carries its attributes to the GPU: its cost is measured.
      const t0 = uploadPending ? performance.now() : 0;
      scene.render(ride);
      if (uploadPending) {
        uploadSamples.push(performance.now() - t0);
        uploadPending = false;
      }
    };
    raf = requestAnimationFrame(frame);

    publish({
      count: () => ({ shown: fleet.shown, total: fleet.total }),
      slots: () => ({ high: fleet.high, capacity: fleet.capacity }),
      ids: () => fleet.ids(),
      screenPosition: (icao24) => {
        const slot = fleet.slotOf(icao24);
        if (slot < 0 || fleet.state[slot * 2] !== 1) return null;
        const q = scene.screenOf(positionOf(slot));
        if (!q) return null;
        const rect = canvas.getBoundingClientRect();
        return { x: q.x + rect.left, y: q.y + rect.top };
      },
      stateOf: (icao24) => {
        const slot = fleet.slotOf(icao24);
        if (slot < 0) return null;
        return {
          shown: fleet.state[slot * 2] === 1,
          ghost: clock.now() - (fleet.positionTime[slot] as number) > GHOST_AFTER_MS,
        };
      },
      select: (icao24) => select(icao24 === null ? -1 : fleet.slotOf(icao24)),
      selected: () => (fleet.selected >= 0 ? fleet.idOf(fleet.selected) : null),
      mode: () => scene.mode,
      lookAt: (lat, lon, distance) => scene.lookAt(lat, lon, distance),
      frames: () => framesApplied,
      profile: (on) => {
        profiling = on;
      },
      receive: (text) => stream.inject(text),
      takeMeasures: () => ({
        parse: parseSamples.take(),
        apply: applySamples.take(),
        upload: uploadSamples.take(),
        frames: frameSamples.take(),
      }),
    });

    root.append(
      h(
        'div',
        { class: 'globe-view' },
        canvas,
        h('div', { class: 'globe-top' }, form.element),
        panel.element,
        h('div', { class: 'globe-bottom' }, travel.element, status, legend),
      ),
    );

    return () => {
      stopped = true;
      cancelAnimationFrame(raf);
      window.removeEventListener('keydown', onKey);
      trailAbort?.abort();
      stream.close();
      travel.dispose();
      panel.dispose();
      lines?.dispose();
      layer.dispose();
      scene.dispose();
      publish(null);
    };
  },
};

/** A time-travel report as a live record. */
function liveOf(p: TrackPoint) {
  return {
    icao24: p.icao24,
    callsign: p.callsign ?? null,
    lat: p.latitude,
    lon: p.longitude,
    alt: p.baroAltitudeM ?? p.geoAltitudeM ?? null,
    onGround: p.onGround ?? null,
    speed: p.velocityMs ?? null,
    track: p.trackDeg ?? null,
    vRate: null,
    squawk: null,
    positionTime: p.positionTime,
  };
}
