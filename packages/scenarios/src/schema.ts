/**
 * The scenario document (README "Format"), validated with zod. Objects are strict, so a
 * misspelt field is an error naming it rather than a silently ignored default.
 */

import { z } from 'zod';
import { duration } from './document-fields.js';

const airportCode = z
  .string()
  .regex(/^[A-Z0-9]{4}$/, 'expected a 4-character ICAO airport code like "LFPG"');

const point = z
  .object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .strict();

const positionGapEvent = z
  .object({
    type: z.literal('position_gap'),
    /** Offset from the scenario start. */
    at: duration('an offset from the scenario start'),
    duration: duration('how long the transponder is silent'),
  })
  .strict();

const diversionEvent = z
  .object({
    type: z.literal('diversion'),
    at: duration('an offset from the scenario start'),
    to: airportCode,
  })
  .strict();

const returnToOriginEvent = z
  .object({
    type: z.literal('return_to_origin'),
    /** Offset from the scenario start; the flight is in the air then. */
    at: duration('an offset from the scenario start'),
  })
  .strict();

const holdingEvent = z
  .object({
    type: z.literal('holding'),
    /** How long the flight holds before its approach (whole laps, the nearest). */
    duration: duration('how long the flight holds'),
  })
  .strict();

const goAroundEvent = z.object({ type: z.literal('go_around') }).strict();

/** Scripted events; a new kind is one more member here and one more case in the engine. */
const eventSchema = z.discriminatedUnion('type', [
  positionGapEvent,
  diversionEvent,
  returnToOriginEvent,
  holdingEvent,
  goAroundEvent,
]);

const scriptedFlight = z
  .object({
    kind: z.literal('scripted'),
    origin: airportCode,
    destination: airportCode,
    /** Off-block time (first ground fix) as an offset from the scenario start. */
    departure: duration('an offset from the scenario start').default('0s'),
    icao24: z
      .string()
      .regex(/^[0-9a-f]{6}$/, 'expected 6 lower-case hex digits like "3946e9"')
      .optional(),
    callsign: z
      .string()
      .regex(/^[A-Z0-9]{2,8}$/, 'expected 2 to 8 upper-case letters or digits like "AFR1262"')
      .optional(),
    type: z
      .string()
      .regex(/^[A-Z][A-Z0-9]{1,3}$/, 'expected an ICAO type designator like "A319"')
      .optional(),
    waypoints: z.array(point).default([]),
    cruiseFl: z.number().int().min(100).max(450).optional(),
    events: z.array(eventSchema).default([]),
  })
  .strict();

const region = z
  .object({
    lamin: z.number().min(-90).max(90),
    lomin: z.number().min(-180).max(180),
    lamax: z.number().min(-90).max(90),
    lomax: z.number().min(-180).max(180),
  })
  .strict()
  .refine((r) => r.lamin < r.lamax && r.lomin < r.lomax, {
    message: 'expected lamin < lamax and lomin < lomax',
  });

const generatedFlights = z
  .object({
    kind: z.literal('generated'),
    /** Aircraft of this group (with startAirborne: all in the air at the start). */
    count: z.number().int().min(1).max(1_000_000),
    airports: z.array(airportCode).min(2).optional(),
    region: region.optional(),
    /** First departures spread evenly (with jitter) over this much time from the start. */
    departureSpread: duration('a spread of departure times').default('1h'),
    startAirborne: z.boolean().default(false),
    afterLanding: z.enum(['disappear', 'rotate', 'replace']).default('disappear'),
    turnaround: duration('a turnaround time').default('45m'),
    minDistanceKm: z.number().positive().default(200),
    maxDistanceKm: z.number().positive().default(13_000),
  })
  .strict();

// Rules between fields of a group (one of airports/region, min < max distance) are checked
// with the airports in compile.ts: a discriminated union takes plain objects only.
const flightSchema = z.discriminatedUnion('kind', [scriptedFlight, generatedFlights]);

export const scenarioSchema = z
  .object({
    /** JSON-schema hint or comment fields editors add; ignored. */
    $comment: z.string().optional(),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    seed: z.number().int().min(0).max(0xffff_ffff),
    start: z
      .string()
      .regex(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
        'expected an ISO 8601 time with its zone, like "2024-09-17T08:00:00Z"',
      )
      .optional(),
    duration: duration('the scenario length'),
    /** Seconds between two reports of one aircraft (OpenSky's anonymous resolution is 10 s). */
    reportIntervalS: z.number().min(1).max(600).default(10),
    flights: z.array(flightSchema).min(1),
  })
  .strict();

export type ScenarioDocument = z.output<typeof scenarioSchema>;
export type ScriptedFlightSpec = z.output<typeof scriptedFlight>;
export type GeneratedFlightsSpec = z.output<typeof generatedFlights>;
export type ScenarioEvent = z.output<typeof eventSchema>;
export type AfterLanding = GeneratedFlightsSpec['afterLanding'];
