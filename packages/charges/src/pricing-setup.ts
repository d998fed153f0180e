import { defaultAircraftTables, defaultTariff } from './defaults.js';
import type { PricingContext, PricingOptions } from './price.js';
import { loadTariff } from './tariffs.js';

/** What prices every crossing of a run: tables and options, without the clock. */
export type PricingSetup = Omit<PricingContext, 'options'> & {
  options: Omit<PricingOptions, 'calculatedAt'>;
};

/** Where the tables come from: a service's variables or a tool's flags, already parsed. */
export interface PricingChoice {
  /** A tariff folder; the shipped one (data/tariffs) when unset. */
  tariffDir?: string | undefined;
  /** icao24 → type tables added after the shipped registry (theirs win). */
  registries?: readonly string[] | undefined;
  /** type → MTOW tables applied after the shipped overrides (theirs win). */
  mtowOverrides?: readonly string[] | undefined;
  distanceBasis: NonNullable<PricingOptions['distanceBasis']>;
}

/**
 * Loads the tariff and aircraft tables a run prices with: the one way fee-calculator and
 * `pnpm overfly charge` build their pricing context (a bad table throws a ChargesError
 * naming its file and line).
 */
export function loadPricingSetup(choice: PricingChoice): PricingSetup {
  return {
    tariff: choice.tariffDir ? loadTariff(choice.tariffDir) : defaultTariff(),
    aircraft: defaultAircraftTables({
      registries: [...(choice.registries ?? [])],
      mtowOverrides: [...(choice.mtowOverrides ?? [])],
    }),
    options: { distanceBasis: choice.distanceBasis },
  };
}
