/**
 * pnpm overfly network <scenario> [--json] [--seed N] [--start ISO]
 *
 * Compiles a network scenario (built-in name or file) and prints what the day holds: legs,
 * aircraft, bookings, passengers, cancellations and delays, and its ground truth. --json
 * prints the same summary as one JSON object. Exit 0 done, 2 bad usage or scenario.
 */
import { parseArgs } from 'node:util';
import { ConfigError, defineConfig, int, loadToolConfig } from '@overfly/config';
import { z } from 'zod';
import { ScenarioError } from '../errors.js';
import { compileNetworkScenario } from './compile.js';
import type { NetworkDay } from './model.js';

const USAGE =
  'usage: pnpm overfly network <scenario name or file> [--json] [--seed N] [--start ISO]';

const networkToolSchema = defineConfig({
  NETWORK_SCENARIO: z.string().min(1).describe('A network scenario: built-in name or JSON file'),
  NETWORK_SEED: int({ min: 0, max: 4_294_967_295 })
    .optional()
    .describe("Overrides the scenario's seed"),
  NETWORK_START: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const ms = Date.parse(text);
      if (!/(Z|[+-]\d{2}:\d{2})$/i.test(text) || !Number.isFinite(ms)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'expected an ISO 8601 time with its zone, like 2024-09-17T06:00:00Z',
        });
        return z.NEVER;
      }
      return ms;
    })
    .describe("Overrides the scenario's start"),
});

/** The figures of a day a person checks first. */
function summarise(day: NetworkDay, compileMs: number) {
  const outcomes = [...day.outcomes.values()];
  const flown = outcomes.filter((o) => o.status !== 'CANCELLED');
  const delays = flown.map((o) => o.departureDelayMinutes);
  return {
    name: day.name,
    start: new Date(day.start).toISOString(),
    end: new Date(day.end).toISOString(),
    seed: day.seed,
    compileMs: Math.round(compileMs),
    airports: day.airports.length,
    airlines: day.airlines.length,
    aircraft: day.aircraft.length,
    legs: day.legs.length,
    cancelled: outcomes.length - flown.length,
    diverted: outcomes.filter((o) => o.status === 'DIVERTED').length,
    returned: outcomes.filter((o) => o.status === 'RETURNED').length,
    late15: delays.filter((d) => d >= 15).length,
    late60: delays.filter((d) => d >= 60).length,
    meanDelayMinutes:
      Math.round((10 * delays.reduce((a, b) => a + b, 0)) / Math.max(1, delays.length)) / 10,
    bookings: day.bookings.length,
    connecting: day.bookings.filter((b) => b.itinerary.length > 1).length,
    passengers: day.bookings.reduce((n, b) => n + b.passengers.length, 0),
    weatherReports: day.weather.length,
    forecasts: day.forecasts.length,
    groundTruth: day.groundTruth.map((g) => ({
      id: g.id,
      pattern: g.pattern,
      major: g.major,
      airport: g.airportIcao,
      airline: g.operatorIcao,
      from: new Date(g.windowStart).toISOString(),
      to: new Date(g.windowEnd).toISOString(),
      legs: g.scheduleIds.length,
    })),
  };
}

function text(summary: ReturnType<typeof summarise>): string {
  const time = (iso: string) => iso.slice(11, 16);
  const lines = [
    `${summary.name}: ${summary.start} to ${summary.end}, seed ${summary.seed}, compiled in ${summary.compileMs} ms`,
    `  ${summary.airports} airports, ${summary.airlines} airlines, ${summary.aircraft} aircraft`,
    `  ${summary.legs} legs: ${summary.cancelled} cancelled, ${summary.diverted} diverted, ${summary.returned} returned; ${summary.late15} left 15+ min late, ${summary.late60} 60+ min (mean ${summary.meanDelayMinutes} min)`,
    `  ${summary.bookings} bookings (${summary.connecting} connecting), ${summary.passengers} passengers`,
    `  ${summary.weatherReports} METAR/SPECI, ${summary.forecasts} TAF`,
    `  ground truth: ${summary.groundTruth.length} items, ${summary.groundTruth.filter((g) => g.major).length} major`,
  ];
  for (const g of summary.groundTruth.filter((item) => item.pattern !== 'DELAY')) {
    lines.push(
      `    ${g.major ? 'MAJOR' : 'minor'}  ${g.pattern.padEnd(17)} ${time(g.from)}–${time(g.to)}  ${(g.airport ?? g.airline ?? '-').padEnd(4)}  ${String(g.legs).padStart(3)} legs  ${g.id}`,
    );
  }
  const delays = summary.groundTruth.filter((g) => g.pattern === 'DELAY');
  lines.push(
    `    and ${delays.length} DELAY items (${delays.filter((g) => g.major).length} major)`,
  );
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  let config: ReturnType<typeof loadToolConfig<typeof networkToolSchema>>;
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, seed: { type: 'string' }, start: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new Error('give one network scenario');
    json = values.json ?? false;
    config = loadToolConfig(
      networkToolSchema,
      {
        NETWORK_SCENARIO: { flag: '<scenario>', value: positionals[0] },
        NETWORK_SEED: { flag: '--seed', value: values.seed },
        NETWORK_START: { flag: '--start', value: values.start },
      },
      { env: {} },
    );
  } catch (error) {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : (error as Error).message}\n${USAGE}\n`,
    );
    return 2;
  }
  try {
    const started = performance.now();
    const day = compileNetworkScenario(config.NETWORK_SCENARIO, {
      ...(config.NETWORK_SEED === undefined ? {} : { seed: config.NETWORK_SEED }),
      ...(config.NETWORK_START === undefined ? {} : { start: config.NETWORK_START }),
    });
    const summary = summarise(day, performance.now() - started);
    process.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : text(summary));
    return 0;
  } catch (error) {
    if (error instanceof ScenarioError) {
      process.stderr.write(`${error.code}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
