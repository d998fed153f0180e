import type { AircraftTrackState, EngineMeta } from '@overfly/schemas';
import { AircraftTrack, NO_TIME } from './aircraft.js';
import { resolveTrackConfig, type TrackConfig } from './config.js';
import { TrackingError } from './errors.js';
import type { AirportIndex, FirLayer } from './geo-contract.js';
import { aircraftFromState, aircraftToState } from './state-codec.js';
import { Tracker } from './tracker.js';
import type { EngineOutput, Fix } from './types.js';

const MINUTE_MS = 60_000;

/**
 * Turns a stream of position fixes into flights, FIR crossings and flight events. Pure and
 * deterministic: outputs depend only on the sequence of fixes ingested; time is the
 * engine's own event-time watermark, never the wall clock.
 */
export class TrackEngine {
  private readonly config: Readonly<TrackConfig>;
  private readonly tracker: Tracker;
  private readonly aircraft = new Map<string, AircraftTrack>();
  private readonly dirtySet = new Set<string>();
  private readonly evictedSet = new Set<string>();
  private wm = NO_TIME;
  private lastSweepMinute = NO_TIME;

  constructor(deps: { layer: FirLayer; airports: AirportIndex }, config?: Partial<TrackConfig>) {
    this.config = resolveTrackConfig(config);
    this.tracker = new Tracker(this.config, deps.layer, deps.airports);
  }

  get trackedAircraft(): number {
    return this.aircraft.size;
  }

  /** Largest fix time ingested (epoch ms); -Infinity before the first fix. */
  get watermark(): number {
    return this.wm;
  }

  /** Takes one fix; the engine keeps a reference to it while it sits in the reorder buffer. */
  ingest(fix: Fix, out: EngineOutput): void {
    if (!isValid(fix)) {
      out.rejected?.(fix, 'INVALID');
      return;
    }
    let ac = this.aircraft.get(fix.icao24);
    if (!ac) {
      ac = new AircraftTrack(fix.icao24);
      this.aircraft.set(fix.icao24, ac);
      this.evictedSet.delete(fix.icao24);
    }
    this.dirtySet.add(fix.icao24);
    this.receive(ac, fix, out);
    if (fix.t > this.wm) {
      this.wm = fix.t;
      const minute = Math.floor(fix.t / MINUTE_MS);
      if (minute > this.lastSweepMinute) {
        this.lastSweepMinute = minute;
        this.sweep(out);
      }
    }
  }

  /** End of input: releases every buffer and closes every flight (FINAL); forgets all aircraft. */
  flush(out: EngineOutput): void {
    for (const icao24 of [...this.aircraft.keys()].sort()) {
      const ac = this.aircraft.get(icao24);
      if (ac) this.retire(ac, 'END_OF_INPUT', out);
    }
  }

  dirty(): Iterable<string> {
    return this.dirtySet;
  }

  evicted(): Iterable<string> {
    return this.evictedSet;
  }

  clearDirty(): void {
    this.dirtySet.clear();
    this.evictedSet.clear();
  }

  exportState(icao24: string): AircraftTrackState | null {
    const ac = this.aircraft.get(icao24);
    return ac ? aircraftToState(ac) : null;
  }

  importState(state: AircraftTrackState): void {
    if (state.meta !== null) {
      this.importMeta(state.meta);
      return;
    }
    const ac = aircraftFromState(state);
    this.aircraft.set(ac.icao24, ac);
  }

  exportMeta(): EngineMeta {
    return {
      watermark: this.wm === NO_TIME ? null : this.wm,
      lastSweepMinute: this.lastSweepMinute === NO_TIME ? null : this.lastSweepMinute,
    };
  }

  importMeta(meta: EngineMeta): void {
    if (meta.watermark !== null && !Number.isFinite(meta.watermark)) {
      throw new TrackingError('STATE_INVALID', 'watermark is not finite');
    }
    this.wm = meta.watermark ?? NO_TIME;
    this.lastSweepMinute = meta.lastSweepMinute ?? NO_TIME;
  }

  /** Reorder buffer: hold each fix until one latenessMs newer arrives, then release in order. */
  private receive(ac: AircraftTrack, fix: Fix, out: EngineOutput): void {
    if (fix.t <= ac.lastReleasedTime) {
      out.rejected?.(fix, fix.t === ac.lastReleasedTime ? 'DUPLICATE' : 'LATE');
      return;
    }
    const buffer = ac.buffer;
    let i = buffer.length;
    while (i > 0 && (buffer[i - 1] as Fix).t > fix.t) i--;
    if (i > 0 && (buffer[i - 1] as Fix).t === fix.t) {
      out.rejected?.(fix, 'DUPLICATE');
      return;
    }
    if (i === buffer.length) buffer.push(fix);
    else buffer.splice(i, 0, fix);
    if (fix.t > ac.latestFixTime) ac.latestFixTime = fix.t;
    this.release(ac, ac.latestFixTime - this.config.latenessMs, out);
  }

  private release(ac: AircraftTrack, upTo: number, out: EngineOutput): void {
    const buffer = ac.buffer;
    while (buffer.length > 0 && (buffer[0] as Fix).t <= upTo) {
      const next = buffer.shift() as Fix;
      ac.lastReleasedTime = next.t;
      this.tracker.process(ac, next, out);
    }
  }

  /**
   * Once per watermark minute: release buffers older than the lateness window and expire
   * aircraft idle for more than gapMs. Aircraft are visited in icao24 order, so the output
   * order never depends on the Map's insertion history (which a restore changes).
   */
  private sweep(out: EngineOutput): void {
    const releaseUpTo = this.wm - this.config.latenessMs;
    const idleBefore = this.wm - this.config.gapMs;
    let ids: string[] | null = null;
    for (const [icao24, ac] of this.aircraft) {
      const first = ac.buffer[0];
      const stale =
        (first !== undefined && first.t <= releaseUpTo) || ac.latestFixTime < idleBefore;
      if (stale) {
        ids ??= [];
        ids.push(icao24);
      }
    }
    if (!ids) return;
    ids.sort();
    for (const icao24 of ids) {
      const ac = this.aircraft.get(icao24) as AircraftTrack;
      this.dirtySet.add(icao24);
      if (ac.latestFixTime < idleBefore) this.retire(ac, 'GAP', out);
      else this.release(ac, releaseUpTo, out);
    }
  }

  private retire(ac: AircraftTrack, reason: 'GAP' | 'END_OF_INPUT', out: EngineOutput): void {
    this.release(ac, Number.POSITIVE_INFINITY, out);
    this.tracker.discardCandidate(ac, out);
    this.tracker.closeFlight(ac, reason, out);
    this.aircraft.delete(ac.icao24);
    this.dirtySet.delete(ac.icao24);
    this.evictedSet.add(ac.icao24);
  }
}

function isValid(fix: Fix): boolean {
  return (
    typeof fix.icao24 === 'string' &&
    fix.icao24.length > 0 &&
    Number.isFinite(fix.t) &&
    Number.isFinite(fix.lat) &&
    Number.isFinite(fix.lon) &&
    fix.lat >= -90 &&
    fix.lat <= 90 &&
    fix.lon >= -180 &&
    fix.lon <= 180 &&
    (fix.altM === null || Number.isFinite(fix.altM))
  );
}
