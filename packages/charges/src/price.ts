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
import {
  type ExemptionCode,
  exemptionRules,
  type UnpricedReason,
  unpricedReasons,
} from './reasons.js';
import type { Tariff } from './tariffs.js';

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
 * Prices one crossing. Never throws for a missing input: an unknown aircraft, zone or rate
 * gives an UNPRICED charge with its reason. Throws ChargesError only for malformed input
 * (negative distance, amount overflow).
 */
export function priceCrossing(
  crossing: CrossingInput,
  facts: FlightFacts,
  ctx: PricingContext,
): ChargeCalculated {
  const { tariff, aircraft, options } = ctx;
  const basis = options.distanceBasis ?? 'GREAT_CIRCLE';
  const baseKm = basis === 'FLOWN' ? crossing.flownDistanceKm : crossing.greatCircleDistanceKm;
  for (const [name, km] of [
    ['greatCircleDistanceKm', crossing.greatCircleDistanceKm],
    ['flownDistanceKm', crossing.flownDistanceKm],
  ] as const)
    if (!Number.isFinite(km) || km < 0)
      throw new ChargesError(
        'CHARGES_DISTANCE_INVALID',
        `${name} ${km} in crossing ${crossing.crossingId}`,
      );

  const takeOffs = crossing.departureAirport ? 1 : 0;
  const landings = crossing.arrivalAirport ? 1 : 0;
  const distanceKm = chargeableDistanceKm(baseKm, takeOffs, landings);
  const d100 = distanceFactorHundredths(distanceKm);
  const month = utcMonth(crossing.entryTime);
  const zone = tariff.zoneOf(crossing.firId);
  const type = aircraft.typeOf(crossing.icao24);
  const mtow = type ? aircraft.mtowOf(type.type) : undefined;
  const p100 = mtow ? weightFactorHundredths(mtow.kg) : null;

  const base: ChargeCalculated = {
    chargeId: chargeIdOf(crossing.crossingId, tariff.version),
    crossingId: crossing.crossingId,
    flightId: crossing.flightId,
    icao24: crossing.icao24,
    callsign: crossing.callsign,
    operatorIcao: operatorFromCallsign(crossing.callsign),
    aircraftType: type?.type ?? null,
    mtowKg: mtow?.kg ?? null,
    mtowSource: mtow?.source ?? null,
    firId: crossing.firId,
    chargingZone: zone?.zone ?? null,
    flightDate: utcEpochDay(crossing.entryTime),
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
  };
  const unpriced = (code: UnpricedReason, detail: string): ChargeCalculated => ({
    ...base,
    status: 'UNPRICED',
    reason: `${code}: ${unpricedReasons[code]} (${detail})`,
  });
  const exempt = (code: ExemptionCode, detail: string): ChargeCalculated => ({
    ...base,
    status: 'EXEMPT',
    exemptionCode: code,
    reason: `${code}: ${exemptionRules[code].meaning} (${detail})`,
  });

  if (crossing.status !== 'FINAL')
    return unpriced('CROSSING_NOT_FINAL', `status ${crossing.status}`);
  if (!zone) return unpriced('NO_CHARGING_ZONE', `FIR ${crossing.firId}`);

  const byFlight = flightExemption(
    facts,
    crossing.callsign,
    tariff.optionalExemptions(zone.zone),
    tariff.calibrationCallsignPrefixes,
  );
  if (byFlight) return exempt(byFlight.code, byFlight.detail);

  if (!type) return unpriced('UNKNOWN_AIRCRAFT_TYPE', `icao24 ${crossing.icao24}`);
  if (!mtow || p100 === null) return unpriced('NO_MTOW', `type ${type.type}`);
  if (mtow.kg < EXEMPT_BELOW_KG)
    return exempt('EXEMPT_UNDER_2T', `${type.type} MTOW ${mtow.kg} kg`);

  const rate = tariff.unitRate(zone.zone, month);
  if (!rate)
    return unpriced('NO_UNIT_RATE', `zone ${zone.zone}, ${month}, tariff ${tariff.version}`);
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
        ...unpriced('NO_EXCHANGE_RATE', `${rate.currency} → ${tariff.billingCurrency}, ${month}`),
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
