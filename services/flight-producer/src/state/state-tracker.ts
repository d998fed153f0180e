import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import { toAircraftState } from '../records.js';

export interface StateTrackerOptions {
  /**
   * At most one state per aircraft per this much event time, so `flights.state` is a
   * picture of the latest positions, not a second copy of `flights.updates`.
   */
  throttleMs: number;
  /**
   * Also at most one state per aircraft per this much wall-clock time (the `updatedAt`
   * passed in). flights.state feeds live views: a replay at 1000x need not write one
   * state per fix because event time flies. 0 or absent: event time alone decides.
   */
  wallThrottleMs?: number;
  /** An aircraft not seen for this much event time is removed (tombstoned). */
  tombstoneAfterMs: number;
}

interface Tracked {
  firstSeen: number;
  lastSeen: number;
  lastEmitted: number | null;
  /** Wall-clock time (`updatedAt`) of the last state written. */
  lastEmittedAt: number;
  /** The latest update when it was throttled, so it can still be written later. */
  pending: PositionUpdate | null;
}

/**
 * The latest state per aircraft, pure: it decides what to write to `flights.state` and
 * when; callers send. All times are event times (position times), never the wall clock,
 * so a replay at any speed produces the same states.
 */
export interface StateTracker {
  /** The state to write for this update now, or null (throttled, or older than the latest). */
  observe(update: PositionUpdate, updatedAt: number): AircraftState | null;
  /** Aircraft unseen for `tombstoneAfterMs` by `eventNow`: forgotten here, to be tombstoned. */
  expire(eventNow: number): string[];
  /** The throttled latest states not written yet (end of a replay, shutdown). */
  drainPending(updatedAt: number): AircraftState[];
  /** Forgets every aircraft and returns them (to tombstone all at the end of a replay). */
  clear(): string[];
  readonly size: number;
}

export function createStateTracker(options: StateTrackerOptions): StateTracker {
  const aircraft = new Map<string, Tracked>();
  return {
    observe(update, updatedAt) {
      const t = update.positionTime;
      let tracked = aircraft.get(update.icao24);
      if (tracked === undefined) {
        tracked = { firstSeen: t, lastSeen: t, lastEmitted: null, lastEmittedAt: 0, pending: null };
        aircraft.set(update.icao24, tracked);
      } else if (t < tracked.lastSeen) {
        return null; // a late (tolerated) position is history, not the latest state
      }
      tracked.lastSeen = t;
      const wallThrottleMs = options.wallThrottleMs ?? 0;
      if (
        tracked.lastEmitted !== null &&
        (t - tracked.lastEmitted < options.throttleMs ||
          updatedAt - tracked.lastEmittedAt < wallThrottleMs)
      ) {
        tracked.pending = update;
        return null;
      }
      tracked.lastEmitted = t;
      tracked.lastEmittedAt = updatedAt;
      tracked.pending = null;
      return toAircraftState(update, tracked.firstSeen, updatedAt);
    },
    expire(eventNow) {
      const gone: string[] = [];
      for (const [icao24, tracked] of aircraft) {
        if (eventNow - tracked.lastSeen >= options.tombstoneAfterMs) gone.push(icao24);
      }
      for (const icao24 of gone) aircraft.delete(icao24);
      return gone;
    },
    drainPending(updatedAt) {
      const states: AircraftState[] = [];
      for (const tracked of aircraft.values()) {
        if (tracked.pending === null) continue;
        states.push(toAircraftState(tracked.pending, tracked.firstSeen, updatedAt));
        tracked.lastEmitted = tracked.pending.positionTime;
        tracked.lastEmittedAt = updatedAt;
        tracked.pending = null;
      }
      return states;
    },
    clear() {
      const all = [...aircraft.keys()];
      aircraft.clear();
      return all;
    },
    get size() {
      return aircraft.size;
    },
  };
}
