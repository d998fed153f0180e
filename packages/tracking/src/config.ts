import type { PositionSource } from '@overfly/schemas';
import { TrackingError } from './errors.js';

/** Every threshold of the engine; README "Rules" gives each one's reason. */
export interface TrackConfig {
  /** Reorder window per aircraft; 0 disables buffering. */
  latenessMs: number;
  /** A gap longer than this ends the flight (and expires an idle aircraft). */
  gapMs: number;
  /** A gap longer than this inside a flight raises POSITION_GAP. */
  positionGapMs: number;
  /** Fastest plausible ground speed. */
  maxSpeedKt: number;
  /** Position noise allowed on top of maxSpeedKt × dt (stale or quantised positions). */
  positionNoiseKm: number;
  /** Fastest plausible vertical rate; a faster altitude change is dropped as a spike. */
  maxVerticalRateMs: number;
  /** Altitudes above this (or below -500 m) are dropped as spikes. */
  maxAltitudeM: number;
  /** A candidate track must last this long before it can be promoted. */
  candidateConfirmMs: number;
  /** ... and hold at least this many fixes. */
  candidateMinFixes: number;
  /** Fixes kept per candidate (the first, then the most recent). */
  candidateMaxFixes: number;
  /** Above highAltitudeM a track slower than this is not an aircraft in flight. */
  minAirborneSpeedKt: number;
  highAltitudeM: number;
  /** A FIR visit shorter than this that returns to the previous FIR is boundary noise. */
  minCrossingMs: number;
  /** Take-off / landing: aerodrome search radius and height above it. */
  airportRadiusKm: number;
  airportMaxHeightFt: number;
  /**
   * A landing needs this many consecutive ground reports, spanning at least landingConfirmMs,
   * each slower than maxTouchdownSpeedKt: one glitched on-ground flag is not a landing.
   */
  landingConfirmReports: number;
  landingConfirmMs: number;
  maxTouchdownSpeedKt: number;
  /** Below this speed (with no on-ground flag) a fix is taken as on the ground. */
  groundSpeedMaxMs: number;
  /** ... but only below this altitude. */
  groundAltitudeMaxM: number;
  /** Heading points (the turn is measured between them) are at least this far apart. */
  headingStepKm: number;
  /** HOLDING: a turn this large (a full orbit or racetrack lap) ... */
  holdingTurnDeg: number;
  /** ... within this long ... */
  holdingWindowMs: number;
  /** ... with the altitude inside a band this high ... */
  holdingLevelBandFt: number;
  /** ... below this altitude ... */
  holdingCeilingFt: number;
  /** ... the track never farther than this from where the turn began ... */
  holdingMaxExtentKm: number;
  /** ... and back within this of it (the pattern closes on itself). */
  holdingClosureKm: number;
  /** A holding ends once its turn has not advanced for this long. */
  holdingEndMs: number;
  /** The turn is measured from anchors this far apart in time. */
  anchorIntervalMs: number;
  /** GO_AROUND: down to this height above an aerodrome within airportRadiusKm ... */
  goAroundHeightFt: number;
  /** ... then this much higher than the lowest point ... */
  goAroundClimbFt: number;
  /** ... within this long of it, without a landing. */
  goAroundWindowMs: number;
  /** RETURN_TO_ORIGIN: landed where it took off after at least this long in the air ... */
  returnMinAirborneMs: number;
  /** ... having been at least this far from where it took off. */
  returnMinDistanceKm: number;
  /** At most this many positions in an event's evidence. */
  evidencePoints: number;
  /** Written into every crossing's `source`. */
  source: PositionSource;
}

export const defaultTrackConfig: Readonly<TrackConfig> = Object.freeze({
  latenessMs: 5_000,
  gapMs: 600_000,
  positionGapMs: 120_000,
  maxSpeedKt: 1_000,
  positionNoiseKm: 1,
  maxVerticalRateMs: 150,
  maxAltitudeM: 20_000,
  candidateConfirmMs: 30_000,
  candidateMinFixes: 3,
  candidateMaxFixes: 16,
  minAirborneSpeedKt: 150,
  highAltitudeM: 6_000,
  minCrossingMs: 10_000,
  airportRadiusKm: 10,
  airportMaxHeightFt: 1_500,
  landingConfirmReports: 3,
  landingConfirmMs: 5_000,
  maxTouchdownSpeedKt: 200,
  groundSpeedMaxMs: 25,
  groundAltitudeMaxM: 4_500,
  headingStepKm: 1,
  holdingTurnDeg: 360,
  holdingWindowMs: 600_000,
  holdingLevelBandFt: 1_000,
  holdingCeilingFt: 25_000,
  holdingMaxExtentKm: 40,
  holdingClosureKm: 5,
  holdingEndMs: 180_000,
  anchorIntervalMs: 30_000,
  goAroundHeightFt: 1_000,
  goAroundClimbFt: 500,
  goAroundWindowMs: 300_000,
  returnMinAirborneMs: 600_000,
  returnMinDistanceKm: 25,
  evidencePoints: 30,
  source: 'UNKNOWN',
});

const nonNegative: readonly (keyof TrackConfig)[] = [
  'latenessMs',
  'positionNoiseKm',
  'candidateConfirmMs',
  'minAirborneSpeedKt',
  'minCrossingMs',
  'airportRadiusKm',
  'airportMaxHeightFt',
  'groundSpeedMaxMs',
  'landingConfirmMs',
  'holdingLevelBandFt',
  'returnMinAirborneMs',
  'returnMinDistanceKm',
];
const positive: readonly (keyof TrackConfig)[] = [
  'gapMs',
  'positionGapMs',
  'maxSpeedKt',
  'maxVerticalRateMs',
  'maxAltitudeM',
  'candidateMinFixes',
  'candidateMaxFixes',
  'landingConfirmReports',
  'maxTouchdownSpeedKt',
  'headingStepKm',
  'holdingTurnDeg',
  'holdingWindowMs',
  'holdingCeilingFt',
  'holdingMaxExtentKm',
  'holdingClosureKm',
  'holdingEndMs',
  'anchorIntervalMs',
  'goAroundHeightFt',
  'goAroundClimbFt',
  'goAroundWindowMs',
  'evidencePoints',
];

/**
 * Defaults overlaid with `overrides`, checked once; throws TRACKING_CONFIG_INVALID naming
 * the key.
 */
export function resolveTrackConfig(overrides: Partial<TrackConfig> = {}): Readonly<TrackConfig> {
  const config: TrackConfig = { ...defaultTrackConfig };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of [...nonNegative, ...positive]) {
    const value = config[key];
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (positive.includes(key) ? value > 0 : value >= 0);
    if (!ok) throw new TrackingError('TRACKING_CONFIG_INVALID', `${key} = ${String(value)}`);
  }
  if (config.candidateMaxFixes < Math.max(2, config.candidateMinFixes)) {
    throw new TrackingError(
      'TRACKING_CONFIG_INVALID',
      'candidateMaxFixes < max(2, candidateMinFixes)',
    );
  }
  if (config.positionGapMs > config.gapMs) {
    throw new TrackingError('TRACKING_CONFIG_INVALID', 'positionGapMs > gapMs');
  }
  return Object.freeze(config);
}
