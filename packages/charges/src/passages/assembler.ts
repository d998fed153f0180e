import type { CrossingInput } from '../price.js';
import { ExpiryQueue } from './expiry-queue.js';
import type { ZonePassage } from './passage.js';

/** One flight's passages: the one still open, and the closed ones kept for redelivery. */
export interface FlightPassages {
  flightId: string;
  icao24: string;
  open: ZonePassage | null;
  closed: ZonePassage[];
  /** Latest exit time of the flight's crossings (epoch ms): when its state may be forgotten. */
  lastExitTime: number;
}

/** Latest exit time seen, and the minute of the last sweep; null before the first. */
export interface AssemblerClock {
  watermark: number | null;
  lastSweepMinute: number | null;
}

export interface PassageAssemblerOptions {
  /** The tariff's FIR → charging zone; null for a FIR in no zone. */
  zoneOf: (firId: string) => string | null;
  /**
   * How long (event time) after its last crossing a flight's passages are remembered, so a
   * crossing sent again (an analyser restarted from its checkpoint) is recognised: default 6 h.
   */
  retentionMs?: number;
}

const MINUTE_MS = 60_000;

/**
 * Assembles FINAL FIR crossings into charging-zone passages, one flight at a time (records
 * of a flight arrive in order: they share a key). A crossing extends the flight's open
 * passage when it is the next one (sequence + 1) in the same zone; a passage ends when its
 * last crossing says the flight goes on into another zone, into no FIR, lands, or ends
 * (exitReason, nextFirId); a crossing without an exit reason (written before it existed)
 * ends its passage at once, so old records keep their per-crossing charge. PROVISIONAL
 * crossings are not priced.
 *
 * `accept` returns the passages to price now: each passage that ended, and a closed one
 * again when one of its crossings comes back changed; a crossing that comes back unchanged
 * returns nothing. Pure and deterministic; its state is exported per flight for checkpoints.
 */
export class PassageAssembler {
  private readonly zoneOf: (firId: string) => string | null;
  private readonly retentionMs: number;
  private readonly flights = new Map<string, FlightPassages>();
  private readonly dirtySet = new Set<string>();
  private readonly forgottenSet = new Set<string>();
  /** Flights by their last exit time, to forget the silent ones without a scan of all. */
  private readonly expiry = new ExpiryQueue();
  private watermark = Number.NEGATIVE_INFINITY;
  private lastSweepMinute = Number.NEGATIVE_INFINITY;

  constructor(options: PassageAssemblerOptions) {
    this.zoneOf = options.zoneOf;
    this.retentionMs = options.retentionMs ?? 6 * 3_600_000;
  }

  get trackedFlights(): number {
    return this.flights.size;
  }

  accept(c: CrossingInput): ZonePassage[] {
    if (c.status !== 'FINAL') return [];
    const exit = c.exitTime ?? c.entryTime;
    const out: ZonePassage[] = [];
    const flight = this.flightOf(c);
    this.dirtySet.add(flight.flightId);
    if (exit > flight.lastExitTime) {
      flight.lastExitTime = exit;
      this.expiry.push(flight.flightId, exit);
    }

    const again = this.redelivered(flight, c);
    if (again !== undefined) {
      if (again) out.push(again);
    } else {
      const zone = this.zoneOf(c.firId);
      const open = flight.open;
      if (open && this.extends(open, c, zone)) {
        flight.open = {
          ...open,
          callsign: c.callsign ?? open.callsign,
          crossings: [...open.crossings, c],
        };
      } else {
        if (open) out.push(this.close(flight));
        flight.open = {
          passageId: c.crossingId,
          flightId: c.flightId,
          icao24: c.icao24,
          callsign: c.callsign,
          zone,
          crossings: [c],
        };
      }
      if (this.ends(c, zone)) out.push(this.close(flight));
    }
    if (exit > this.watermark) {
      this.watermark = exit;
      const minute = Math.floor(exit / MINUTE_MS);
      if (minute > this.lastSweepMinute) {
        this.lastSweepMinute = minute;
        const cutoff = this.watermark - this.retentionMs;
        if (this.expiry.earliest() < cutoff) out.push(...this.forgetBefore(cutoff));
      }
    }
    return out;
  }

  /** End of input: every open passage ends (a recording's last flights). */
  flush(): ZonePassage[] {
    const out: ZonePassage[] = [];
    for (const flight of this.flights.values()) if (flight.open) out.push(this.close(flight));
    return out;
  }

  dirty(): Iterable<string> {
    return this.dirtySet;
  }

  forgotten(): Iterable<string> {
    return this.forgottenSet;
  }

  clearDirty(): void {
    this.dirtySet.clear();
    this.forgottenSet.clear();
  }

  exportState(flightId: string): FlightPassages | null {
    const flight = this.flights.get(flightId);
    return flight ? structuredClone(flight) : null;
  }

  importState(flight: FlightPassages): void {
    this.flights.set(flight.flightId, structuredClone(flight));
    this.expiry.push(flight.flightId, flight.lastExitTime);
  }

  /** The clock that decides when flights are forgotten: part of the checkpoint. */
  exportMeta(): AssemblerClock {
    const finite = (n: number) => (Number.isFinite(n) ? n : null);
    return { watermark: finite(this.watermark), lastSweepMinute: finite(this.lastSweepMinute) };
  }

  importMeta(meta: AssemblerClock): void {
    this.watermark = meta.watermark ?? Number.NEGATIVE_INFINITY;
    this.lastSweepMinute = meta.lastSweepMinute ?? Number.NEGATIVE_INFINITY;
  }

  private flightOf(c: CrossingInput): FlightPassages {
    let flight = this.flights.get(c.flightId);
    if (!flight) {
      flight = { flightId: c.flightId, icao24: c.icao24, open: null, closed: [], lastExitTime: 0 };
      this.flights.set(c.flightId, flight);
      this.forgottenSet.delete(c.flightId);
    }
    return flight;
  }

  /**
   * A crossing the flight's passages already hold: undefined when it is new; null when it
   * came back unchanged (nothing to price); the passage to price again when it changed.
   */
  private redelivered(flight: FlightPassages, c: CrossingInput): ZonePassage | null | undefined {
    const count = flight.closed.length + (flight.open ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const passage = (flight.closed[k] ?? flight.open) as ZonePassage;
      const i = indexOfCrossing(passage, c.crossingId);
      if (i < 0) continue;
      if (sameCrossing(passage.crossings[i] as CrossingInput, c)) return null;
      const crossings = passage.crossings.map((x, k) => (k === i ? c : x));
      const updated = { ...passage, crossings };
      if (passage === flight.open) {
        flight.open = updated;
        return this.ends(c, passage.zone) && i === crossings.length - 1 ? this.close(flight) : null;
      }
      flight.closed = flight.closed.map((p) => (p === passage ? updated : p));
      return updated;
    }
    return undefined;
  }

  private extends(open: ZonePassage, c: CrossingInput, zone: string | null): boolean {
    const last = open.crossings.at(-1);
    return (
      zone !== null &&
      open.zone === zone &&
      last !== undefined &&
      c.sequence === last.sequence + 1 &&
      this.continuesInZone(last, zone)
    );
  }

  /** Whether the crossing ends its passage: the flight leaves the zone, lands or ends. */
  private ends(c: CrossingInput, zone: string | null): boolean {
    return zone === null || !this.continuesInZone(c, zone);
  }

  private continuesInZone(c: CrossingInput, zone: string): boolean {
    return c.exitReason === 'BOUNDARY' && c.nextFirId != null && this.zoneOf(c.nextFirId) === zone;
  }

  private close(flight: FlightPassages): ZonePassage {
    const passage = flight.open as ZonePassage;
    flight.open = null;
    flight.closed.push(passage);
    return passage;
  }

  /**
   * Forgets flights silent since `time`. A passage still open then is closed and returned to
   * be priced: the crossing that would have continued it never came.
   */
  private forgetBefore(time: number): ZonePassage[] {
    const stale: ZonePassage[] = [];
    for (const { key: flightId, time: last } of this.expiry.popBefore(time)) {
      const flight = this.flights.get(flightId);
      // Stale entry: the flight was forgotten already, or crossed again since.
      if (!flight || flight.lastExitTime !== last) continue;
      if (flight.open) stale.push(this.close(flight));
      this.flights.delete(flightId);
      this.dirtySet.delete(flightId);
      this.forgottenSet.add(flightId);
    }
    return stale;
  }
}

function indexOfCrossing(passage: ZonePassage, crossingId: string): number {
  const crossings = passage.crossings;
  for (let i = 0; i < crossings.length; i++)
    if ((crossings[i] as CrossingInput).crossingId === crossingId) return i;
  return -1;
}

/** Field by field: a crossing sent again by a restarted analyser is identical but for producedAt. */
function sameCrossing(a: CrossingInput, b: CrossingInput): boolean {
  for (const key of Object.keys(a) as Array<keyof CrossingInput>) {
    if (key === 'producedAt') continue;
    if (a[key] !== b[key]) return false;
  }
  return true;
}
