import type { TypePerformance } from './aircraft.js';
import type { Rng } from './prng.js';
import { METRES_PER_FOOT } from './profile.js';

// ICAO Standard Atmosphere (Doc 7488): 288.15 K at sea level, -6.5 K/km up to the
// tropopause at 11,000 m, 216.65 K above; speed of sound sqrt(γ R T), γ = 1.4,
// R = 287.05287 J/(kg K).
const SEA_LEVEL_K = 288.15;
const LAPSE_K_PER_M = 0.0065;
const TROPOPAUSE_M = 11_000;
const GAMMA_R = 1.4 * 287.05287;
/** g₀ / (L R) − 1, with g₀ = 9.80665 m/s²: the density ratio's exponent below the tropopause. */
const DENSITY_EXPONENT = 9.80665 / (LAPSE_K_PER_M * 287.05287) - 1;

function isaSpeedOfSoundMs(altitudeM: number): number {
  const kelvin = SEA_LEVEL_K - LAPSE_K_PER_M * Math.min(altitudeM, TROPOPAUSE_M);
  return Math.sqrt(GAMMA_R * kelvin);
}

/**
 * True airspeed for an indicated airspeed at a pressure altitude in the ISA (Doc 7488):
 * TAS = EAS / √σ, with σ = (T / T₀)^(g₀ / (L R) − 1) = (T / T₀)^4.2559 below the tropopause.
 * IAS is taken as EAS: compressibility moves it by under 2 % below 250 kt and FL150.
 */
export function trueAirspeedMs(indicatedMs: number, altitudeM: number): number {
  const ratio = (SEA_LEVEL_K - LAPSE_K_PER_M * Math.min(altitudeM, TROPOPAUSE_M)) / SEA_LEVEL_K;
  return indicatedMs / Math.sqrt(ratio ** DENSITY_EXPONENT);
}

/** True airspeed at the type's design cruise Mach at that altitude (no wind: also ground speed). */
export function cruiseSpeedMs(performance: TypePerformance, altitudeM: number): number {
  return performance.cruiseMach * isaSpeedOfSoundMs(altitudeM);
}

/** The flight levels airliners cruise at in the engine: FL300 to FL390. */
const LOWEST_CRUISE_FL = 300;
const HIGHEST_CRUISE_FL = 390;

/**
 * A cruise level by the semicircular rule (ICAO Annex 2, Appendix 3, with RVSM): odd
 * thousands (FL310, 330…) for tracks 000–179°, even ones (FL300, 320…) for 180–359°. The
 * rule is on magnetic track; the engine uses the true initial course, having no variation
 * model. Capped by the type's ceiling.
 */
export function cruiseLevel(courseDeg: number, performance: TypePerformance, rng: Rng): number {
  const eastbound = courseDeg < 180;
  const top = Math.min(HIGHEST_CRUISE_FL, performance.maxFl);
  const levels: number[] = [];
  for (let fl = LOWEST_CRUISE_FL; fl <= top; fl += 10) {
    if ((fl / 10) % 2 === (eastbound ? 1 : 0)) levels.push(fl);
  }
  return levels.length > 0 ? rng.pick(levels) : Math.floor(top / 10) * 10;
}

export function flightLevelToMetres(fl: number): number {
  return fl * 100 * METRES_PER_FOOT;
}
