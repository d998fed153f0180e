import { createHash } from 'node:crypto';
import type { ChargeCalculated, FirCrossing } from '@overfly/schemas';
import { type AircraftTables, operatorFromCallsign } from './aircraft.js';
import { ChargesError } from './errors.js';
import { EXEMPT_BELOW_KG, type FlightFacts, flightExemption } from './exemptions.js';
import {
  chargeableDistanceKm,
  distanceFactorHundredths,
  lineAmountMinor,
  weightFactorHundredths,
} from './formula.js';
import { utcEpochDay, utcMonth } from './month.js';
import { describePassage, singleCrossingPassage, type ZonePassage } from './passages/passage.js';
import {
  type ExemptionCode,
  exemptionRules,
  type UnpricedReason,
  unpricedReasons,
} from './reasons.js';
import type { Tariff } from './tariffs.js';
import { validateCrossing } from './validate-crossing.js';

const unpriced = (
  base: ChargeCalculated,
  code: UnpricedReason,
  detail: string,
): ChargeCalculated => ({
  ...base,
  status: 'UNPRICED',
  reason: `${code}: ${unpricedReasons[code]} (${detail})`,
});

const exempt = (base: ChargeCalculated, code: ExemptionCode, detail: string): ChargeCalculated => ({
  ...base,
  status: 'EXEMPT',
  exemptionCode: code,
  reason: `${code}: ${exemptionRules[code].meaning} (${detail})`,
});

/** A crossing as `pnpm overfly crossings` prints it (producedAt may be absent). */
export type CrossingInput = Omit<FirCrossing, 'producedAt'> & { producedAt?: number };

export interface PricingOptions {
  /**
   * GREAT_CIRCLE (default): entry → exit great-circle distance, as Annex VIII 1.2 defines d.
   * FLOWN: the distance flown inside the FIR — not the regulation's d, for what-if studies.
   */
  distanceBasis?: 'GREAT_CIRCLE' | 'FLOWN';
  /** When the charge is computed (epoch ms); a parameter so pricing stays a pure function. */
  calculatedAt: number;
}

export interface PricingContext {
  tariff: Tariff;
  aircraft: AircraftTables;
  options: PricingOptions;
}

/**
 * Deterministic id of the charge of one crossing under one tariff version: re-delivering the
 * crossing, or re-pricing it with the same tariff, yields the same id; a new tariff version
 * yields a new id, so both calculations stay traceable. Consumers keep the latest per crossingId.
 */
export function chargeIdOf(crossingId: string, tariffVersion: string): string {
  return `chg_${createHash('sha256').update(`${crossingId}\n${tariffVersion}`).digest('hex').slice(0, 32)}`;
}

/**
 * Prices one crossing on its own: a passage of that one crossing in the FIR's zone (a
 * PROVISIONAL crossing is not priced: UNPRICED CROSSING_NOT_FINAL). Charging zones are
 * priced per passage (pricePassage); this prices a FIR alone, as records of old were.
 */
export function priceCrossing(
  crossing: CrossingInput,
  facts: FlightFacts,
  ctx: PricingContext,
): ChargeCalculated {
  validateCrossing(crossing);
  const passage = singleCrossingPassage(crossing, ctx.tariff.zoneOf(crossing.firId)?.zone ?? null);
  if (crossing.status !== 'FINAL') {
    return {
      ...pricePassage(passage, facts, ctx),
      passage: null,
      status: 'UNPRICED',
      amount: null,
      unitRate: null,
      unitRateSource: null,
      exchangeRate: null,
      exchangeRateSource: null,
      exemptionCode: null,
      reason: `CROSSING_NOT_FINAL: ${unpricedReasons.CROSSING_NOT_FINAL} (status ${crossing.status})`,
    };
  }
  return pricePassage(passage, facts, ctx);
}

/**
 * Prices one charging-zone passage (Regulation (EU) 2019/317 Annex VIII 1.2: d is the great
 * circle from the entry point into, or the aerodrome of departure in, the zone to the exit
 * point from, or the aerodrome of arrival in, it, less 20 km per take-off and per landing in
 * the zone). Never throws for a missing input: an unknown aircraft, zone or rate gives an
 * UNPRICED charge with its reason. Throws ChargesError only for malformed input.
 */
export function pricePassage(
  passage: ZonePassage,
  facts: FlightFacts,
  ctx: PricingContext,
): ChargeCalculated {
  const { tariff, aircraft, options } = ctx;
  const first = passage.crossings[0];
  if (!first)
    throw new ChargesError('CHARGES_CROSSING_INVALID', `passage ${passage.passageId} is empty`);
  const described = describePassage(passage);
  const basis = options.distanceBasis ?? 'GREAT_CIRCLE';
  const baseKm = basis === 'FLOWN' ? described.flownDistanceKm : described.greatCircleDistanceKm;
  const distanceKm = chargeableDistanceKm(baseKm, described.takeOffs, described.landings);
  const d100 = distanceFactorHundredths(distanceKm);
  const month = utcMonth(described.entryTime);
  const zone = passage.zone === null ? undefined : tariff.zone(passage.zone);
  const type = aircraft.typeOf(passage.icao24);
  const mtow = type ? aircraft.mtowOf(type.type) : undefined;
  const p100 = mtow ? weightFactorHundredths(mtow.kg) : null;

  const base: ChargeCalculated = {
    chargeId: chargeIdOf(passage.passageId, tariff.version),
    crossingId: passage.passageId,
    flightId: passage.flightId,
    icao24: passage.icao24,
    callsign: passage.callsign,
    operatorIcao: operatorFromCallsign(passage.callsign),
    aircraftType: type?.type ?? null,
    mtowKg: mtow?.kg ?? null,
    mtowSource: mtow?.source ?? null,
    firId: first.firId,
    chargingZone: zone?.zone ?? null,
    flightDate: utcEpochDay(described.entryTime),
    tariffMonth: month,
    distanceKm,
    distanceBasis: basis,
    distanceFactor: d100 / 100,
    weightFactor: p100 === null ? null : p100 / 100,
    // N = d × p exactly (Annex VIII 1.1 rounds neither N nor the product): up to 4 decimals.
    serviceUnits: p100 === null ? null : (d100 * p100) / 10_000,
    unitRate: null,
    unitRateSource: null,
    exchangeRate: null,
    exchangeRateSource: null,
    amount: null,
    tariffVersion: tariff.version,
    status: 'UNPRICED',
    exemptionCode: null,
    reason: null,
    calculatedAt: options.calculatedAt,
    passage: described,
  };
  if (!zone) return unpriced(base, 'NO_CHARGING_ZONE', `FIR ${first.firId}`);

  const byFlight = flightExemption(
    facts,
    passage.callsign,
    tariff.optionalExemptions(zone.zone),
    tariff.calibrationCallsignPrefixes,
  );
  if (byFlight) return exempt(base, byFlight.code, byFlight.detail);

  if (!type) return unpriced(base, 'UNKNOWN_AIRCRAFT_TYPE', `icao24 ${passage.icao24}`);
  if (!mtow || p100 === null) return unpriced(base, 'NO_MTOW', `type ${type.type}`);
  if (mtow.kg < EXEMPT_BELOW_KG)
    return exempt(base, 'EXEMPT_UNDER_2T', `${type.type} MTOW ${mtow.kg} kg`);

  const rate = tariff.unitRate(zone.zone, month);
  if (!rate)
    return unpriced(base, 'NO_UNIT_RATE', `zone ${zone.zone}, ${month}, tariff ${tariff.version}`);
  const unitRate = { amountMinor: Number(rate.minor), currency: rate.currency };
  const unitRateSource = rate.source;

  let rateNum = 1n;
  let rateDen = 1n;
  let exchangeRate: string | null = null;
  let exchangeRateSource: string | null = null;
  if (rate.currency !== tariff.billingCurrency) {
    const fx = tariff.exchangeRate(month, rate.currency, tariff.billingCurrency);
    if (!fx)
      return {
        ...unpriced(
          base,
          'NO_EXCHANGE_RATE',
          `${rate.currency} → ${tariff.billingCurrency}, ${month}`,
        ),
        unitRate,
        unitRateSource,
      };
    rateNum = fx.rate.num;
    rateDen = fx.rate.den;
    exchangeRate = fx.rate.text;
    exchangeRateSource = fx.source;
  }

  const amountMinor = lineAmountMinor({
    dHundredths: d100,
    pHundredths: p100,
    unitRateMinor: rate.minor,
    tariffDigits: rate.digits,
    billingDigits: tariff.billingDigits,
    rateNum,
    rateDen,
  });
  return {
    ...base,
    unitRate,
    unitRateSource,
    exchangeRate,
    exchangeRateSource,
    amount: { amountMinor, currency: tariff.billingCurrency },
    status: 'PRICED',
  };
}
