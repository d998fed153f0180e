import {
  commonConfig,
  csv,
  defineConfig,
  duration,
  enumOf,
  type LoadedConfig,
  loadConfigOrExit,
} from '@overfly/config';
import { z } from 'zod';

/**
 * The variables that choose the tables a charge is priced with: read by the service and,
 * through the same fields, by `pnpm overfly charge` (whose flags override them).
 */
export const pricingConfig = {
  TARIFF_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Folder of tariff tables (tariff.json, charging-zones.csv, unit-rates.csv, …); the bundled sample when unset',
    ),
  AIRCRAFT_REGISTRY: csv()
    .optional()
    .describe('Comma-separated extra icao24 → type CSV files, added to the bundled registry'),
  MTOW_OVERRIDES: csv()
    .optional()
    .describe('Comma-separated CSV files of type → MTOW overrides (highest certified MTOW)'),
  DISTANCE_BASIS: enumOf(['GREAT_CIRCLE', 'FLOWN'])
    .default('GREAT_CIRCLE')
    .describe(
      "d in the formula: entry→exit great circle (the regulation's), or the distance flown",
    ),
};

export const pricingConfigSchema = defineConfig(pricingConfig);
export type PricingConfig = LoadedConfig<typeof pricingConfigSchema>;

export const feeConfigSchema = defineConfig({
  ...commonConfig,
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('fee-calculator')
    .describe('Consumer group of the calculator'),
  KAFKA_SESSION_TIMEOUT: duration()
    .default('6s')
    .describe(
      "How long the group waits for a silent (killed) member before giving its partitions to another; heartbeats every sixth of it. 6s is a stock broker's least (group.min.session.timeout.ms)",
    ),
  CHECKPOINT_INTERVAL: duration()
    .default('5s')
    .describe(
      'How often per-flight passage state is checkpointed to fee-calculator.state and offsets committed',
    ),
  RESTORE_TIMEOUT: duration()
    .default('120s')
    .describe('How long restoring state from fee-calculator.state may take'),
  PASSAGE_RETENTION: duration()
    .default('6h')
    .describe(
      "How long (event time) after a flight's last crossing its passages are remembered, to recognise a crossing sent again",
    ),
  ...pricingConfig,
});

export type FeeConfig = LoadedConfig<typeof feeConfigSchema>;

export function loadFeeConfig(): FeeConfig {
  return loadConfigOrExit(feeConfigSchema);
}

/** The parsed variables as packages/charges' choice of tables. */
export function pricingChoiceOf(config: PricingConfig) {
  return {
    tariffDir: config.TARIFF_DIR,
    registries: config.AIRCRAFT_REGISTRY,
    mtowOverrides: config.MTOW_OVERRIDES,
    distanceBasis: config.DISTANCE_BASIS,
  };
}
