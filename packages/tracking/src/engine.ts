import type { AirportIndex, FirLayer } from '@overfly/geo';
import type { AircraftTrackState, EngineMeta } from '@overfly/schemas';
import { AircraftTrack, NO_TIME } from './aircraft.js';
import { altitudeOf } from './altitude.js';
import { resolveTrackConfig, type TrackConfig } from './config.js';
import { TrackingError } from './errors.js';
import { aircraftFromState, aircraftToState } from './state-codec.js';
import { Tracker } from './tracker.js';
import type { EngineOutput, TrackedPosition } from './types.js';

const MINUTE_MS = 60_000;

/**
 * Turns a stream of positions into flights, FIR crossings and flight events. Pure and
 * deterministic: outputs depend only on the sequence of positions ingested; time is the
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

  /**
   * Takes one position (any PositionUpdate will do); the engine keeps a reference to it
   * while it sits in the reorder buffer, so it must not be changed afterwards.
   */
  ingest(position: TrackedPosition, out: EngineOutput): void {
    if (!isValid(position)) {
      out.rejected?.(position, 'INVALID');
      return;
    }
    const { icao24, positionTime } = position;
    let ac = this.aircraft.get(icao24);
    if (!ac) {
      ac = new AircraftTrack(icao24);
      this.aircraft.set(icao24, ac);
      this.evictedSet.delete(icao24);
    }
    this.dirtySet.add(icao24);
    this.receive(ac, position, out);
    if (positionTime > this.wm) {
      this.wm = positionTime;
      const minute = Math.floor(positionTime / MINUTE_MS);
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
      throw new TrackingError('TRACKING_STATE_INVALID', 'watermark is not finite');
    }
    this.wm = meta.watermark ?? NO_TIME;
    this.lastSweepMinute = meta.lastSweepMinute ?? NO_TIME;
  }

  /** Reorder buffer: hold each position until one latenessMs newer arrives, then release in order. */
  private receive(ac: AircraftTrack, position: TrackedPosition, out: EngineOutput): void {
    const t = position.positionTime;
    if (t <= ac.lastReleasedTime) {
      out.rejected?.(position, t === ac.lastReleasedTime ? 'DUPLICATE' : 'LATE');
      return;
    }
    const buffer = ac.reorderBuffer;
    let i = buffer.length;
    while (i > 0 && (buffer[i - 1] as TrackedPosition).positionTime > t) i--;
    if (i > 0 && (buffer[i - 1] as TrackedPosition).positionTime === t) {
      out.rejected?.(position, 'DUPLICATE');
      return;
    }
    if (i === buffer.length) buffer.push(position);
    else buffer.splice(i, 0, position);
    if (t > ac.latestFixTime) ac.latestFixTime = t;
    this.release(ac, ac.latestFixTime - this.config.latenessMs, out);
  }

  private release(ac: AircraftTrack, upTo: number, out: EngineOutput): void {
    const buffer = ac.reorderBuffer;
    while (buffer.length > 0 && (buffer[0] as TrackedPosition).positionTime <= upTo) {
      const next = buffer.shift() as TrackedPosition;
      ac.lastReleasedTime = next.positionTime;
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
      const first = ac.reorderBuffer[0];
      const stale =
        (first !== undefined && first.positionTime <= releaseUpTo) || ac.latestFixTime < idleBefore;
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

function isValid(p: TrackedPosition): boolean {
  const altitude = altitudeOf(p);
  return (
    typeof p.icao24 === 'string' &&
    p.icao24.length > 0 &&
    Number.isFinite(p.positionTime) &&
    Number.isFinite(p.latitude) &&
    Number.isFinite(p.longitude) &&
    p.latitude >= -90 &&
    p.latitude <= 90 &&
    p.longitude >= -180 &&
    p.longitude <= 180 &&
    (altitude === null || Number.isFinite(altitude))
  );
}
