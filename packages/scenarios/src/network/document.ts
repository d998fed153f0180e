/**
 * The network scenario document (README "Network scenarios"), validated with zod like the
 * flight scenario of schema.ts: strict objects, durations in @overfly/config's grammar, every
 * problem reported with its field. Rules that need the network or the compiled day (airports
 * exist, a leg can be found, a return happens in the air) are checked by compileNetworkScenario.
 */
import { z } from 'zod';
import { duration, issuesOf } from '../document-fields.js';
import { ScenarioError } from '../errors.js';

const offset = () => duration('an offset from the scenario start');
const airport = z
  .string()
  .regex(/^[A-Z0-9]{4}$/, 'expected a 4-character ICAO airport code like "EDDF"');
const airline = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected a 3-letter ICAO airline designator like "DLH"');
const share = z.number().min(0).max(1);
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected letters, digits, "-" or "_"')
  .optional();

const delayRange = z
  .object({ min: duration('the shortest delay'), max: duration('the longest delay') })
  .strict()
  .refine((r) => r.min <= r.max, { message: 'expected min ≤ max' });

/**
 * Which leg a disruption hits: a flight number of the day (`"LH1002"`), or a leg drawn by the
 * seed among those that match every field given.
 */
const legSelector = z.union([
  z.string().regex(/^[A-Z0-9]{2}\d{1,4}$/, 'expected a flight number like "LH1002"'),
  z
    .object({
      airline: airline.optional(),
      departure: airport.optional(),
      arrival: airport.optional(),
      /** Scheduled off-block no earlier than this offset from the start. */
      after: offset().optional(),
      /** Scheduled off-block before this offset from the start. */
      before: offset().optional(),
    })
    .strict(),
]);

const window = { from: offset(), to: offset() };

const weather = z
  .object({
    type: z.literal('weather'),
    id,
    airport,
    ...window,
    severity: z.enum(['thunderstorms', 'fog', 'snow']),
    /** Share of the airport's hourly capacity left; default by severity. */
    capacityFactor: z.number().gt(0).max(1).optional(),
    /** Share of round trips through the airport in the window that airlines cancel. */
    cancellations: share.optional(),
  })
  .strict();

const technical = z
  .object({
    type: z.literal('technical'),
    id,
    airline,
    /** Share of the airline's departures in the window that get a technical delay. */
    share: share,
    delay: delayRange,
    from: offset().optional(),
    to: offset().optional(),
    cancellations: share.optional(),
  })
  .strict();

const atcCongestion = z
  .object({
    type: z.literal('atc_congestion'),
    id,
    airport,
    ...window,
    capacityFactor: z.number().gt(0).lt(1),
  })
  .strict();

const cascade = z
  .object({
    type: z.literal('cascade'),
    id,
    leg: legSelector,
    delay: duration('the delay at the root of the cascade'),
    /** AHM 730 code of the root delay (default 41, aircraft defects). */
    code: z
      .string()
      .regex(/^\d{2}$/, 'expected a two-digit IATA delay code like "41"')
      .default('41'),
  })
  .strict();

const airlineWide = z
  .object({
    type: z.literal('airline_wide'),
    id,
    airline,
    ...window,
    cause: z.enum(['it_outage', 'flight_planning', 'crew_shortage', 'own_staff_strike']),
    delay: delayRange,
    cancellations: share.default(0),
  })
  .strict();

const diversion = z
  .object({ type: z.literal('diversion'), id, leg: legSelector, to: airport })
  .strict();
const holding = z
  .object({
    type: z.literal('holding'),
    id,
    leg: legSelector,
    duration: duration('the time in the hold'),
  })
  .strict();
const goAround = z.object({ type: z.literal('go_around'), id, leg: legSelector }).strict();
const returnToOrigin = z
  .object({
    type: z.literal('return_to_origin'),
    id,
    leg: legSelector,
    /** When the crew turns back, after the leg's off-block. */
    at: duration('a time after off-block'),
  })
  .strict();

const disruption = z.discriminatedUnion('type', [
  weather,
  technical,
  atcCongestion,
  cascade,
  airlineWide,
  diversion,
  holding,
  goAround,
  returnToOrigin,
]);

const networkScenarioSchema = z
  .object({
    $comment: z.string().optional(),
    kind: z.literal('network'),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    seed: z.number().int().min(0).max(0xffff_ffff),
    start: z
      .string()
      .regex(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
        'expected an ISO 8601 time with its zone, like "2024-09-17T06:00:00Z"',
      )
      .optional(),
    duration: duration('the length of the day'),
    /** A network of data/network/ (`europe`). */
    network: z.string().regex(/^[a-z0-9-]+$/, 'expected a network name like "europe"'),
    disruptions: z.array(disruption).default([]),
  })
  .strict();

export type NetworkScenarioDocument = z.output<typeof networkScenarioSchema>;
export type DisruptionSpec = z.output<typeof disruption>;
export type LegSelector = z.output<typeof legSelector>;

/**
 * Checks a network scenario document's shape and fills its defaults. Throws
 * SCENARIOS_INVALID with every problem, each naming its field.
 */
export function parseNetworkScenario(json: unknown, origin = 'scenario'): NetworkScenarioDocument {
  const result = networkScenarioSchema.safeParse(json);
  if (result.success) return result.data;
  throw new ScenarioError('SCENARIOS_INVALID', origin, { issues: issuesOf(result.error) });
}
