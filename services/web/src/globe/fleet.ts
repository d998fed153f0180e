import { type Columns, hexOf, squawkText, unpackCallsign } from './columns.js';
import { isEmpty, shows, type TrafficFilter } from './filter.js';

/** Drawn as a ghost after this long without news (data time). */
export const GHOST_AFTER_MS = 15_000;
/** Removed after this long without news. */
export const REMOVE_AFTER_MS = 60_000;

/**
 * Every aircraft the page holds, in slots of typed arrays that are also the GPU's
 * per-instance attributes (aircraft-layer.ts): applying a delta writes numbers in place,
 * never allocates per aircraft, and a slot freed by a removal is reused, so memory stays
 * bounded by the most aircraft ever held at once.
 * Times on the GPU are seconds after `epoch` (float32 keeps them exact to the millisecond
 * for days).
 */
export class Fleet {
  capacity = 0;
  /** Slots in use are below this; the GPU draws this many instances. */
  high = 0;
  total = 0;
  shown = 0;
  epoch = 0;
  /** Per slot: lat, lon, altitude m (GPU). */
  geo = new Float32Array(0);
  /** Per slot: ground speed m/s, track deg, fix time s after epoch (GPU). */
  motion = new Float32Array(0);
  /** Per slot: shown 0/1, kind (0 airborne, 1 on ground, 2 selected) (GPU). */
  state = new Float32Array(0);
  icao = new Uint32Array(0);
  /** Altitude m, NaN when not reported (the GPU's copy in `geo` says 0). */
  alt = new Float32Array(0);
  lat = new Float64Array(0);
  lon = new Float64Array(0);
  vRate = new Float32Array(0);
  ground = new Int8Array(0);
  positionTime = new Float64Array(0);
  present = new Uint8Array(0);
  callsign: Array<string | null> = [];
  squawk: Array<string | null> = [];
  /** The packed callsign and squawk the strings above were made from (columns.ts). */
  private callsignCode = new Uint32Array(0);
  private squawkCode = new Int16Array(0);
  /** Bumped on every change: the layer uploads attributes when it moved. */
  version = 0;
  selected = -1;

  private readonly slots = new Map<number, number>();
  /** No filter: every aircraft shown without asking (the common case, and the hot path). */
  private open: boolean;
  private readonly free: number[] = [];

  constructor(
    private filter: TrafficFilter,
    /** FIR id at a position, for the FIR filter (airspace.ts). */
    private readonly firAt: (lat: number, lon: number) => string | null,
    initialCapacity = 4096,
  ) {
    this.open = isEmpty(filter);
    this.grow(initialCapacity);
  }

  slotOf(icao24: string): number {
    return this.slots.get(Number.parseInt(icao24, 16)) ?? -1;
  }

  idOf(slot: number): string {
    return hexOf(this.icao[slot] as number);
  }

  /** Every held aircraft's icao24. */
  ids(): string[] {
    return [...this.slots.keys()].map(hexOf);
  }

  /** Applies a snapshot (replaces everything) or a delta (upserts, removes). */
  apply(c: Columns): void {
    if (c.kind === 'snapshot') this.clear();
    if (this.epoch === 0 && c.count > 0) this.epoch = (c.positionTime[0] as number) - 3_600_000;
    for (let i = 0; i < c.count; i++) {
      const key = c.icao[i] as number;
      let slot = this.slots.get(key);
      const fresh = slot === undefined;
      if (slot === undefined) {
        slot = this.allocate(key);
      } else if (this.state[slot * 2] === 1) {
        this.shown--;
      }
      const alt = c.alt[i] as number;
      const lat = c.lat[i] as number;
      const lon = c.lon[i] as number;
      this.lat[slot] = lat;
      this.lon[slot] = lon;
      this.geo[slot * 3] = lat;
      this.geo[slot * 3 + 1] = lon;
      this.geo[slot * 3 + 2] = Number.isNaN(alt) ? 0 : alt;
      this.alt[slot] = alt;
      const speed = c.speed[i] as number;
      const track = c.track[i] as number;
      this.motion[slot * 3] = Number.isNaN(speed) || Number.isNaN(track) ? 0 : speed;
      this.motion[slot * 3 + 1] = Number.isNaN(track) ? 0 : track;
      const t = c.positionTime[i] as number;
      this.positionTime[slot] = t;
      this.motion[slot * 3 + 2] = (t - this.epoch) / 1000;
      this.vRate[slot] = c.vRate[i] as number;
      this.ground[slot] = c.ground[i] as number;
      // Strings only for what changed on this aircraft: a delta allocates none.
      const ca = c.callsign[i * 2] as number;
      const cb = c.callsign[i * 2 + 1] as number;
      if (fresh || ca !== this.callsignCode[slot * 2] || cb !== this.callsignCode[slot * 2 + 1]) {
        this.callsignCode[slot * 2] = ca;
        this.callsignCode[slot * 2 + 1] = cb;
        this.callsign[slot] = unpackCallsign(ca, cb);
      }
      const sq = c.squawk[i] as number;
      if (fresh || sq !== this.squawkCode[slot]) {
        this.squawkCode[slot] = sq;
        this.squawk[slot] = squawkText(sq);
      }
      this.judge(slot);
    }
    for (let i = 0; i < c.removed.length; i++) {
      const slot = this.slots.get(c.removed[i] as number);
      if (slot !== undefined) this.release(slot);
    }
    this.version++;
  }

  /** Removes every aircraft silent for REMOVE_AFTER_MS at data time `now`; how many. */
  expire(now: number): number {
    let removed = 0;
    for (let slot = 0; slot < this.high; slot++) {
      if (this.present[slot] === 1 && now - (this.positionTime[slot] as number) > REMOVE_AFTER_MS) {
        this.release(slot);
        removed++;
      }
    }
    if (removed > 0) this.version++;
    return removed;
  }

  setFilter(filter: TrafficFilter): void {
    this.filter = filter;
    this.open = isEmpty(filter);
    this.shown = 0;
    for (let slot = 0; slot < this.high; slot++) if (this.present[slot] === 1) this.judge(slot);
    this.version++;
  }

  select(slot: number): void {
    if (this.selected >= 0 && this.present[this.selected] === 1)
      this.state[this.selected * 2 + 1] = this.ground[this.selected] === 1 ? 1 : 0;
    this.selected = slot;
    if (slot >= 0) this.state[slot * 2 + 1] = 2;
    this.version++;
  }

  clear(): void {
    for (let slot = 0; slot < this.high; slot++) if (this.present[slot] === 1) this.release(slot);
    this.free.length = 0;
    this.high = 0;
    this.version++;
  }

  private judge(slot: number): void {
    const visible =
      this.open ||
      shows(this.filter, {
        alt: this.alt[slot] as number,
        ground: this.ground[slot] as number,
        callsign: this.callsign[slot] ?? null,
        fir: () => this.firAt(this.lat[slot] as number, this.lon[slot] as number),
      });
    this.state[slot * 2] = visible ? 1 : 0;
    this.state[slot * 2 + 1] = slot === this.selected ? 2 : this.ground[slot] === 1 ? 1 : 0;
    if (visible) this.shown++;
  }

  private allocate(key: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.high === this.capacity) this.grow(this.capacity * 2);
      slot = this.high++;
    }
    this.slots.set(key, slot);
    this.icao[slot] = key;
    this.present[slot] = 1;
    this.total++;
    return slot;
  }

  private release(slot: number): void {
    if (this.state[slot * 2] === 1) this.shown--;
    this.slots.delete(this.icao[slot] as number);
    this.present[slot] = 0;
    this.state[slot * 2] = 0;
    this.callsign[slot] = null;
    this.squawk[slot] = null;
    this.total--;
    if (slot === this.selected) this.selected = -1;
    this.free.push(slot);
  }

  private grow(capacity: number): void {
    const copy = <
      T extends Float32Array | Float64Array | Uint32Array | Uint8Array | Int8Array | Int16Array,
    >(
      old: T,
      make: (n: number) => T,
      width: number,
    ): T => {
      const next = make(capacity * width);
      next.set(old);
      return next;
    };
    this.geo = copy(this.geo, (n) => new Float32Array(n), 3);
    this.motion = copy(this.motion, (n) => new Float32Array(n), 3);
    this.state = copy(this.state, (n) => new Float32Array(n), 2);
    this.icao = copy(this.icao, (n) => new Uint32Array(n), 1);
    this.alt = copy(this.alt, (n) => new Float32Array(n), 1);
    this.lat = copy(this.lat, (n) => new Float64Array(n), 1);
    this.lon = copy(this.lon, (n) => new Float64Array(n), 1);
    this.vRate = copy(this.vRate, (n) => new Float32Array(n), 1);
    this.ground = copy(this.ground, (n) => new Int8Array(n), 1);
    this.positionTime = copy(this.positionTime, (n) => new Float64Array(n), 1);
    this.present = copy(this.present, (n) => new Uint8Array(n), 1);
    this.callsignCode = copy(this.callsignCode, (n) => new Uint32Array(n), 2);
    this.squawkCode = copy(this.squawkCode, (n) => new Int16Array(n), 1);
    this.capacity = capacity;
    this.version++;
  }
}
