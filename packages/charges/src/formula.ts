/**
 * The EUROCONTROL en-route charge, Commission Implementing Regulation (EU) 2019/317, Annex VIII:
 *
 *   r = t × N,  N = d × p   (per charging zone)
 *
 * Annex VIII 1.2 — d: the great-circle distance in km between the aerodrome of departure in, or
 * the entry point into, the charging zone and the aerodrome of arrival in, or the exit point
 * from, it, "reduced by 20 kilometres for each take-off from and for each landing in the
 * charging zone", divided by one hundred. 2019/317 is silent on rounding d; it is taken to two
 * decimals (whole km) as the EUROCONTROL route-charges rules always did (e.g. UK SI 1997/2920
 * reg. 6(3)(a): "divided by 100 and expressed to two places of decimals") and as the
 * charges.calculated schema records it.
 *
 * Annex VIII 1.3 — p: "expressed as a figure taken to two decimal places, shall be the square
 * root of the quotient obtained by dividing by fifty the number of metric tons expressed as a
 * figure taken to one decimal in the certificated maximum take-off weight"; 1.4 — "where an
 * aircraft has multiple certificated maximum take-off weights, the highest one shall be used".
 *
 * All three roundings here ("taken to" one or two decimals) are read as round half up; they
 * are part of the definition of d and p, not money rounding. Money is rounded once, at the
 * line (lineAmountMinor).
 */
import { ChargesError } from './errors.js';
import { roundHalfAwayFromZero } from './money.js';

/** Annex VIII 1.2: the notional distance deducted per take-off and per landing in the zone. */
export const TAKE_OFF_LANDING_DEDUCTION_KM = 20;

/**
 * Chargeable distance in km: `baseKm` less 20 km per take-off and per landing, never below 0
 * (a short hop inside one zone costs nothing rather than a credit).
 */
export function chargeableDistanceKm(baseKm: number, takeOffs: number, landings: number): number {
  if (!Number.isFinite(baseKm) || baseKm < 0)
    throw new ChargesError('CHARGES_DISTANCE_INVALID', `distance ${baseKm} km`);
  return Math.max(0, baseKm - TAKE_OFF_LANDING_DEDUCTION_KM * (takeOffs + landings));
}

/** d in hundredths (d × 100 = whole km, rounded half up). 1234.5 km → 1235 → d = 12.35. */
export function distanceFactorHundredths(chargeableKm: number): number {
  if (!Number.isFinite(chargeableKm) || chargeableKm < 0)
    throw new ChargesError('CHARGES_DISTANCE_INVALID', `distance ${chargeableKm} km`);
  return Math.floor(chargeableKm + 0.5);
}

/** MTOW in tenths of a metric tonne, rounded half up (Annex VIII 1.3 "taken to one decimal"). */
export function mtowTenthsOfTonne(mtowKg: number): number {
  return Math.floor(mtowKg / 100 + 0.5);
}

/**
 * p in hundredths, exact: p × 100 = sqrt(T / 50) × 100 = sqrt(20 × T10) with T10 the MTOW in
 * tenths of a tonne, so p × 100 is the integer nearest to sqrt(X), X = 20 × T10. sqrt(X) is
 * never exactly k + 0.5 for an integer X, so "half up" has no tie to break, and an integer
 * square root avoids any float error: 79,000 kg → T10 = 790, X = 15,800,
 * sqrt = 125.698… → p = 1.26.
 */
export function weightFactorHundredths(mtowKg: number): number {
  if (!Number.isFinite(mtowKg) || mtowKg <= 0)
    throw new ChargesError('CHARGES_AIRCRAFT_TABLE_INVALID', `MTOW ${mtowKg} kg`);
  const x = 20n * BigInt(mtowTenthsOfTonne(mtowKg));
  const k = isqrt(x);
  // sqrt(x) ≥ k + 0.5 ⇔ x ≥ k² + k + 0.25 ⇔ x > k² + k for integers.
  return Number(x - k * k > k ? k + 1n : k);
}

function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  while (r * r > x) r--;
  while ((r + 1n) * (r + 1n) <= x) r++;
  return r;
}

export interface LineInputs {
  /** d × 100 */
  dHundredths: number;
  /** p × 100 */
  pHundredths: number;
  /** t in minor units of the tariff currency (73.24 EUR → 7324). */
  unitRateMinor: bigint;
  tariffDigits: number;
  billingDigits: number;
  /** 1 unit of tariff currency = rateNum / rateDen units of billing currency (1/1 if same). */
  rateNum: bigint;
  rateDen: bigint;
}

/**
 * r = t × d × p (× exchange rate), in minor units of the billing currency, rounded once (half
 * away from zero). Everything before this is exact integer arithmetic:
 *   r_minor = t_minor × d100 × p100 × 10^billingDigits × rateNum
 *             / (10^4 × 10^tariffDigits × rateDen)
 */
export function lineAmountMinor(input: LineInputs): number {
  const num =
    input.unitRateMinor *
    BigInt(input.dHundredths) *
    BigInt(input.pHundredths) *
    10n ** BigInt(input.billingDigits) *
    input.rateNum;
  const den = 10_000n * 10n ** BigInt(input.tariffDigits) * input.rateDen;
  const minor = roundHalfAwayFromZero(num, den);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ChargesError('CHARGES_AMOUNT_OVERFLOW', `${minor} minor units`);
  return Number(minor);
}
