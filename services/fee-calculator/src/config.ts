import { commonConfig, defineConfig, type LoadedConfig, loadConfigOrExit } from '@overfly/config';
import { z } from 'zod';

export const feeConfigSchema = defineConfig({
  ...commonConfig,
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('fee-calculator')
    .describe('Consumer group of the calculator'),
  TARIFF_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Folder of tariff tables (tariff.json, charging-zones.csv, unit-rates.csv, …); the bundled sample when unset',
    ),
  AIRCRAFT_REGISTRY: z
    .string()
    .optional()
    .describe('Comma-separated extra icao24 → type CSV files, added to the bundled registry'),
  MTOW_OVERRIDES: z
    .string()
    .optional()
    .describe('Comma-separated CSV files of type → MTOW overrides (highest certified MTOW)'),
  DISTANCE_BASIS: z
    .enum(['GREAT_CIRCLE', 'FLOWN'])
    .default('GREAT_CIRCLE')
    .describe(
      "d in the formula: entry→exit great circle (the regulation's), or the distance flown",
    ),
});

export type FeeConfig = LoadedConfig<typeof feeConfigSchema>;

export function loadFeeConfig(): FeeConfig {
  return loadConfigOrExit(feeConfigSchema);
}
