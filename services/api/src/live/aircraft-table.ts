import type { AircraftState } from '@overfly/schemas';

/**
 * One aircraft as held. A new entry replaces the old one on every accepted update, so the
 * caches below (filled lazily by the filters and encoders) can never be stale: whatever is
 * derived from a state is computed once per change, however many clients see it.
 */
export interface AircraftEntry {
  readonly state: AircraftState;
  /** FIR id containing the position (null: none), once a FIR filter asked. */
  fir?: string | null;
  /** The compact record as a JSON text, once a JSON client needed it. */
  json?: string;
  /** The compact record as MessagePack bytes, once a MessagePack client needed it. */
  msgpack?: Uint8Array;
}

/** What changed since the previous drain: the hub turns it into one delta per filter. */
interface TableChanges {
  changed: AircraftEntry[];
  removed: string[];
}

export interface AircraftTable {
  /** Takes a state unless what is held is as new or newer; true when taken. */
  upsert(state: AircraftState): boolean;
  /** Forgets an aircraft (a tombstone); true when it was held. */
  remove(icao24: string): boolean;
  get(icao24: string): AircraftEntry | undefined;
  entries(): IterableIterator<AircraftEntry>;
  readonly size: number;
  /**
   * Removes the aircraft not updated for `staleAfterMs` of data time, then returns and
   * forgets what changed and what was removed since the previous drain.
   */
  drain(): TableChanges;
  /** The data clock (epoch ms), null before the first state: see `createAircraftTable`. */
  dataTime(): number | null;
}

export interface AircraftTableOptions {
  /** An aircraft not updated for this long (data time) is removed. 60 s by default. */
  staleAfterMs?: number;
  /**
   * A state this far ahead of the wall clock does not move the data clock (it is still
   * held): one record from a source with a wrong clock must not expire every aircraft.
   */
  maxAheadMs?: number;
  /** Wall clock, for tests. */
  now?: () => number;
}

/**
 * The aircraft currently known, fed from flights.state.
 *
 * Staleness runs on a data clock, not the wall clock: the newest positionTime seen, and
 * from there advancing with the wall clock until a newer one comes. A replay of last
 * year's recording (original timestamps, any speed) is then aged by its own time, while a
 * feed that stops still empties the table after `staleAfterMs` instead of freezing it.
 */
export function createAircraftTable(options: AircraftTableOptions = {}): AircraftTable {
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const maxAheadMs = options.maxAheadMs ?? 300_000;
  const now = options.now ?? Date.now;
  const held = new Map<string, AircraftEntry>();
  let changed = new Map<string, AircraftEntry>();
  let removed = new Set<string>();
  let anchor: { data: number; wall: number } | null = null;

  const dataTime = (): number | null => (anchor ? anchor.data + (now() - anchor.wall) : null);

  const advanceClock = (positionTime: number) => {
    const wall = now();
    if (positionTime > wall + maxAheadMs) return;
    const current = dataTime();
    if (current === null || positionTime > current) anchor = { data: positionTime, wall };
  };

  const forget = (icao24: string): boolean => {
    if (!held.delete(icao24)) return false;
    changed.delete(icao24);
    removed.add(icao24);
    return true;
  };

  return {
    upsert(state) {
      const old = held.get(state.icao24);
      if (
        old &&
        (state.positionTime < old.state.positionTime ||
          (state.positionTime === old.state.positionTime && state.updatedAt <= old.state.updatedAt))
      )
        return false;
      advanceClock(state.positionTime);
      const clock = dataTime();
      // Already stale (a long-gone aircraft read during catch-up): never shown.
      if (clock !== null && state.positionTime < clock - staleAfterMs) {
        if (old) forget(state.icao24);
        return false;
      }
      const entry: AircraftEntry = { state };
      held.set(state.icao24, entry);
      changed.set(state.icao24, entry);
      removed.delete(state.icao24);
      return true;
    },
    remove: forget,
    get: (icao24) => held.get(icao24),
    entries: () => held.values(),
    get size() {
      return held.size;
    },
    drain() {
      const clock = dataTime();
      if (clock !== null) {
        const cutoff = clock - staleAfterMs;
        for (const [icao24, entry] of held) {
          if (entry.state.positionTime < cutoff) forget(icao24);
        }
      }
      const out: TableChanges = { changed: [...changed.values()], removed: [...removed] };
      changed = new Map();
      removed = new Set();
      return out;
    },
    dataTime,
  };
}
