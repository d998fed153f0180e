export type { AircraftFiles, AircraftTables, AircraftType, Mtow } from './aircraft.js';
export {
  aircraftTables,
  loadAircraftTables,
  operatorFromCallsign,
  parseMtowOverrides,
  parsePsAircraftParams,
  parseRegistry,
} from './aircraft.js';
export type { LineError, PricedLines } from './batch.js';
export { parseCrossingLine, priceCrossings } from './batch.js';
export {
  DATA_DIR,
  DEFAULT_AIRCRAFT_FILES,
  DEFAULT_TARIFF_DIR,
  defaultAircraftTables,
  defaultTariff,
} from './defaults.js';
export type { ChargesErrorCode, ChargesErrorLocation } from './errors.js';
export { ChargesError, chargesErrors } from './errors.js';
export type { ExemptionDecision, FlightFacts } from './exemptions.js';
export { EXEMPT_BELOW_KG } from './exemptions.js';
export {
  chargeableDistanceKm,
  distanceFactorHundredths,
  lineAmountMinor,
  mtowTenthsOfTonne,
  TAKE_OFF_LANDING_DEDUCTION_KM,
  weightFactorHundredths,
} from './formula.js';
export { assertCurrency, currencyExponent, roundHalfAwayFromZero } from './money.js';
export {
  type AssemblerClock,
  type FlightPassages,
  PassageAssembler,
  type PassageAssemblerOptions,
} from './passages/assembler.js';
export { describePassage, type ZonePassage } from './passages/passage.js';
export type { CrossingInput, PricingContext, PricingOptions } from './price.js';
export { chargeIdOf, priceCrossing, pricePassage } from './price.js';
export { loadPricingSetup, type PricingChoice, type PricingSetup } from './pricing-setup.js';
export type { ExemptionCode, OptionalExemption, UnpricedReason } from './reasons.js';
export { exemptionRules, unpricedReasons } from './reasons.js';
export type { ExchangeRate, Tariff, TariffManifest, TariffSources, UnitRate } from './tariffs.js';
export { loadTariff, parseTariff } from './tariffs.js';
export { validateCrossing } from './validate-crossing.js';
