/**
 * pnpm overfly backbill <recording...> [--dry-run] [--topic-prefix P]
 *
 * What a billing office does every month: bill recorded flights at their recorded dates.
 * The recordings go through the same cores as the live pipeline (fir-analyser's engine,
 * fee-calculator's passages and pricing, with the same variables: FIR_GEOJSON, FIR_EXCLUDE,
 * LATENESS, FLIGHT_GAP, TARIFF_DIR, AIRCRAFT_REGISTRY, MTOW_OVERRIDES, DISTANCE_BASIS), and
 * each passage's charge is published to charges.calculated, where invoice-writer bills it
 * like any other (exactly once: a second run changes nothing). --dry-run prints the charges
 * as JSON lines instead. A summary goes to stderr. Exit 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { loadPricingSetup } from '@overfly/charges';
import {
  ConfigError,
  commonConfig,
  defineConfig,
  kafkaEndpointsFromEnv,
  loadToolConfig,
} from '@overfly/config';
import { defaultAirports } from '@overfly/geo';
import { createKafkaRuntime } from '@overfly/kafka';
import { pricingChoiceOf, pricingConfig } from '../../services/fee-calculator/src/config.js';
import { engineConfig, firLayerOf, trackConfigOf } from '../../services/fir-analyser/src/config.js';
import { chargesOfRecordings } from './charges-of-recordings.js';
import { summarise } from './summary.js';

const usage = 'usage: pnpm overfly backbill <recording...> [--dry-run] [--topic-prefix P]';

const schema = defineConfig({
  TOPIC_PREFIX: commonConfig.TOPIC_PREFIX,
  ...engineConfig,
  ...pricingConfig,
});

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`backbill: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  let config: ReturnType<typeof loadToolConfig<typeof schema>>;
  try {
    config = loadToolConfig(schema, {
      TOPIC_PREFIX: { flag: '--topic-prefix', value: values['topic-prefix'] },
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`backbill: ${error.message}\n${usage}`);
    return 2;
  }
  try {
    const result = await chargesOfRecordings(
      positionals,
      { layer: firLayerOf(config), airports: defaultAirports(), track: trackConfigOf(config) },
      loadPricingSetup(pricingChoiceOf(config)),
      {
        calculatedAt: Date.now(),
        onInvalid: (path, row) =>
          console.error(`${path}:${row.line}: ${row.reason}: ${row.message}`),
      },
    );
    if (values['dry-run']) {
      for (const charge of result.charges) process.stdout.write(`${JSON.stringify(charge)}\n`);
    } else {
      const runtime = createKafkaRuntime({
        ...kafkaEndpointsFromEnv(),
        service: 'backbill',
        topicPrefix: config.TOPIC_PREFIX,
      });
      try {
        const producer = await runtime.producer();
        // Keyed by passage id, as fee-calculator keys its charges.
        await producer.send(
          'charges.calculated',
          result.charges.map((c) => ({ key: c.crossingId, value: c })),
        );
      } finally {
        await runtime.close();
      }
    }
    console.error(
      summarise(result, values['dry-run'] ? 'printed' : 'published to charges.calculated'),
    );
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    console.error(
      `backbill: ${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'topic-prefix': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
}
