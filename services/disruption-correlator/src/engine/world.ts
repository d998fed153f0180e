import type {
  CorrelatorAirport,
  CorrelatorFlight,
  CorrelatorManifest,
  CorrelatorSchedule,
  CorrelatorTrackEvent,
  CorrelatorWeather,
} from '@overfly/schemas';
import { HOUR } from './config.js';
import { compareText, type EngineInput } from './inputs.js';

/**
 * The flight.events types the patterns read. The others (FIR_ENTRY, FIR_EXIT,
 * POSITION_GAP, UNKNOWN) only move the watermark: a few per flight, never kept.
 */
const KEPT_EVENT_TYPES = new Set([
  'TAKEOFF',
  'LANDING',
  'DEPARTURE_DELAY',
  'ARRIVAL_DELAY',
  'CANCELLED',
  'DIVERTED',
  'HOLDING',
  'GO_AROUND',
  'RETURN_TO_ORIGIN',
]);

/** Events that make a flight a disruption of its own, matched to a leg or not. */
const ANOMALY_TYPES = new Set([
  'DIVERTED',
  'HOLDING',
  'GO_AROUND',
  'RETURN_TO_ORIGIN',
  'CANCELLED',
]);

/**
 * A track is the flight of a leg when its callsign is the leg's, its transponder is the
 * leg's airframe (when the schedule names one), and it takes off between an hour before
 * the scheduled departure (an early push-back, a schedule off by its time zone never) and
 * six hours after it: past that, passengers have been offered a refund under EU261 Art. 6
 * (five hours) and the leg is as good as cancelled. A track seen without its take-off
 * (first seen airborne) fits when its first event falls in the same span around the whole
 * scheduled block.
 */
const MATCH_BEFORE_MS = HOUR;
const MATCH_AFTER_MS = 6 * HOUR;

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

/** Inserts keeping time order (inputs mostly come in order: a scan from the end). */
function insertByTime<T>(list: T[], item: T, timeOf: (t: T) => number): void {
  let i = list.length;
  while (i > 0 && timeOf(list[i - 1] as T) > timeOf(item)) i--;
  list.splice(i, 0, item);
}

/**
 * What the correlator knows as of its last evaluation: the latest view of each leg, the
 * flights seen on flight.events (each matched to its leg when one fits), the weather of
 * each aerodrome and the latest manifest of each leg. Every input changes only what it is
 * about; the indexes (legs by callsign, rotations, flights by leg) are rebuilt on import.
 */
export class World {
  readonly legs = new Map<string, CorrelatorSchedule>();
  readonly flights = new Map<string, CorrelatorFlight>();
  readonly airports = new Map<string, CorrelatorAirport>();
  readonly manifests = new Map<string, CorrelatorManifest>();
  readonly #legsByCallsign = new Map<string, Set<string>>();
  readonly #unmatchedByCallsign = new Map<string, Set<string>>();
  readonly #outbound = new Map<string, Set<string>>();
  readonly #flightsByLeg = new Map<string, Set<string>>();
  /** onward scheduleId → passengerId → the leg that brings the passenger to it (manifests' connections). */
  readonly #inboundPassengers = new Map<string, Map<string, string>>();
  /** Bumped whenever what a leg's facts are made of changes: its view, its tracks, its manifest. */
  readonly #versions = new Map<string, number>();
  #nextVersion = 1;
  /** The legs by scheduled departure (then id), sorted again when a leg comes, goes or moves. */
  #byDeparture: CorrelatorSchedule[] | null = null;

  /** Every leg, by scheduled departure then scheduleId: what each evaluation walks. */
  legsByDeparture(): readonly CorrelatorSchedule[] {
    this.#byDeparture ??= [...this.legs.values()].sort(
      (a, b) =>
        a.scheduledDeparture - b.scheduledDeparture || compareText(a.scheduleId, b.scheduleId),
    );
    return this.#byDeparture;
  }

  /** A number that changes whenever the leg, a track matched to it or its manifest does. */
  versionOf(scheduleId: string): number {
    return this.#versions.get(scheduleId) ?? 0;
  }

  #touch(scheduleId: string | null): void {
    if (scheduleId !== null) this.#versions.set(scheduleId, this.#nextVersion++);
  }

  /** Applies one input; false when it changed nothing (a repeat, an older view, an ignored type). */
  apply(input: EngineInput): boolean {
    switch (input.kind) {
      case 'schedule':
        return this.#applySchedule(input.schedule);
      case 'event':
        return this.#applyEvent(input.event);
      case 'weather':
        return this.#applyWeather(input.weather);
      case 'manifest':
        return this.#applyManifest(input.manifest);
    }
  }

  /** The flights matched to a leg, in the order they began. */
  flightsOf(scheduleId: string): CorrelatorFlight[] {
    const ids = this.#flightsByLeg.get(scheduleId);
    if (!ids) return [];
    return [...ids]
      .map((id) => this.flights.get(id))
      .filter((f): f is CorrelatorFlight => f !== undefined)
      .sort((a, b) => startOf(a) - startOf(b) || compareText(a.flightId, b.flightId));
  }

  /** The legs the aircraft of `scheduleId` flies next (normally one). */
  outboundOf(scheduleId: string): CorrelatorSchedule[] {
    const ids = this.#outbound.get(scheduleId);
    if (!ids) return [];
    return [...ids]
      .map((id) => this.legs.get(id))
      .filter((l): l is CorrelatorSchedule => l !== undefined)
      .sort(
        (a, b) =>
          a.scheduledDeparture - b.scheduledDeparture || compareText(a.scheduleId, b.scheduleId),
      );
  }

  /** The leg whose manifest books `passengerId` on to `scheduleId`; undefined when none. */
  inboundOf(scheduleId: string, passengerId: string): string | undefined {
    return this.#inboundPassengers.get(scheduleId)?.get(passengerId);
  }

  #indexManifest(m: CorrelatorManifest, add: boolean): void {
    for (const p of m.passengers) {
      if (p.connectionScheduleId === null) continue;
      let inbound = this.#inboundPassengers.get(p.connectionScheduleId);
      if (add) {
        if (!inbound) {
          inbound = new Map();
          this.#inboundPassengers.set(p.connectionScheduleId, inbound);
        }
        inbound.set(p.passengerId, m.scheduleId);
      } else if (inbound?.get(p.passengerId) === m.scheduleId) {
        inbound.delete(p.passengerId);
        if (inbound.size === 0) this.#inboundPassengers.delete(p.connectionScheduleId);
      }
    }
  }

  #setManifest(m: CorrelatorManifest): void {
    const old = this.manifests.get(m.scheduleId);
    if (old) this.#indexManifest(old, false);
    this.manifests.set(m.scheduleId, m);
    this.#indexManifest(m, true);
  }

  #deleteManifest(scheduleId: string): void {
    const old = this.manifests.get(scheduleId);
    if (!old) return;
    this.#indexManifest(old, false);
    this.manifests.delete(scheduleId);
  }

  airport(icao: string): CorrelatorAirport {
    let airport = this.airports.get(icao);
    if (!airport) {
      airport = { icao, observations: [], baseline: [] };
      this.airports.set(icao, airport);
    }
    return airport;
  }

  #applySchedule(s: CorrelatorSchedule): boolean {
    const old = this.legs.get(s.scheduleId);
    if (old) {
      // The later update wins; at the same instant, the greater content, so the outcome
      // never depends on which of the two came last.
      if (old.updatedAt > s.updatedAt) return false;
      if (old.updatedAt === s.updatedAt && JSON.stringify(old) >= JSON.stringify(s)) return false;
      this.#unindexLeg(old);
    }
    // The order holds leg objects: any new view of a leg makes it stale.
    this.#byDeparture = null;
    this.legs.set(s.scheduleId, s);
    this.#touch(s.scheduleId);
    if (s.callsign) addTo(this.#legsByCallsign, s.callsign, s.scheduleId);
    if (s.inboundScheduleId) addTo(this.#outbound, s.inboundScheduleId, s.scheduleId);
    // A schedule that names a callsign late still finds the flights flown under it.
    if (s.callsign) {
      for (const flightId of [...(this.#unmatchedByCallsign.get(s.callsign) ?? [])].sort()) {
        const flight = this.flights.get(flightId);
        if (flight) this.#match(flight);
      }
    }
    return true;
  }

  #unindexLeg(leg: CorrelatorSchedule): void {
    if (leg.callsign) removeFrom(this.#legsByCallsign, leg.callsign, leg.scheduleId);
    if (leg.inboundScheduleId) removeFrom(this.#outbound, leg.inboundScheduleId, leg.scheduleId);
  }

  #applyEvent(e: CorrelatorTrackEvent): boolean {
    if (!KEPT_EVENT_TYPES.has(e.type)) return false;
    let flight = this.flights.get(e.flightId);
    if (!flight) {
      flight = {
        flightId: e.flightId,
        icao24: e.icao24,
        callsign: null,
        scheduleId: null,
        events: [],
      };
      this.flights.set(e.flightId, flight);
    }
    if (flight.events.some((x) => x.eventId === e.eventId)) return false;
    insertByTime(flight.events, e, (x) => x.occurredAt);
    if (e.callsign && e.callsign !== flight.callsign && flight.scheduleId === null) {
      if (flight.callsign) removeFrom(this.#unmatchedByCallsign, flight.callsign, flight.flightId);
      flight.callsign = e.callsign;
    }
    if (flight.scheduleId === null) this.#match(flight);
    else this.#touch(flight.scheduleId);
    return true;
  }

  /** Matches an unmatched flight to the leg it flies, when one fits (see MATCH_*). */
  #match(flight: CorrelatorFlight): void {
    const callsign = flight.callsign;
    if (flight.scheduleId !== null || callsign === null) return;
    const takeoff = flight.events.find((e) => e.type === 'TAKEOFF');
    const reference = takeoff?.occurredAt ?? flight.events[0]?.occurredAt;
    let best: CorrelatorSchedule | null = null;
    if (reference !== undefined) {
      for (const id of this.#legsByCallsign.get(callsign) ?? []) {
        const leg = this.legs.get(id);
        if (!leg || (leg.icao24 !== null && leg.icao24 !== flight.icao24)) continue;
        const latest = (takeoff ? leg.scheduledDeparture : leg.scheduledArrival) + MATCH_AFTER_MS;
        if (reference < leg.scheduledDeparture - MATCH_BEFORE_MS || reference > latest) continue;
        const distance = Math.abs(reference - leg.scheduledDeparture);
        const bestDistance = best ? Math.abs(reference - best.scheduledDeparture) : Infinity;
        if (
          distance < bestDistance ||
          (distance === bestDistance && best && leg.scheduleId < best.scheduleId)
        )
          best = leg;
      }
    }
    if (best) {
      removeFrom(this.#unmatchedByCallsign, callsign, flight.flightId);
      flight.scheduleId = best.scheduleId;
      addTo(this.#flightsByLeg, best.scheduleId, flight.flightId);
      this.#touch(best.scheduleId);
    } else {
      addTo(this.#unmatchedByCallsign, callsign, flight.flightId);
    }
  }

  #applyWeather(w: CorrelatorWeather): boolean {
    const airport = this.airport(w.stationIcao);
    if (airport.observations.some((o) => o.observationId === w.observationId)) return false;
    insertByTime(airport.observations, w, (o) => o.observedAt);
    return true;
  }

  #applyManifest(m: CorrelatorManifest): boolean {
    const old = this.manifests.get(m.scheduleId);
    if (
      old &&
      (old.snapshotAt > m.snapshotAt ||
        (old.snapshotAt === m.snapshotAt && old.manifestId >= m.manifestId))
    )
      return false;
    this.#setManifest(m);
    this.#touch(m.scheduleId);
    return true;
  }

  /**
   * Forgets what ended before `before`: legs whose latest arrival time passed it (unless
   * `keepLeg` says an open disruption still speaks of them), their manifests, flights whose
   * last event passed it, and weather observed before `weatherBefore` (the latest report of
   * each aerodrome is kept: it holds until the next one). A flight no leg was matched to,
   * with nothing but take-offs, landings and delays, is forgotten once no leg can match it
   * any more (MATCH_AFTER_MS after its last event): most of a live feed's traffic is not
   * the airline's, and would otherwise be kept for the whole retention.
   */
  evict(
    before: number,
    weatherBefore: number,
    keepLeg: (scheduleId: string) => boolean,
    now: number,
  ): void {
    for (const [id, leg] of this.legs) {
      const end = Math.max(leg.scheduledArrival, leg.actualArrival ?? 0, leg.estimatedArrival ?? 0);
      if (end >= before || keepLeg(id)) continue;
      this.#unindexLeg(leg);
      this.legs.delete(id);
      this.#byDeparture = null;
      this.#deleteManifest(id);
      this.#versions.delete(id);
    }
    for (const [id, manifest] of this.manifests)
      if (!this.legs.has(id) && manifest.snapshotAt < before) this.#deleteManifest(id);
    const unmatchedBefore = now - MATCH_AFTER_MS;
    for (const [id, flight] of this.flights) {
      const last = flight.events[flight.events.length - 1]?.occurredAt ?? 0;
      const plain =
        flight.scheduleId === null &&
        last < unmatchedBefore &&
        !flight.events.some((e) => ANOMALY_TYPES.has(e.type));
      if (last >= before && !plain) continue;
      if (flight.scheduleId) removeFrom(this.#flightsByLeg, flight.scheduleId, id);
      else if (flight.callsign) removeFrom(this.#unmatchedByCallsign, flight.callsign, id);
      this.flights.delete(id);
      this.#touch(flight.scheduleId);
    }
    for (const airport of this.airports.values()) {
      const obs = airport.observations;
      let drop = 0;
      while (drop < obs.length - 1 && (obs[drop] as CorrelatorWeather).observedAt < weatherBefore)
        drop++;
      if (drop > 0) obs.splice(0, drop);
    }
  }

  export(): {
    legs: CorrelatorSchedule[];
    flights: CorrelatorFlight[];
    airports: CorrelatorAirport[];
    manifests: CorrelatorManifest[];
  } {
    const byKey = <T>(map: Map<string, T>) =>
      [...map.entries()].sort(([a], [b]) => compareText(a, b)).map(([, v]) => structuredClone(v));
    return {
      legs: byKey(this.legs),
      flights: byKey(this.flights),
      airports: byKey(this.airports),
      manifests: byKey(this.manifests),
    };
  }

  /** Puts an exported state back (into an empty world) and rebuilds the indexes. */
  import(state: ReturnType<World['export']>): void {
    this.#byDeparture = null;
    for (const leg of state.legs) {
      this.legs.set(leg.scheduleId, leg);
      if (leg.callsign) addTo(this.#legsByCallsign, leg.callsign, leg.scheduleId);
      if (leg.inboundScheduleId) addTo(this.#outbound, leg.inboundScheduleId, leg.scheduleId);
    }
    for (const flight of state.flights) {
      this.flights.set(flight.flightId, flight);
      if (flight.scheduleId) addTo(this.#flightsByLeg, flight.scheduleId, flight.flightId);
      else if (flight.callsign) addTo(this.#unmatchedByCallsign, flight.callsign, flight.flightId);
    }
    for (const airport of state.airports) this.airports.set(airport.icao, airport);
    for (const manifest of state.manifests) this.#setManifest(manifest);
  }
}

function startOf(f: CorrelatorFlight): number {
  return f.events[0]?.occurredAt ?? 0;
}
