/**
 * pnpm overfly charge [crossings.jsonl | -] [--tariff DIR] [--registry FILE]... [--mtow-overrides FILE]...
 *                     [--distance great-circle|flown]
 *
 * The EUROCONTROL en-route charge of each charging-zone passage, as JSON lines on stdout
 * (one charges.calculated record per passage, assembled from consecutive FINAL crossings of
 * a flight in one zone, as fee-calculator does), from crossings as JSON lines (what
 * `pnpm overfly crossings` prints), read from a file or stdin. It prices with the tables
 * fee-calculator would: the same variables (TARIFF_DIR, AIRCRAFT_REGISTRY, MTOW_OVERRIDES,
 * DISTANCE_BASIS) through the same fields, each overridden by its flag. Bad lines and a
 * summary go to stderr; the exit code is 1 when a line could not be priced, 2 on a usage
 * error (a bad flag or variable).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ChargesError,
  loadPricingSetup,
  type PricingContext,
  priceCrossings,
} from '@overfly/charges';
import { ConfigError, loadToolConfig } from '@overfly/config';
import { pricingChoiceOf, pricingConfigSchema } from '../config.js';

const usage =
  'usage: pnpm overfly charge [crossings.jsonl | -] [--tariff DIR] [--registry FILE]... [--mtow-overrides FILE]... [--distance great-circle|flown]';

async function readAll(path: string | undefined): Promise<string> {
  if (path !== undefined && path !== '-') return readFileSync(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`charge: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    console.error(usage);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(usage);
    return 2;
  }
  let config: ReturnType<typeof loadToolConfig<typeof pricingConfigSchema>>;
  try {
    config = loadToolConfig(pricingConfigSchema, {
      TARIFF_DIR: { flag: '--tariff', value: values.tariff },
      AIRCRAFT_REGISTRY: { flag: '--registry', value: values.registry },
      MTOW_OVERRIDES: { flag: '--mtow-overrides', value: values['mtow-overrides'] },
      // The flag's spelling (great-circle) is the variable's value in lower case with '-'.
      DISTANCE_BASIS: { flag: '--distance', value: values.distance?.replaceAll('-', '_') },
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`charge: ${error.message}\n${usage}`);
    return 2;
  }
  try {
    const ctx: PricingContext = {
      ...loadPricingSetup(pricingChoiceOf(config)),
      options: { distanceBasis: config.DISTANCE_BASIS, calculatedAt: Date.now() },
    };
    const text = await readAll(positionals[0]);
    const { charges, errors, provisional } = priceCrossings(text.split(/\r?\n/), ctx);
    for (const charge of charges) process.stdout.write(`${JSON.stringify(charge)}\n`);
    for (const e of errors)
      console.error(
        `${positionals[0] ?? 'stdin'}${e.line > 0 ? `:${e.line}` : ''}: ${e.code}: ${e.message}`,
      );
    const count = (status: string) => charges.filter((c) => c.status === status).length;
    console.error(
      `${charges.length} charges, one per charging-zone passage (${count('PRICED')} priced, ${count('EXEMPT')} exempt, ${count('UNPRICED')} unpriced), ${errors.length} bad lines, ${provisional} PROVISIONAL crossings not priced, tariff ${ctx.tariff.version}`,
    );
    return errors.length > 0 ? 1 : 0;
  } catch (error) {
    const code = error instanceof ChargesError ? `${error.code}: ` : '';
    console.error(`charge: ${code}${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tariff: { type: 'string' },
      registry: { type: 'string', multiple: true },
      'mtow-overrides': { type: 'string', multiple: true },
      distance: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
}
