import type { FlightEventType } from '@overfly/schemas';
import { type AircraftTrack, type FlightProgress, NO_TIME, type OpenCrossing } from './aircraft.js';
import type { TrackConfig } from './config.js';
import { distanceKm, FT_TO_M, KT_TO_KMS } from './distance.js';
import type { Airport, AirportIndex, Fir, FirLayer, LonLat } from './geo-contract.js';
import type { EngineOutput, Fix } from './types.js';

/** Why a flight's open crossing was closed; written into FIR_EXIT's `reason` attribute. */
export type CloseReason = 'BOUNDARY' | 'LANDING' | 'GAP' | 'END_OF_INPUT';

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

  constructor(
    private readonly config: Readonly<TrackConfig>,
    private readonly layer: FirLayer,
    private readonly airports: AirportIndex,
  ) {
    this.maxKmPerMs = (config.maxSpeedKt * KT_TO_KMS) / 1000;
    this.minAirborneKmPerMs = (config.minAirborneSpeedKt * KT_TO_KMS) / 1000;
  }

  /** One released fix, in time order for its aircraft. */
  process(ac: AircraftTrack, f: Fix, out: EngineOutput): void {
    const cfg = this.config;
    if (ac.hasMain && f.t - ac.mainT > cfg.gapMs) this.closeFlight(ac, 'GAP', out);
    const cand = ac.candidate;
    const last = cand[cand.length - 1];
    if (last && f.t - last.t > cfg.gapMs) this.discardCandidate(ac, out);
    if (!ac.hasMain) {
      this.feedCandidate(ac, f, out);
      return;
    }
    const reachMain = this.reachable(ac.mainT, ac.mainLat, ac.mainLon, f);
    const c = cand[cand.length - 1];
    if (c && this.reachable(c.t, c.lat, c.lon, f)) {
      // Both tracks could explain the fix: it goes to the one that predicted it better.
      if (!reachMain || this.candidateError(cand, f) < this.mainError(ac, f)) {
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
    if (fl && fl.phase !== 'LANDED') {
      const airport =
        fl.phase === 'AIRBORNE' ? this.lowNear(ac.mainLat, ac.mainLon, ac.mainAltM) : null;
      if (airport) this.land(ac, fl, ac.mainT, ac.mainLat, ac.mainLon, airport, out);
      else this.closeCrossing(ac, fl, ac.mainT, ac.mainLat, ac.mainLon, null, reason, out);
    }
    ac.flight = null;
    ac.hasMain = false;
    ac.altT = NO_TIME;
    ac.vLat = 0;
    ac.vLon = 0;
  }

  /** Drops the candidate track; its fixes are reported rejected. */
  discardCandidate(ac: AircraftTrack, out: EngineOutput): void {
    const reason = ac.hasMain ? 'SPEED_OUTLIER' : 'UNCONFIRMED_TRACK';
    if (out.rejected) for (const fix of ac.candidate) out.rejected(fix, reason);
    ac.candidate.length = 0;
  }

  private reachable(t: number, lat: number, lon: number, f: Fix): boolean {
    const allowed = this.maxKmPerMs * Math.abs(f.t - t) + this.config.positionNoiseKm;
    return distanceKm(lat, lon, f.lat, f.lon) <= allowed;
  }

  private mainError(ac: AircraftTrack, f: Fix): number {
    const dt = (f.t - ac.mainT) / 1000;
    return distanceKm(ac.mainLat + ac.vLat * dt, ac.mainLon + ac.vLon * dt, f.lat, f.lon);
  }

  private candidateError(cand: readonly Fix[], f: Fix): number {
    const last = cand[cand.length - 1];
    const prev = cand[cand.length - 2];
    if (!last) return Number.POSITIVE_INFINITY;
    if (!prev || last.t <= prev.t) return distanceKm(last.lat, last.lon, f.lat, f.lon);
    const k = (f.t - last.t) / (last.t - prev.t);
    return distanceKm(
      last.lat + (last.lat - prev.lat) * k,
      last.lon + (last.lon - prev.lon) * k,
      f.lat,
      f.lon,
    );
  }

  private feedCandidate(ac: AircraftTrack, f: Fix, out: EngineOutput): void {
    const cand = ac.candidate;
    const last = cand[cand.length - 1];
    if (last && !this.reachable(last.t, last.lat, last.lon, f)) this.discardCandidate(ac, out);
    if (cand.length >= this.config.candidateMaxFixes) {
      // Keep the first fix (where the candidate began) and the most recent ones.
      const dropped = cand.splice(1, 1)[0];
      if (dropped && out.rejected)
        out.rejected(dropped, ac.hasMain ? 'SPEED_OUTLIER' : 'UNCONFIRMED_TRACK');
    }
    cand.push(f);
    if (this.confirmed(cand)) this.promote(ac, out);
  }

  /** Strong evidence: long enough, enough fixes, and flying like an aircraft. */
  private confirmed(cand: readonly Fix[]): boolean {
    const cfg = this.config;
    const first = cand[0];
    const last = cand[cand.length - 1];
    if (!first || !last || cand.length < cfg.candidateMinFixes) return false;
    const span = last.t - first.t;
    if (span < cfg.candidateConfirmMs) return false;
    const kmPerMs = distanceKm(first.lat, first.lon, last.lat, last.lon) / span;
    if (kmPerMs > this.maxKmPerMs) return false;
    let alt: number | null = null;
    for (const fix of cand) if (fix.altM !== null && fix.altM <= cfg.maxAltitudeM) alt = fix.altM;
    if (alt === null || alt <= cfg.highAltitudeM) return true;
    // High up, only a flying aircraft: neither the track nor the reported speed may be slow.
    if (kmPerMs < this.minAirborneKmPerMs) return false;
    const reported = last.velocityMs;
    return reported === null || reported * 3.6 >= this.minAirborneKmPerMs * 3.6e6;
  }

  private promote(ac: AircraftTrack, out: EngineOutput): void {
    const fixes = ac.candidate;
    ac.candidate = [];
    const first = fixes[0];
    if (!first) return;
    let start = 0;
    if (!ac.hasMain) {
      let climbing = false;
      for (const fix of fixes) {
        if (fix.altM !== null && first.altM !== null && fix.altM > first.altM) climbing = true;
      }
      this.startFlight(ac, first, climbing, out);
      start = 1;
    }
    for (let i = start; i < fixes.length; i++) {
      const fix = fixes[i];
      if (fix) this.accept(ac, fix, out);
    }
  }

  /** Altitude kept unless impossible (spike): the position is still used. */
  private plausibleAltitude(ac: AircraftTrack, f: Fix): number | null {
    const cfg = this.config;
    const alt = f.altM;
    if (alt === null || !(alt <= cfg.maxAltitudeM && alt >= -500)) return null;
    if (ac.altT !== NO_TIME && f.t > ac.altT) {
      const rate = Math.abs(alt - ac.altM) / ((f.t - ac.altT) / 1000);
      if (rate > cfg.maxVerticalRateMs) return null;
    }
    ac.altT = f.t;
    ac.altM = alt;
    return alt;
  }

  private isGround(f: Fix, alt: number | null): boolean {
    if (f.onGround !== null) return f.onGround;
    const cfg = this.config;
    return (
      f.velocityMs !== null &&
      f.velocityMs < cfg.groundSpeedMaxMs &&
      (alt === null || alt < cfg.groundAltitudeMaxM)
    );
  }

  private startFlight(ac: AircraftTrack, f: Fix, climbing: boolean, out: EngineOutput): void {
    ac.altT = NO_TIME;
    const alt = this.plausibleAltitude(ac, f);
    const ground = this.isGround(f, alt);
    this.openFlight(ac, f.t, f.lat, f.lon, ground, f.callsign);
    const fl = ac.flight as FlightProgress;
    let departure: string | null = null;
    if (!ground && climbing) {
      const airport = this.lowNear(f.lat, f.lon, alt);
      if (airport) {
        departure = airport.icao;
        fl.takeoffAirport = departure;
        this.event(ac, fl, 'TAKEOFF', `${fl.flightId}-TAKEOFF`, f.t, f.lat, f.lon, out, departure);
      }
    }
    const fir = this.layer.firAt(f.lon, f.lat);
    if (fir) this.openCrossing(ac, fl, fir.id, fir.name, f.t, f.lat, f.lon, 0, departure, out);
    this.setMain(ac, f, alt);
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
    };
    ac.hasMain = true;
    ac.mainT = t;
    ac.mainLat = lat;
    ac.mainLon = lon;
    ac.vLat = 0;
    ac.vLon = 0;
  }

  private accept(ac: AircraftTrack, f: Fix, out: EngineOutput): void {
    if (!ac.flight) {
      this.startFlight(ac, f, false, out);
      return;
    }
    const cfg = this.config;
    const alt = this.plausibleAltitude(ac, f);
    const ground = this.isGround(f, alt);
    let fl: FlightProgress = ac.flight;
    if (fl.phase === 'LANDED' && !ground) {
      // Airborne again after a landing: a new flight from the last ground fix.
      this.openFlight(ac, ac.mainT, ac.mainLat, ac.mainLon, true, fl.callsign);
      fl = ac.flight as FlightProgress;
      const fir = this.layer.firAt(ac.mainLon, ac.mainLat);
      if (fir)
        this.openCrossing(ac, fl, fir.id, fir.name, ac.mainT, ac.mainLat, ac.mainLon, 0, null, out);
    }
    if (fl.callsign === null && f.callsign !== null) fl.callsign = f.callsign;
    if (fl.phase !== 'LANDED') {
      const gap = f.t - ac.mainT;
      if (gap > cfg.positionGapMs) {
        this.event(
          ac,
          fl,
          'POSITION_GAP',
          `${fl.flightId}-GAP-${ac.mainT}`,
          ac.mainT,
          ac.mainLat,
          ac.mainLon,
          out,
          null,
          {
            gapSeconds: String(Math.round(gap / 1000)),
            resumedAt: String(f.t),
          },
        );
      }
      this.segment(ac, fl, f, out);
      const pending = fl.pending;
      if (pending && f.t - pending.time >= cfg.minCrossingMs) this.commit(ac, fl, pending, out);
      if (fl.phase === 'GROUND' && !ground) this.takeOff(ac, fl, f, out);
      else if (fl.phase === 'AIRBORNE' && ground) {
        this.land(
          ac,
          fl,
          f.t,
          f.lat,
          f.lon,
          this.airports.nearest(f.lon, f.lat, cfg.airportRadiusKm),
          out,
        );
      }
    }
    this.setMain(ac, f, alt);
  }

  private setMain(ac: AircraftTrack, f: Fix, alt: number | null): void {
    const dt = (f.t - ac.mainT) / 1000;
    if (dt > 0) {
      const w = Math.min(1, dt / VELOCITY_TAU_S);
      const first = ac.vLat === 0 && ac.vLon === 0;
      const k = first ? 1 : w;
      ac.vLat += ((f.lat - ac.mainLat) / dt - ac.vLat) * k;
      ac.vLon += ((f.lon - ac.mainLon) / dt - ac.vLon) * k;
    }
    ac.hasMain = true;
    ac.mainT = f.t;
    ac.mainLat = f.lat;
    ac.mainLon = f.lon;
    ac.mainAltM = alt;
    ac.mainOnGround = f.onGround;
    ac.mainVelocityMs = f.velocityMs;
    ac.mainCallsign = f.callsign;
  }

  private segment(ac: AircraftTrack, fl: FlightProgress, f: Fix, out: EngineOutput): void {
    const length = distanceKm(ac.mainLat, ac.mainLon, f.lat, f.lon);
    if (length === 0) return;
    this.a.lon = ac.mainLon;
    this.a.lat = ac.mainLat;
    this.b.lon = f.lon;
    this.b.lat = f.lat;
    const transitions = this.layer.transitions(this.a, this.b);
    let previous = 0;
    const t0 = ac.mainT;
    const dt = f.t - t0;
    for (const tr of transitions) {
      this.addFlown(fl, (tr.fraction - previous) * length);
      previous = tr.fraction;
      this.onTransition(ac, fl, tr.to, Math.round(t0 + tr.fraction * dt), tr.lat, tr.lon, out);
    }
    this.addFlown(fl, (1 - previous) * length);
  }

  private addFlown(fl: FlightProgress, km: number): void {
    if (fl.pending) fl.pending.flownKm += km;
    else if (fl.crossing) fl.crossing.flownKm += km;
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
        if (fl.crossing) fl.crossing.flownKm += pending.flownKm;
        fl.pending = null;
        return;
      }
      if (toId === pending.toFirId) return;
      // Long enough in the new FIR (checked at the transition itself, so a long segment
      // cannot hide the dwell), or moving on to a third FIR: the change was real.
      this.commit(ac, fl, pending, out);
    }
    if (toId === (fl.crossing ? fl.crossing.firId : null)) return;
    fl.pending = { toFirId: toId, time, lat, lon, flownKm: 0 };
    if (this.config.minCrossingMs === 0) this.commit(ac, fl, fl.pending, out);
  }

  private commit(
    ac: AircraftTrack,
    fl: FlightProgress,
    pending: NonNullable<FlightProgress['pending']>,
    out: EngineOutput,
  ): void {
    fl.pending = null;
    this.closeCrossing(ac, fl, pending.time, pending.lat, pending.lon, null, 'BOUNDARY', out);
    if (pending.toFirId !== null) {
      const fir = this.layer.byId(pending.toFirId);
      const name = fir ? fir.name : null;
      this.openCrossing(
        ac,
        fl,
        pending.toFirId,
        name,
        pending.time,
        pending.lat,
        pending.lon,
        pending.flownKm,
        null,
        out,
      );
    }
  }

  private takeOff(ac: AircraftTrack, fl: FlightProgress, f: Fix, out: EngineOutput): void {
    fl.phase = 'AIRBORNE';
    const airport = this.airports.nearest(ac.mainLon, ac.mainLat, this.config.airportRadiusKm);
    const icao = airport ? airport.icao : null;
    fl.takeoffAirport = icao;
    this.event(ac, fl, 'TAKEOFF', `${fl.flightId}-TAKEOFF`, f.t, f.lat, f.lon, out, icao);
    const crossing = fl.crossing;
    if (crossing && icao !== null && fl.pending === null) {
      crossing.departureAirport = icao;
      this.emitCrossing(ac, fl, crossing, null, null, null, null, f.lat, f.lon, out);
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
    this.event(ac, fl, 'LANDING', `${fl.flightId}-LANDING`, t, lat, lon, out, icao);
    this.closeCrossing(ac, fl, t, lat, lon, icao, 'LANDING', out);
    fl.phase = 'LANDED';
  }

  /** An aerodrome within the radius that the fix is low enough above to be taking off or landing. */
  private lowNear(lat: number, lon: number, alt: number | null): Airport | null {
    if (alt === null) return null;
    const cfg = this.config;
    const airport = this.airports.nearest(lon, lat, cfg.airportRadiusKm);
    if (!airport) return null;
    const ceiling = ((airport.elevationFt ?? 0) + cfg.airportMaxHeightFt) * FT_TO_M;
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
    const crossing: OpenCrossing = {
      crossingId: `${fl.flightId}-${sequence}-${firId}`,
      sequence,
      firId,
      firName,
      entryTime: t,
      entryLat: lat,
      entryLon: lon,
      flownKm,
      departureAirport,
    };
    fl.crossing = crossing;
    this.emitCrossing(ac, fl, crossing, null, null, null, null, lat, lon, out);
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
  ): void {
    const pending = fl.pending;
    if (pending && reason !== 'BOUNDARY') this.commit(ac, fl, pending, out);
    const crossing = fl.crossing;
    if (!crossing) return;
    fl.crossing = null;
    this.emitCrossing(ac, fl, crossing, t, lat, lon, arrival, lat, lon, out);
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
    c: OpenCrossing,
    exitTime: number | null,
    exitLat: number | null,
    exitLon: number | null,
    arrival: string | null,
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
      exitTime,
      entryLatitude: c.entryLat,
      entryLongitude: c.entryLon,
      exitLatitude: exitLat,
      exitLongitude: exitLon,
      greatCircleDistanceKm: distanceKm(c.entryLat, c.entryLon, toLat, toLon),
      flownDistanceKm: c.flownKm,
      departureAirport: c.departureAirport,
      arrivalAirport: arrival,
      status: exitTime === null ? 'PROVISIONAL' : 'FINAL',
      sequence: c.sequence,
      source: this.config.source,
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
    });
  }
}
