import type { Airport, AirportIndex, Fir, FirLayer, LonLat } from '@overfly/geo';
import { haversineKm } from '@overfly/geo';
import type {
  CrossingProgress,
  FlightEventType,
  ManoeuvreState,
  PendingFirChange,
  TrackFix,
  TrackPoint,
} from '@overfly/schemas';
import { type AircraftTrack, type FlightProgress, NO_TIME } from './aircraft.js';
import { altitudeOf } from './altitude.js';
import type { TrackConfig } from './config.js';
import {
  type EmitManoeuvre,
  freshManoeuvres,
  ManoeuvreDetector,
  type ManoeuvreEvent,
} from './manoeuvres.js';
import type { EngineOutput, TrackedPosition } from './types.js';

// Exact by definition: the international foot is 0.3048 m, the knot 1852 m per hour.
const METRES_PER_FOOT = 0.3048;
const KM_PER_S_PER_KNOT = 1.852 / 3600;

/** Why a flight's open crossing was closed: the crossing's exitReason, and FIR_EXIT's `reason`. */
export type CloseReason = 'BOUNDARY' | 'LANDING' | 'GAP' | 'END_OF_INPUT';

/** How a crossing ended: where, when, at which aerodrome, why, and into which FIR. */
interface CrossingExit {
  time: number;
  lat: number;
  lon: number;
  arrival: string | null;
  reason: CloseReason;
  /** The FIR entered at a BOUNDARY exit (null: left every FIR); null otherwise. */
  nextFirId: string | null;
}

/** Velocity smoothing time constant: fixes 1 s apart carry ~0.4 km of position staleness. */
const VELOCITY_TAU_S = 30;

/**
 * The per-aircraft rules once a fix has left the reorder buffer: outlier and candidate
 * routing, flight segmentation, take-off/landing and FIR crossings. Stateless itself (all
 * state is on AircraftTrack), so one instance serves every aircraft.
 */
export class Tracker {
  private readonly a: LonLat = { lon: 0, lat: 0 };
  private readonly b: LonLat = { lon: 0, lat: 0 };
  private readonly maxKmPerMs: number;
  private readonly minAirborneKmPerMs: number;
  private readonly manoeuvres: ManoeuvreDetector;

  constructor(
    private readonly config: Readonly<TrackConfig>,
    private readonly layer: FirLayer,
    private readonly airports: AirportIndex,
  ) {
    this.maxKmPerMs = (config.maxSpeedKt * KM_PER_S_PER_KNOT) / 1000;
    this.minAirborneKmPerMs = (config.minAirborneSpeedKt * KM_PER_S_PER_KNOT) / 1000;
    this.manoeuvres = new ManoeuvreDetector(config, airports);
  }

  /** One released position, in time order for its aircraft. */
  process(ac: AircraftTrack, f: TrackedPosition, out: EngineOutput): void {
    const cfg = this.config;
    const previous = ac.lastAccepted;
    if (previous && f.positionTime - previous.time > cfg.gapMs) this.closeFlight(ac, 'GAP', out);
    const cand = ac.candidate;
    const last = cand[cand.length - 1];
    if (last && f.positionTime - last.positionTime > cfg.gapMs) this.discardCandidate(ac, out);
    const main = ac.lastAccepted;
    if (!main) {
      this.feedCandidate(ac, f, out);
      return;
    }
    if (
      ac.flight?.phase === 'AIRBORNE' &&
      f.latitude === main.latitude &&
      f.longitude === main.longitude &&
      cand.length === 0
    ) {
      // A stale repeat: an aircraft in flight cannot stand still, so the source is re-sending
      // its last position with a newer time until a new one arrives. It says nothing new, and
      // taking its time as the position's would make the next real fix look impossibly fast
      // (a catch-up fix rejected as an outlier). On the ground, standing still is real.
      out.rejected?.(f, 'STALE');
      return;
    }
    const reachMain = this.reachable(main.time, main.latitude, main.longitude, f);
    const c = cand[cand.length - 1];
    if (c && this.reachable(c.positionTime, c.latitude, c.longitude, f)) {
      // Both tracks could explain the fix: it goes to the one that predicted it better.
      if (!reachMain || this.candidateError(cand, f) < this.mainError(ac, main, f)) {
        this.feedCandidate(ac, f, out);
        return;
      }
    }
    if (reachMain) {
      if (cand.length > 0) this.discardCandidate(ac, out);
      this.accept(ac, f, out);
      return;
    }
    this.feedCandidate(ac, f, out);
  }

  /** Ends the flight in progress (gap expiry or end of input); the aircraft keeps no track. */
  closeFlight(ac: AircraftTrack, reason: CloseReason, out: EngineOutput): void {
    const fl = ac.flight;
    const last = ac.lastAccepted;
    const run = fl?.touchdown;
    if (fl && run && fl.phase === 'AIRBORNE') {
      // The data ends in a run of ground reports: the flight landed where the run began.
      const airport = this.airports.nearest(
        run.longitude,
        run.latitude,
        this.config.airportRadiusKm,
      );
      this.land(ac, fl, run.time, run.latitude, run.longitude, airport, out);
    } else if (fl && last && fl.phase !== 'LANDED') {
      const { time, latitude, longitude } = last;
      const airport =
        fl.phase === 'AIRBORNE' ? this.lowNear(latitude, longitude, last.altitudeM) : null;
      if (airport) this.land(ac, fl, time, latitude, longitude, airport, out);
      else {
        if (reason === 'GAP' || reason === 'END_OF_INPUT') {
          this.manoeuvres.closed(manoeuvresOf(fl), reason, this.emitter(ac, fl, out));
        }
        this.closeCrossing(ac, fl, time, latitude, longitude, null, reason, out);
      }
    }
    ac.flight = null;
    ac.lastAccepted = null;
    ac.lastAltitudeTime = NO_TIME;
    ac.velocityLatDegS = 0;
    ac.velocityLonDegS = 0;
  }

  /** Drops the candidate track; its fixes are reported rejected. */
  discardCandidate(ac: AircraftTrack, out: EngineOutput): void {
    const reason = ac.lastAccepted ? 'SPEED_OUTLIER' : 'UNCONFIRMED_TRACK';
    if (out.rejected) for (const position of ac.candidate) out.rejected(position, reason);
    ac.candidate.length = 0;
  }

  private reachable(t: number, lat: number, lon: number, f: TrackedPosition): boolean {
    const allowed = this.maxKmPerMs * Math.abs(f.positionTime - t) + this.config.positionNoiseKm;
    return haversineKm(lat, lon, f.latitude, f.longitude) <= allowed;
  }

  private mainError(ac: AircraftTrack, main: TrackFix, f: TrackedPosition): number {
    const dt = (f.positionTime - main.time) / 1000;
    return haversineKm(
      main.latitude + ac.velocityLatDegS * dt,
      main.longitude + ac.velocityLonDegS * dt,
      f.latitude,
      f.longitude,
    );
  }

  private candidateError(cand: readonly TrackedPosition[], f: TrackedPosition): number {
    const last = cand[cand.length - 1];
    const prev = cand[cand.length - 2];
    if (!last) return Number.POSITIVE_INFINITY;
    if (!prev || last.positionTime <= prev.positionTime)
      return haversineKm(last.latitude, last.longitude, f.latitude, f.longitude);
    const k = (f.positionTime - last.positionTime) / (last.positionTime - prev.positionTime);
    return haversineKm(
      last.latitude + (last.latitude - prev.latitude) * k,
      last.longitude + (last.longitude - prev.longitude) * k,
      f.latitude,
      f.longitude,
    );
  }

  private feedCandidate(ac: AircraftTrack, f: TrackedPosition, out: EngineOutput): void {
    const cand = ac.candidate;
    const last = cand[cand.length - 1];
    if (last && !this.reachable(last.positionTime, last.latitude, last.longitude, f))
      this.discardCandidate(ac, out);
    if (cand.length >= this.config.candidateMaxFixes) {
      // Keep the first position (where the candidate began) and the most recent ones.
      const dropped = cand.splice(1, 1)[0];
      if (dropped && out.rejected)
        out.rejected(dropped, ac.lastAccepted ? 'SPEED_OUTLIER' : 'UNCONFIRMED_TRACK');
    }
    cand.push(f);
    if (this.confirmed(cand)) this.promote(ac, out);
  }

  /** Strong evidence: long enough, enough fixes, and flying like an aircraft. */
  private confirmed(cand: readonly TrackedPosition[]): boolean {
    const cfg = this.config;
    const first = cand[0];
    const last = cand[cand.length - 1];
    if (!first || !last || cand.length < cfg.candidateMinFixes) return false;
    const span = last.positionTime - first.positionTime;
    if (span < cfg.candidateConfirmMs) return false;
    const kmPerMs =
      haversineKm(first.latitude, first.longitude, last.latitude, last.longitude) / span;
    if (kmPerMs > this.maxKmPerMs) return false;
    let alt: number | null = null;
    for (const position of cand) {
      const altitude = altitudeOf(position);
      if (altitude !== null && altitude <= cfg.maxAltitudeM) alt = altitude;
    }
    if (alt === null || alt <= cfg.highAltitudeM) return true;
    // High up, only a flying aircraft: neither the track nor the reported speed may be slow.
    if (kmPerMs < this.minAirborneKmPerMs) return false;
    const reported = last.velocityMs;
    return reported === null || reported * 3.6 >= this.minAirborneKmPerMs * 3.6e6;
  }

  private promote(ac: AircraftTrack, out: EngineOutput): void {
    const positions = ac.candidate;
    ac.candidate = [];
    const first = positions[0];
    if (!first) return;
    let start = 0;
    if (!ac.lastAccepted) {
      const firstAltitude = altitudeOf(first);
      let climbing = false;
      for (const position of positions) {
        const altitude = altitudeOf(position);
        if (altitude !== null && firstAltitude !== null && altitude > firstAltitude)
          climbing = true;
      }
      this.startFlight(ac, first, climbing, out);
      start = 1;
    }
    for (let i = start; i < positions.length; i++) {
      const position = positions[i];
      if (position) this.accept(ac, position, out);
    }
  }

  /** Altitude kept unless impossible (spike): the position is still used. */
  private plausibleAltitude(ac: AircraftTrack, f: TrackedPosition): number | null {
    const cfg = this.config;
    const alt = altitudeOf(f);
    if (alt === null || !(alt <= cfg.maxAltitudeM && alt >= -500)) return null;
    const t = f.positionTime;
    if (ac.lastAltitudeTime !== NO_TIME && t > ac.lastAltitudeTime) {
      const rate = Math.abs(alt - ac.lastAltitudeM) / ((t - ac.lastAltitudeTime) / 1000);
      if (rate > cfg.maxVerticalRateMs) return null;
    }
    ac.lastAltitudeTime = t;
    ac.lastAltitudeM = alt;
    return alt;
  }

  private isGround(f: TrackedPosition, alt: number | null): boolean {
    if (f.onGround !== null) return f.onGround;
    const cfg = this.config;
    return (
      f.velocityMs !== null &&
      f.velocityMs < cfg.groundSpeedMaxMs &&
      (alt === null || alt < cfg.groundAltitudeMaxM)
    );
  }

  private startFlight(
    ac: AircraftTrack,
    f: TrackedPosition,
    climbing: boolean,
    out: EngineOutput,
  ): void {
    ac.lastAltitudeTime = NO_TIME;
    const alt = this.plausibleAltitude(ac, f);
    const ground = this.isGround(f, alt);
    const { positionTime: t, latitude: lat, longitude: lon } = f;
    this.openFlight(ac, t, lat, lon, ground, f.callsign);
    const fl = ac.flight as FlightProgress;
    let departure: string | null = null;
    if (!ground && climbing) {
      const airport = this.lowNear(lat, lon, alt);
      if (airport) {
        departure = airport.icao;
        fl.takeoffAirport = departure;
        this.event(ac, fl, 'TAKEOFF', `${fl.flightId}-TAKEOFF`, t, lat, lon, out, departure);
        this.manoeuvres.tookOff(manoeuvresOf(fl), t, lat, lon, alt);
      }
    }
    const fir = this.layer.firAt(lon, lat);
    if (fir) this.openCrossing(ac, fl, fir.id, fir.name, t, lat, lon, 0, departure, out);
    if (!ground) {
      const emit = this.emitter(ac, fl, out);
      this.manoeuvres.airborne(manoeuvresOf(fl), t, lat, lon, alt, null, emit);
    }
    this.setLastAccepted(ac, f, alt);
  }

  private openFlight(
    ac: AircraftTrack,
    t: number,
    lat: number,
    lon: number,
    ground: boolean,
    callsign: string | null,
  ): void {
    ac.flight = {
      flightId: `${ac.icao24}-${t}`,
      firstFixTime: t,
      callsign,
      phase: ground ? 'GROUND' : 'AIRBORNE',
      takeoffAirport: null,
      lastSequence: 0,
      crossing: null,
      pending: null,
      touchdown: null,
      manoeuvres: freshManoeuvres(),
    };
    const last = ac.lastAccepted;
    if (last) {
      last.time = t;
      last.latitude = lat;
      last.longitude = lon;
    } else {
      ac.lastAccepted = {
        time: t,
        latitude: lat,
        longitude: lon,
        altitudeM: null,
        onGround: null,
        velocityMs: null,
        callsign: null,
      };
    }
    ac.velocityLatDegS = 0;
    ac.velocityLonDegS = 0;
  }

  private accept(ac: AircraftTrack, f: TrackedPosition, out: EngineOutput): void {
    const last = ac.lastAccepted;
    if (!ac.flight || !last) {
      this.startFlight(ac, f, false, out);
      return;
    }
    const cfg = this.config;
    const alt = this.plausibleAltitude(ac, f);
    const ground = this.isGround(f, alt);
    let fl: FlightProgress = ac.flight;
    if (fl.phase === 'LANDED' && !ground) {
      // Airborne again after a landing: a new flight from the last ground fix.
      const { time, latitude, longitude } = last;
      this.openFlight(ac, time, latitude, longitude, true, fl.callsign);
      fl = ac.flight as FlightProgress;
      const fir = this.layer.firAt(longitude, latitude);
      if (fir) this.openCrossing(ac, fl, fir.id, fir.name, time, latitude, longitude, 0, null, out);
    }
    if (fl.callsign === null && f.callsign !== null) fl.callsign = f.callsign;
    if (fl.phase !== 'LANDED') {
      const gap = f.positionTime - last.time;
      if (gap > cfg.positionGapMs) {
        this.event(
          ac,
          fl,
          'POSITION_GAP',
          `${fl.flightId}-GAP-${last.time}`,
          last.time,
          last.latitude,
          last.longitude,
          out,
          null,
          {
            gapSeconds: String(Math.round(gap / 1000)),
            resumedAt: String(f.positionTime),
          },
        );
      }
      this.segment(ac, last, fl, f, out);
      const pending = fl.pending;
      if (pending && f.positionTime - pending.time >= cfg.minCrossingMs)
        this.commit(ac, fl, pending, out);
      if (fl.phase === 'GROUND' && !ground) {
        this.takeOff(ac, last, fl, f, out);
        this.manoeuvres.tookOff(manoeuvresOf(fl), f.positionTime, f.latitude, f.longitude, alt);
      } else if (fl.phase === 'AIRBORNE') this.groundEvidence(ac, fl, f, ground, out);
      if (fl.phase === 'AIRBORNE' && !ground) {
        const { positionTime, latitude, longitude } = f;
        const emit = this.emitter(ac, fl, out);
        const m = manoeuvresOf(fl);
        this.manoeuvres.airborne(m, positionTime, latitude, longitude, alt, last.altitudeM, emit);
      }
    }
    this.setLastAccepted(ac, f, alt);
  }

  /**
   * While airborne, a run of ground reports becomes a landing only on sustained evidence:
   * landingConfirmReports consecutive reports over landingConfirmMs, each no faster than a
   * touchdown and no higher than an aerodrome within airportRadiusKm allows. The landing is
   * then placed at the run's first report. Any airborne report ends the run.
   */
  private groundEvidence(
    ac: AircraftTrack,
    fl: FlightProgress,
    f: TrackedPosition,
    ground: boolean,
    out: EngineOutput,
  ): void {
    const cfg = this.config;
    const airport = ground
      ? this.airports.nearest(f.longitude, f.latitude, cfg.airportRadiusKm)
      : null;
    if (!airport || !this.onTheGroundAt(f, airport)) {
      fl.touchdown = null;
      return;
    }
    let run = fl.touchdown;
    if (!run) {
      run = { time: f.positionTime, latitude: f.latitude, longitude: f.longitude, reports: 0 };
      fl.touchdown = run;
    }
    run.reports++;
    if (run.reports < cfg.landingConfirmReports || f.positionTime - run.time < cfg.landingConfirmMs)
      return;
    fl.touchdown = null;
    const at = this.airports.nearest(run.longitude, run.latitude, cfg.airportRadiusKm) ?? airport;
    this.land(ac, fl, run.time, run.latitude, run.longitude, at, out);
  }

  /** A ground report that a rolling aircraft could make at this aerodrome: speed and height. */
  private onTheGroundAt(f: TrackedPosition, airport: Airport): boolean {
    const cfg = this.config;
    if (f.velocityMs !== null && f.velocityMs > cfg.maxTouchdownSpeedKt * KM_PER_S_PER_KNOT * 1000)
      return false;
    const altitude = altitudeOf(f);
    const ceiling = ((airport.elevationFt ?? 0) + cfg.airportMaxHeightFt) * METRES_PER_FOOT;
    return altitude === null || altitude <= ceiling;
  }

  /** `f` becomes the last accepted fix (in place); the smoothed velocity follows it. */
  private setLastAccepted(ac: AircraftTrack, f: TrackedPosition, alt: number | null): void {
    const last = ac.lastAccepted as TrackFix;
    const dt = (f.positionTime - last.time) / 1000;
    if (dt > 0) {
      const w = Math.min(1, dt / VELOCITY_TAU_S);
      const first = ac.velocityLatDegS === 0 && ac.velocityLonDegS === 0;
      const k = first ? 1 : w;
      ac.velocityLatDegS += ((f.latitude - last.latitude) / dt - ac.velocityLatDegS) * k;
      ac.velocityLonDegS += ((f.longitude - last.longitude) / dt - ac.velocityLonDegS) * k;
    }
    last.time = f.positionTime;
    last.latitude = f.latitude;
    last.longitude = f.longitude;
    last.altitudeM = alt;
    last.onGround = f.onGround;
    last.velocityMs = f.velocityMs;
    last.callsign = f.callsign;
  }

  private segment(
    ac: AircraftTrack,
    last: TrackFix,
    fl: FlightProgress,
    f: TrackedPosition,
    out: EngineOutput,
  ): void {
    const length = haversineKm(last.latitude, last.longitude, f.latitude, f.longitude);
    if (length === 0) return;
    this.a.lon = last.longitude;
    this.a.lat = last.latitude;
    this.b.lon = f.longitude;
    this.b.lat = f.latitude;
    const transitions = this.layer.transitions(this.a, this.b);
    let previous = 0;
    const t0 = last.time;
    const dt = f.positionTime - t0;
    for (const tr of transitions) {
      this.addFlown(fl, (tr.fraction - previous) * length);
      previous = tr.fraction;
      this.onTransition(ac, fl, tr.to, Math.round(t0 + tr.fraction * dt), tr.lat, tr.lon, out);
    }
    this.addFlown(fl, (1 - previous) * length);
  }

  private addFlown(fl: FlightProgress, km: number): void {
    if (fl.pending) fl.pending.flownDistanceKm += km;
    else if (fl.crossing) fl.crossing.flownDistanceKm += km;
  }

  private onTransition(
    ac: AircraftTrack,
    fl: FlightProgress,
    to: Fir | null,
    time: number,
    lat: number,
    lon: number,
    out: EngineOutput,
  ): void {
    const toId = to ? to.id : null;
    const pending = fl.pending;
    if (pending) {
      const short = time - pending.time < this.config.minCrossingMs;
      if (short && toId === (fl.crossing ? fl.crossing.firId : null)) {
        // Back where it was before the dwell was reached: boundary ping-pong, no change.
        if (fl.crossing) fl.crossing.flownDistanceKm += pending.flownDistanceKm;
        fl.pending = null;
        return;
      }
      if (toId === pending.toFirId) return;
      // Long enough in the new FIR (checked at the transition itself, so a long segment
      // cannot hide the dwell), or moving on to a third FIR: the change was real.
      this.commit(ac, fl, pending, out);
    }
    if (toId === (fl.crossing ? fl.crossing.firId : null)) return;
    fl.pending = { toFirId: toId, time, latitude: lat, longitude: lon, flownDistanceKm: 0 };
    if (this.config.minCrossingMs === 0) this.commit(ac, fl, fl.pending, out);
  }

  private commit(
    ac: AircraftTrack,
    fl: FlightProgress,
    pending: PendingFirChange,
    out: EngineOutput,
  ): void {
    fl.pending = null;
    const { time, latitude, longitude } = pending;
    this.closeCrossing(ac, fl, time, latitude, longitude, null, 'BOUNDARY', out, pending.toFirId);
    if (pending.toFirId !== null) {
      const fir = this.layer.byId(pending.toFirId);
      const name = fir ? fir.name : null;
      this.openCrossing(
        ac,
        fl,
        pending.toFirId,
        name,
        time,
        latitude,
        longitude,
        pending.flownDistanceKm,
        null,
        out,
      );
    }
  }

  private takeOff(
    ac: AircraftTrack,
    last: TrackFix,
    fl: FlightProgress,
    f: TrackedPosition,
    out: EngineOutput,
  ): void {
    fl.phase = 'AIRBORNE';
    const airport = this.airports.nearest(
      last.longitude,
      last.latitude,
      this.config.airportRadiusKm,
    );
    const icao = airport ? airport.icao : null;
    fl.takeoffAirport = icao;
    const { positionTime: t, latitude: lat, longitude: lon } = f;
    this.event(ac, fl, 'TAKEOFF', `${fl.flightId}-TAKEOFF`, t, lat, lon, out, icao);
    const crossing = fl.crossing;
    if (crossing && icao !== null && fl.pending === null) {
      crossing.departureAirport = icao;
      this.emitCrossing(ac, fl, crossing, null, lat, lon, out);
    }
  }

  private land(
    ac: AircraftTrack,
    fl: FlightProgress,
    t: number,
    lat: number,
    lon: number,
    airport: Airport | null,
    out: EngineOutput,
  ): void {
    const icao = airport ? airport.icao : null;
    const m = manoeuvresOf(fl);
    const emit = this.emitter(ac, fl, out);
    this.manoeuvres.landing(m, emit);
    this.event(ac, fl, 'LANDING', `${fl.flightId}-LANDING`, t, lat, lon, out, icao);
    this.manoeuvres.returned(m, fl.takeoffAirport, t, lat, lon, airport, emit);
    this.closeCrossing(ac, fl, t, lat, lon, icao, 'LANDING', out);
    fl.phase = 'LANDED';
  }

  /** An aerodrome within the radius that the fix is low enough above to be taking off or landing. */
  private lowNear(lat: number, lon: number, alt: number | null): Airport | null {
    if (alt === null) return null;
    const cfg = this.config;
    const airport = this.airports.nearest(lon, lat, cfg.airportRadiusKm);
    if (!airport) return null;
    const ceiling = ((airport.elevationFt ?? 0) + cfg.airportMaxHeightFt) * METRES_PER_FOOT;
    return alt <= ceiling ? airport : null;
  }

  private openCrossing(
    ac: AircraftTrack,
    fl: FlightProgress,
    firId: string,
    firName: string | null,
    t: number,
    lat: number,
    lon: number,
    flownKm: number,
    departureAirport: string | null,
    out: EngineOutput,
  ): void {
    const sequence = fl.lastSequence + 1;
    fl.lastSequence = sequence;
    const crossing: CrossingProgress = {
      crossingId: `${fl.flightId}-${sequence}-${firId}`,
      sequence,
      firId,
      firName,
      entryTime: t,
      entryLatitude: lat,
      entryLongitude: lon,
      flownDistanceKm: flownKm,
      departureAirport,
    };
    fl.crossing = crossing;
    this.emitCrossing(ac, fl, crossing, null, lat, lon, out);
    this.event(
      ac,
      fl,
      'FIR_ENTRY',
      `${crossing.crossingId}-ENTRY`,
      t,
      lat,
      lon,
      out,
      null,
      {
        crossingId: crossing.crossingId,
      },
      firId,
    );
  }

  /** Resolves a pending change first, then publishes the open crossing FINAL. */
  private closeCrossing(
    ac: AircraftTrack,
    fl: FlightProgress,
    t: number,
    lat: number,
    lon: number,
    arrival: string | null,
    reason: CloseReason,
    out: EngineOutput,
    nextFirId: string | null = null,
  ): void {
    const pending = fl.pending;
    if (pending && reason !== 'BOUNDARY') this.commit(ac, fl, pending, out);
    const crossing = fl.crossing;
    if (!crossing) return;
    fl.crossing = null;
    if (t < crossing.entryTime) {
      // A landing is placed at the first report of its touchdown run, which can come before
      // the last FIR entry when the roll crossed a boundary while the landing was being
      // confirmed: the crossing then ends where it began, never before.
      t = crossing.entryTime;
      lat = crossing.entryLatitude;
      lon = crossing.entryLongitude;
    }
    const exit: CrossingExit = { time: t, lat, lon, arrival, reason, nextFirId };
    this.emitCrossing(ac, fl, crossing, exit, lat, lon, out);
    this.event(
      ac,
      fl,
      'FIR_EXIT',
      `${crossing.crossingId}-EXIT`,
      t,
      lat,
      lon,
      out,
      null,
      {
        crossingId: crossing.crossingId,
        reason,
      },
      crossing.firId,
    );
  }

  private emitCrossing(
    ac: AircraftTrack,
    fl: FlightProgress,
    c: CrossingProgress,
    exit: CrossingExit | null,
    toLat: number,
    toLon: number,
    out: EngineOutput,
  ): void {
    out.crossing({
      crossingId: c.crossingId,
      flightId: fl.flightId,
      icao24: ac.icao24,
      callsign: fl.callsign,
      firId: c.firId,
      firName: c.firName,
      entryTime: c.entryTime,
      exitTime: exit ? exit.time : null,
      entryLatitude: c.entryLatitude,
      entryLongitude: c.entryLongitude,
      exitLatitude: exit ? exit.lat : null,
      exitLongitude: exit ? exit.lon : null,
      greatCircleDistanceKm: haversineKm(c.entryLatitude, c.entryLongitude, toLat, toLon),
      flownDistanceKm: c.flownDistanceKm,
      departureAirport: c.departureAirport,
      arrivalAirport: exit ? exit.arrival : null,
      status: exit ? 'FINAL' : 'PROVISIONAL',
      sequence: c.sequence,
      source: this.config.source,
      exitReason: exit ? exit.reason : null,
      nextFirId: exit ? exit.nextFirId : null,
    });
  }

  private event(
    ac: AircraftTrack,
    fl: FlightProgress,
    type: FlightEventType,
    eventId: string,
    t: number,
    lat: number,
    lon: number,
    out: EngineOutput,
    airportIcao: string | null,
    attributes: Record<string, string> = {},
    firId: string | null = null,
    evidence: TrackPoint[] = [],
  ): void {
    out.event({
      eventId,
      flightId: fl.flightId,
      icao24: ac.icao24,
      callsign: fl.callsign,
      type,
      occurredAt: t,
      latitude: lat,
      longitude: lon,
      airportIcao,
      firId,
      delayMinutes: null,
      attributes,
      evidence,
    });
  }

  /**
   * The detectors' events become flight events of this flight: one function, pointed at the
   * flight before each call (the hot path allocates no closure per fix).
   */
  private emitter(ac: AircraftTrack, fl: FlightProgress, out: EngineOutput): EmitManoeuvre {
    this.sink.ac = ac;
    this.sink.fl = fl;
    this.sink.out = out;
    return this.emitManoeuvre;
  }

  private readonly sink: {
    ac: AircraftTrack | null;
    fl: FlightProgress | null;
    out: EngineOutput | null;
  } = { ac: null, fl: null, out: null };

  private readonly emitManoeuvre: EmitManoeuvre = (e: ManoeuvreEvent) => {
    const { ac, fl, out } = this.sink;
    if (!ac || !fl || !out) return;
    this.event(
      ac,
      fl,
      e.type,
      `${fl.flightId}-${e.idSuffix}`,
      e.time,
      e.latitude,
      e.longitude,
      out,
      e.airportIcao,
      e.attributes,
      null,
      e.evidence,
    );
  };
}

/** The flight's detector state (a flight restored from an older checkpoint starts afresh). */
function manoeuvresOf(fl: FlightProgress): ManoeuvreState {
  fl.manoeuvres ??= freshManoeuvres();
  return fl.manoeuvres;
}
