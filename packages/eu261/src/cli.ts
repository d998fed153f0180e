/**
 * pnpm overfly eu261 <itinerary.json | -> [--json] [--airports FILE]
 *
 * What Regulation (EC) No 261/2004 owes the passenger of one booking, and why: the amount,
 * then each step of the reasoning with its article or judgment (README.md, "Input", for the
 * file). `--json` prints the assessment as the correlator gets it. `--airports` (variable
 * AIRPORTS_FILE) looks airports up in another table than the bundled one. Exit 0 with an
 * assessment, whether anything is owed or not; 2 on a usage error or an itinerary that cannot
 * be assessed, with a message naming the field; 1 when the bundled data cannot be read.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, defineConfig, loadToolConfig } from '@overfly/config';
import { type AirportIndex, defaultAirports, GeoError, loadAirports } from '@overfly/geo';
import { z } from 'zod';
import { assessCompensation } from './assess.js';
import { Eu261Error } from './errors.js';
import { readItinerary } from './input.js';
import { eur } from './text.js';
import type { Eu261Assessment, Itinerary } from './types.js';

const usage = 'usage: pnpm overfly eu261 <itinerary.json | -> [--json] [--airports FILE]';

const toolConfigSchema = defineConfig({
  AIRPORTS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Airport table (the compact CSV of data/airports or an OpenFlights airports.dat) the eu261 tool reads; default the bundled data/airports/airports.csv',
    ),
});

async function readAll(path: string): Promise<string> {
  if (path !== '-') return readFileSync(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`eu261: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    console.error(usage);
    return 0;
  }
  const [path] = positionals;
  if (path === undefined || positionals.length > 1) {
    console.error(usage);
    return 2;
  }
  let airports: AirportIndex;
  try {
    const config = loadToolConfig(toolConfigSchema, {
      AIRPORTS_FILE: { flag: '--airports', value: values.airports },
    });
    airports = config.AIRPORTS_FILE ? loadAirports(config.AIRPORTS_FILE) : defaultAirports();
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof GeoError)) throw error;
    const table = error instanceof GeoError ? '--airports (AIRPORTS_FILE): ' : '';
    console.error(`eu261: ${table}${error.message}\n${usage}`);
    return 2;
  }
  let text: string;
  try {
    text = await readAll(path);
  } catch (error) {
    console.error(`eu261: cannot read ${path}: ${error instanceof Error ? error.message : error}`);
    return 2;
  }
  try {
    const itinerary = readItinerary(text);
    const assessment = assessCompensation(itinerary, { airports });
    process.stdout.write(
      values.json
        ? `${JSON.stringify(assessment, null, 2)}\n`
        : `${describe(itinerary, assessment).join('\n')}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof Eu261Error)) throw error;
    console.error(`eu261: ${path}: ${error.code}: ${error.message}`);
    return error.code === 'EU261_TERRITORY_INVALID' ? 1 : 2;
  }
}

/** The human form: what is owed, the facts it rests on, then the reasoning step by step. */
function describe(itinerary: Itinerary, a: Eu261Assessment): string[] {
  const route = [itinerary.legs[0]?.from, ...itinerary.legs.map((leg) => leg.to)].join(' → ');
  const booking = itinerary.bookingRef ? `booking ${itinerary.bookingRef}, ` : '';
  const owed = a.eligible ? `${eur(a.amount.amountMinor)} owed` : 'nothing owed';
  const late =
    a.arrivalDelayMinutes === null
      ? 'arrival unknown'
      : `arrival ${a.arrivalDelayMinutes} min late`;
  const disruption =
    a.disruptedLeg === null ? a.disruption : `${a.disruption} on legs[${a.disruptedLeg}]`;
  const cause = a.cause
    ? `cause ${a.cause.kind}${a.extraordinary ? ' (extraordinary)' : ''}`
    : 'no cause';
  return [
    `EU261: ${owed} (${booking}${route})`,
    `band ${a.band} (${eur(a.bandAmount.amountMinor)}), ${a.distanceKm.toFixed(1)} km great circle, ${late}, ${disruption}, ${cause}, ${a.reductionApplied ? 'halved (Art. 7(2))' : 'no reduction'}`,
    'reasoning:',
    ...a.reasoning.map(
      (step, i) => `  ${i + 1}. ${step.topic} (${step.basis.join('; ')}): ${step.text}`,
    ),
  ];
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      airports: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
}
