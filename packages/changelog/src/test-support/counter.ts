import type { AircraftTrackState, AnalyserStateRecord } from '@overfly/schemas';
import type { ChangelogCodec, KeyedState } from '../keyed-state.js';

/** A key's count of messages and the sum of their input offsets (a replayed one shows). */
export interface Count {
  count: number;
  offsetSum: number;
}

/**
 * The toy domain of this package's tests: counts messages per key, and ends a key once it
 * has counted `endsAt` of them (as a flight ends), so ended keys leave markers. Its meta is
 * the partition's total, which is only right if no message is counted twice or lost. A
 * running total is the kind of meta the README warns about: it is exact here because each
 * of the counter's checkpoints fits in one produce request, so none is cut in half.
 */
export class KeyedCounter implements KeyedState<Count> {
  readonly counts = new Map<string, Count>();
  total: Count = { count: 0, offsetSum: 0 };
  readonly #dirty = new Set<string>();
  readonly #ended = new Set<string>();
  readonly #endsAt: number;

  constructor(endsAt = Number.POSITIVE_INFINITY) {
    this.#endsAt = endsAt;
  }

  add(key: string, offset: number): void {
    const c = this.counts.get(key) ?? { count: 0, offsetSum: 0 };
    this.#ended.delete(key);
    this.#dirty.add(key);
    c.count++;
    c.offsetSum += offset;
    this.total = { count: this.total.count + 1, offsetSum: this.total.offsetSum + offset };
    if (c.count >= this.#endsAt) {
      this.counts.delete(key);
      this.#ended.add(key);
    } else {
      this.counts.set(key, c);
    }
  }

  dirty(): Iterable<string> {
    return this.#dirty;
  }
  ended(): Iterable<string> {
    return this.#ended;
  }
  clearDirty(): void {
    this.#dirty.clear();
    this.#ended.clear();
  }
  exportState(key: string): Count | null {
    const c = this.counts.get(key);
    return c ? { ...c } : null;
  }
  importState(key: string, state: Count): void {
    this.counts.set(key, { ...state });
  }
  exportMeta(): Count {
    return { ...this.total };
  }
  importMeta(meta: Count): void {
    this.total = { ...meta };
  }
}

/** A plain record shape, for the unit tests. */
export interface CountRecord {
  inputOffset: number | null;
  count: Count | null;
}

export const countCodec: ChangelogCodec<Count, CountRecord> = {
  wrap: (inputOffset, count) => ({ inputOffset, count }),
  unwrap: (r) => ({ inputOffset: r.inputOffset, state: r.count }),
};

/**
 * The catalogue has no topic for tests, so the integration test's counter borrows
 * fir-analyser.state (under its own topic prefix): the count rides in `latestFixTime` and
 * the offset sum in `lastReleasedTime`, fields made for something else. That the package
 * works through such a codec without a change is the point: it never looks inside a record.
 */
export const countOnAnalyserRecord: ChangelogCodec<Count, AnalyserStateRecord> = {
  wrap: (inputOffset, count) => ({
    inputOffset,
    aircraft: count && {
      ...EMPTY_TRACK,
      latestFixTime: count.count,
      lastReleasedTime: count.offsetSum,
    },
  }),
  unwrap: (r) => ({
    inputOffset: r.inputOffset,
    state: r.aircraft && {
      count: r.aircraft.latestFixTime,
      offsetSum: r.aircraft.lastReleasedTime ?? 0,
    },
  }),
};

const EMPTY_TRACK: AircraftTrackState = {
  icao24: 'counter',
  meta: null,
  latestFixTime: 0,
  lastReleasedTime: null,
  reorderBuffer: [],
  lastAccepted: null,
  lastAltitudeTime: null,
  lastAltitudeM: null,
  velocityLatDegS: 0,
  velocityLonDegS: 0,
  candidate: [],
  flight: null,
};
