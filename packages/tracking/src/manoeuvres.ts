import type { Airport, AirportIndex } from '@overfly/geo';
import { haversineKm } from '@overfly/geo';
import type {
  FlightEventType,
  HoldingProgress,
  ManoeuvreState,
  TrackPoint,
  TurnAnchor,
} from '@overfly/schemas';
import type { TrackConfig } from './config.js';

// Exact by definition: the international foot is 0.3048 m.
const METRES_PER_FOOT = 0.3048;
const RAD = Math.PI / 180;
/** A degree of a great circle on @overfly/geo's sphere (mean earth radius 6,371.0088 km). */
const KM_PER_DEGREE = 6_371.0088 * RAD;

/**
 * A holding pattern advances when its turn grows by this much in its direction. A rate-one
 * turn does 30° in 10 s; straight legs (1–1.5 min, PANS-OPS) do not advance it.
 */
const ADVANCE_STEP_DEG = 30;
/** Turning this far back against the pattern's direction means it was left. */
const REVERSAL_DEG = 270;
/** The go-around evidence ring: positions at most this far from an aerodrome, this far apart. */
const APPROACH_RADIUS_KM = 20;
const APPROACH_HEIGHT_FT = 3_000;
const APPROACH_SPACING_MS = 10_000;
const APPROACH_RING = 20;
/** A fix no more than this above the one before counts as level (altitude noise). */
const LEVEL_M = 15;

/** Why a holding was closed (its event's `endReason`). */
export type HoldingEnd = 'LEFT_PATTERN' | 'LANDING' | 'GAP' | 'END_OF_INPUT';

/** What a detector publishes; the tracker turns it into a flight.events record. */
export interface ManoeuvreEvent {
  type: Extract<FlightEventType, 'HOLDING' | 'GO_AROUND' | 'RETURN_TO_ORIGIN'>;
  /** The suffix of the eventId after the flightId (`HOLDING-1`). */
  idSuffix: string;
  time: number;
  latitude: number;
  longitude: number;
  airportIcao: string | null;
  attributes: Record<string, string>;
  evidence: TrackPoint[];
}

export type EmitManoeuvre = (event: ManoeuvreEvent) => void;

/** A new flight's detector state. */
export function freshManoeuvres(): ManoeuvreState {
  return {
    headingTime: null,
    headingLatitude: 0,
    headingLongitude: 0,
    bearingDeg: null,
    turnDeg: 0,
    anchors: [],
    holding: null,
    holdings: 0,
    approach: [],
    goAround: null,
    goArounds: 0,
    takeoff: null,
    farthest: null,
    farthestKm: 0,
  };
}

/** A deep copy: the engine updates the state in place, a snapshot must not follow it. */
export function copyManoeuvres(m: ManoeuvreState): ManoeuvreState {
  return {
    ...m,
    anchors: m.anchors.map((a) => ({ ...a })),
    holding: m.holding && {
      ...m.holding,
      evidence: m.holding.evidence.map((p) => ({ ...p })),
    },
    approach: m.approach.map((p) => ({ ...p })),
    goAround: m.goAround && { ...m.goAround },
    takeoff: m.takeoff && { ...m.takeoff },
    farthest: m.farthest && { ...m.farthest },
  };
}

/**
 * The holding, go-around and return-to-origin rules (README "Manoeuvres"): incremental,
 * per flight, over the fixes the tracker accepted. Stateless itself: everything lives in
 * the flight's ManoeuvreState, which the checkpoint saves.
 */
export class ManoeuvreDetector {
  private readonly ceilingM: number;
  private readonly levelBandM: number;
  private readonly goAroundHeightM: number;
  private readonly goAroundClimbM: number;

  constructor(
    private readonly config: Readonly<TrackConfig>,
    private readonly airports: AirportIndex,
  ) {
    this.ceilingM = config.holdingCeilingFt * METRES_PER_FOOT;
    this.levelBandM = config.holdingLevelBandFt * METRES_PER_FOOT;
    this.goAroundHeightM = config.goAroundHeightFt * METRES_PER_FOOT;
    this.goAroundClimbM = config.goAroundClimbFt * METRES_PER_FOOT;
  }

  /** The flight took off here (its TAKEOFF event). */
  tookOff(m: ManoeuvreState, time: number, lat: number, lon: number, alt: number | null): void {
    m.takeoff = point(time, lat, lon, alt);
    m.farthest = null;
    m.farthestKm = 0;
  }

  /**
   * One accepted airborne fix. `previousAltitudeM` is the flight's last accepted altitude
   * before it (null when none): a go-around's approach must come down from above.
   */
  airborne(
    m: ManoeuvreState,
    time: number,
    lat: number,
    lon: number,
    alt: number | null,
    previousAltitudeM: number | null,
    emit: EmitManoeuvre,
  ): void {
    this.farthest(m, time, lat, lon, alt);
    this.goAround(m, time, lat, lon, alt, previousAltitudeM, emit);
    this.heading(m, time, lat, lon, alt, emit);
  }

  /**
   * The flight landed at `airport` (null: not near one): a holding still open ends, and a
   * landing where it took off is a return to origin. Called before the LANDING event is
   * published for the holding, `returned` after it.
   */
  landing(m: ManoeuvreState, emit: EmitManoeuvre): void {
    if (m.holding) this.endHolding(m, 'LANDING', emit);
    m.goAround = null;
  }

  returned(
    m: ManoeuvreState,
    takeoffAirport: string | null,
    time: number,
    lat: number,
    lon: number,
    airport: Airport | null,
    emit: EmitManoeuvre,
  ): void {
    const cfg = this.config;
    const takeoff = m.takeoff;
    const farthest = m.farthest;
    if (!airport || takeoffAirport !== airport.icao || !takeoff || !farthest) return;
    const farthestKm = haversineKm(
      takeoff.latitude,
      takeoff.longitude,
      farthest.latitude,
      farthest.longitude,
    );
    if (time - takeoff.time < cfg.returnMinAirborneMs || farthestKm < cfg.returnMinDistanceKm) {
      return;
    }
    emit({
      type: 'RETURN_TO_ORIGIN',
      idSuffix: 'RETURN_TO_ORIGIN',
      time,
      latitude: lat,
      longitude: lon,
      airportIcao: airport.icao,
      attributes: {
        takeoffAt: String(takeoff.time),
        airborneMinutes: String(Math.round((time - takeoff.time) / 60_000)),
        farthestKm: farthestKm.toFixed(1),
        turnedBackAt: String(farthest.time),
      },
      evidence: [{ ...takeoff }, { ...farthest }, point(time, lat, lon, null)],
    });
  }

  /** The flight ended without a landing (gap, end of input): a holding still open ends. */
  closed(m: ManoeuvreState, reason: 'GAP' | 'END_OF_INPUT', emit: EmitManoeuvre): void {
    if (m.holding) this.endHolding(m, reason, emit);
  }

  /** The farthest point from the take-off, by an equirectangular distance: cheap, per fix. */
  private farthest(m: ManoeuvreState, time: number, lat: number, lon: number, alt: number | null) {
    const takeoff = m.takeoff;
    if (!takeoff) return;
    const x = (lon - takeoff.longitude) * Math.cos(((lat + takeoff.latitude) / 2) * RAD);
    const y = lat - takeoff.latitude;
    const km = Math.sqrt(x * x + y * y) * KM_PER_DEGREE;
    if (km <= m.farthestKm) return;
    m.farthestKm = km;
    m.farthest = point(time, lat, lon, alt);
  }

  /**
   * GO_AROUND: within airportRadiusKm of an aerodrome, the track comes down from above
   * goAroundHeightFt over it to below it, then climbs goAroundClimbFt above its lowest
   * point within goAroundWindowMs, with no landing in between (a landing ends the flight's
   * airborne phase, so the climb never comes).
   */
  private goAround(
    m: ManoeuvreState,
    time: number,
    lat: number,
    lon: number,
    alt: number | null,
    previousAltitudeM: number | null,
    emit: EmitManoeuvre,
  ): void {
    if (alt === null) return;
    const cfg = this.config;
    let candidate = m.goAround;
    if (candidate && time - candidate.time > cfg.goAroundWindowMs) {
      candidate = null;
      m.goAround = null;
    }
    // Only what may be an approach looks for an aerodrome: low, and not climbing (unless an
    // approach is being watched); a climb out or a cruise costs no lookup.
    const descending = previousAltitudeM === null || alt <= previousAltitudeM + LEVEL_M;
    if (alt <= cfg.groundAltitudeMaxM && (candidate || descending)) {
      const airport = this.airports.nearest(lon, lat, APPROACH_RADIUS_KM);
      if (airport) {
        const elevation = (airport.elevationFt ?? 0) * METRES_PER_FOOT;
        this.recordApproach(m, time, lat, lon, alt, elevation);
        const ceiling = elevation + this.goAroundHeightM;
        const near = haversineKm(lat, lon, airport.lat, airport.lon) <= cfg.airportRadiusKm;
        if (near && alt <= ceiling) {
          if (!candidate && previousAltitudeM !== null && previousAltitudeM > ceiling) {
            candidate = {
              airportIcao: airport.icao,
              time,
              latitude: lat,
              longitude: lon,
              altitudeM: alt,
            };
            m.goAround = candidate;
          } else if (
            candidate &&
            candidate.airportIcao === airport.icao &&
            alt < candidate.altitudeM
          ) {
            candidate.time = time;
            candidate.latitude = lat;
            candidate.longitude = lon;
            candidate.altitudeM = alt;
          }
        }
      }
    }
    if (!candidate || alt < candidate.altitudeM + this.goAroundClimbM) return;
    m.goAround = null;
    m.goArounds += 1;
    const from = candidate.time - cfg.goAroundWindowMs;
    const evidence = m.approach.filter((p) => p.time >= from).map((p) => ({ ...p }));
    if (evidence.at(-1)?.time !== time) evidence.push(point(time, lat, lon, alt));
    emit({
      type: 'GO_AROUND',
      idSuffix: `GO_AROUND-${m.goArounds}`,
      time: candidate.time,
      latitude: candidate.latitude,
      longitude: candidate.longitude,
      airportIcao: candidate.airportIcao,
      attributes: {
        lowestAltitudeM: candidate.altitudeM.toFixed(0),
        climbedToAltitudeM: alt.toFixed(0),
        confirmedAt: String(time),
      },
      evidence: evidence.slice(-cfg.evidencePoints),
    });
  }

  private recordApproach(
    m: ManoeuvreState,
    time: number,
    lat: number,
    lon: number,
    alt: number,
    elevation: number,
  ): void {
    if (alt > elevation + APPROACH_HEIGHT_FT * METRES_PER_FOOT) return;
    const ring = m.approach;
    const last = ring[ring.length - 1];
    if (last && time - last.time < APPROACH_SPACING_MS) return;
    ring.push(point(time, lat, lon, alt));
    if (ring.length > APPROACH_RING) ring.shift();
  }

  /**
   * The track's heading, measured between points headingStepKm apart (so position noise
   * of a few hundred metres bends it little), summed into a signed cumulative turn; each
   * new heading point feeds the holding rule.
   */
  private heading(
    m: ManoeuvreState,
    time: number,
    lat: number,
    lon: number,
    alt: number | null,
    emit: EmitManoeuvre,
  ): void {
    const cfg = this.config;
    if (alt !== null && alt > this.ceilingM) {
      // Above the holding ceiling the turn is not needed: cruising aircraft cost nothing.
      if (m.holding) this.endHolding(m, 'LEFT_PATTERN', emit);
      if (m.headingTime !== null) {
        m.headingTime = null;
        m.bearingDeg = null;
        m.anchors.length = 0;
      }
      return;
    }
    if (m.headingTime === null || time - m.headingTime > cfg.positionGapMs) {
      // A gap breaks the turn's continuity: what the aircraft did meanwhile is unknown.
      if (m.holding) this.endHolding(m, 'GAP', emit);
      m.anchors.length = 0;
      m.bearingDeg = null;
      m.headingTime = time;
      m.headingLatitude = lat;
      m.headingLongitude = lon;
      return;
    }
    if (haversineKm(m.headingLatitude, m.headingLongitude, lat, lon) < cfg.headingStepKm) return;
    const bearing = bearingDeg(m.headingLatitude, m.headingLongitude, lat, lon);
    if (m.bearingDeg !== null) m.turnDeg += signedDifference(bearing, m.bearingDeg);
    m.bearingDeg = bearing;
    m.headingTime = time;
    m.headingLatitude = lat;
    m.headingLongitude = lon;
    this.holding(m, time, lat, lon, alt, emit);
  }

  /**
   * HOLDING: airborne below holdingCeilingFt, the cumulative turn grows by holdingTurnDeg
   * (a full orbit or racetrack lap) within holdingWindowMs, the altitude within a band of
   * holdingLevelBandFt, the track within holdingMaxExtentKm of where the turn began and back
   * within holdingClosureKm of it.
   * It lasts while the turn goes on in the same direction, and ends holdingEndMs after it
   * last advanced (or at a landing, a gap, the end of input).
   */
  private holding(
    m: ManoeuvreState,
    time: number,
    lat: number,
    lon: number,
    alt: number | null,
    emit: EmitManoeuvre,
  ): void {
    const cfg = this.config;
    const anchors = m.anchors;
    for (const a of anchors) {
      if (alt !== null) {
        if (a.minAltitudeM === null || alt < a.minAltitudeM) a.minAltitudeM = alt;
        if (a.maxAltitudeM === null || alt > a.maxAltitudeM) a.maxAltitudeM = alt;
      }
      const km = haversineKm(a.latitude, a.longitude, lat, lon);
      if (km > a.maxDistanceKm) a.maxDistanceKm = km;
    }
    while (anchors.length > 0 && time - (anchors[0] as TurnAnchor).time > cfg.holdingWindowMs) {
      anchors.shift();
    }
    const h = m.holding;
    if (h) {
      const progress = h.direction * (m.turnDeg - h.advanceTurnDeg);
      if (progress >= ADVANCE_STEP_DEG) {
        h.advanceTurnDeg = m.turnDeg;
        h.lastAdvanceTime = time;
      }
      if (time - h.lastAdvanceTime > cfg.holdingEndMs || progress <= -REVERSAL_DEG) {
        this.endHolding(m, 'LEFT_PATTERN', emit);
      } else {
        sampleEvidence(h, point(time, lat, lon, alt), cfg.evidencePoints);
      }
    } else {
      // A full turn, level and compact, since an anchor the track has come back to (around a
      // fix the track closes on itself; a circuit after a go-around turns as much but ends on
      // final, far from where it turned away). The pattern starts at the newest anchor a full
      // turn back: as late as the turn allows.
      let start = -1;
      let closed = false;
      for (let i = anchors.length - 1; i >= 0; i--) {
        const a = anchors[i] as TurnAnchor;
        if (!this.fullTurnSince(a, m.turnDeg)) continue;
        if (start < 0) start = i;
        if (haversineKm(a.latitude, a.longitude, lat, lon) <= cfg.holdingClosureKm) {
          closed = true;
          break;
        }
      }
      if (closed) {
        const a = anchors[start] as TurnAnchor;
        const turned = m.turnDeg - a.turnDeg;
        const holding: HoldingProgress = {
          startTime: a.time,
          direction: turned > 0 ? 1 : -1,
          startTurnDeg: a.turnDeg,
          advanceTurnDeg: m.turnDeg,
          lastAdvanceTime: time,
          evidence: [],
          evidenceStrideMs: cfg.anchorIntervalMs,
        };
        // The lap that revealed it is part of it: its anchors are its first evidence.
        for (let j = start; j < anchors.length; j++) {
          const b = anchors[j] as TurnAnchor;
          const p = point(b.time, b.latitude, b.longitude, b.altitudeM);
          sampleEvidence(holding, p, cfg.evidencePoints);
        }
        sampleEvidence(holding, point(time, lat, lon, alt), cfg.evidencePoints);
        m.holding = holding;
      }
    }
    const last = anchors[anchors.length - 1];
    if (!last || time - last.time >= cfg.anchorIntervalMs) {
      anchors.push({
        time,
        turnDeg: m.turnDeg,
        latitude: lat,
        longitude: lon,
        altitudeM: alt,
        minAltitudeM: alt,
        maxAltitudeM: alt,
        maxDistanceKm: 0,
      });
    }
  }

  /** A full turn since the anchor, within the level band and the extent. */
  private fullTurnSince(a: TurnAnchor, turnDeg: number): boolean {
    if (Math.abs(turnDeg - a.turnDeg) < this.config.holdingTurnDeg) return false;
    if (a.maxDistanceKm > this.config.holdingMaxExtentKm) return false;
    if (a.minAltitudeM === null || a.maxAltitudeM === null) return true;
    return a.maxAltitudeM - a.minAltitudeM <= this.levelBandM;
  }

  /** Publishes the holding in progress, from its start to where it last advanced. */
  private endHolding(m: ManoeuvreState, reason: HoldingEnd, emit: EmitManoeuvre): void {
    const h = m.holding;
    if (!h) return;
    m.holding = null;
    // Its turns are spent: the next holding needs a full turn of its own.
    m.anchors.length = 0;
    const end = h.lastAdvanceTime;
    const evidence = h.evidence.filter((p) => p.time <= end);
    let lat = 0;
    let lon = 0;
    let low: number | null = null;
    let high: number | null = null;
    for (const p of evidence) {
      lat += p.latitude;
      lon += p.longitude;
      if (p.altitudeM !== null) {
        if (low === null || p.altitudeM < low) low = p.altitudeM;
        if (high === null || p.altitudeM > high) high = p.altitudeM;
      }
    }
    const n = Math.max(1, evidence.length);
    m.holdings += 1;
    const attributes: Record<string, string> = {
      endedAt: String(end),
      durationSeconds: String(Math.round((end - h.startTime) / 1000)),
      turnDegrees: String(Math.round(Math.abs(h.advanceTurnDeg - h.startTurnDeg))),
      direction: h.direction > 0 ? 'RIGHT' : 'LEFT',
      endReason: reason,
    };
    if (low !== null && high !== null) {
      attributes.minAltitudeM = low.toFixed(0);
      attributes.maxAltitudeM = high.toFixed(0);
    }
    emit({
      type: 'HOLDING',
      idSuffix: `HOLDING-${m.holdings}`,
      time: h.startTime,
      latitude: lat / n,
      longitude: lon / n,
      airportIcao: null,
      attributes,
      evidence,
    });
  }
}

/**
 * Keeps at most `limit` points spread over the manoeuvre: a point is taken when the stride
 * has passed since the last one; when full, every other point goes and the stride doubles.
 */
function sampleEvidence(h: HoldingProgress, p: TrackPoint, limit: number): void {
  const points = h.evidence;
  const last = points[points.length - 1];
  if (last && p.time - last.time < h.evidenceStrideMs) return;
  points.push(p);
  if (points.length <= limit) return;
  h.evidence = points.filter((_, i) => i % 2 === 0);
  h.evidenceStrideMs *= 2;
}

function point(time: number, latitude: number, longitude: number, altitudeM: number | null) {
  return { time, latitude, longitude, altitudeM };
}

/** Initial great-circle bearing from one point to another, degrees [-180, 180]. */
function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const phi1 = lat1 * RAD;
  const phi2 = lat2 * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const y = Math.sin(dLon) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLon);
  return Math.atan2(y, x) / RAD;
}

/** b − a folded into (−180, 180]: the turn from heading a to heading b, right positive. */
function signedDifference(b: number, a: number): number {
  let d = (b - a) % 360;
  if (d > 180) d -= 360;
  else if (d <= -180) d += 360;
  return d;
}
