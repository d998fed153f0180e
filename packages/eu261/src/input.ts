import { z } from 'zod';
import { Eu261Error } from './errors.js';
import { CAUSE_KINDS, type Itinerary } from './types.js';

/**
 * The JSON form of an itinerary (README.md, "Input", and examples/): times are ISO 8601 with a
 * zone, converted here to UTC epoch milliseconds; optional fields take the defaults below.
 * Unknown keys are refused, so a misspelt field is named instead of silently ignored.
 */
const instant = z
  .string()
  .datetime({
    offset: true,
    message: 'an ISO 8601 time with a zone, e.g. 2024-09-17T10:05:00+02:00',
  })
  .transform((text) => Date.parse(text));
const airport = z.string().regex(/^[A-Z0-9]{4}$/, 'a 4-character ICAO airport code, e.g. EDDF');
const optional = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().default(null);

const cause = z
  .object({
    kind: z.enum(CAUSE_KINDS),
    evidence: z.array(z.string().min(1)).default([]),
    note: optional(z.string()),
  })
  .strict();

const leg = z
  .object({
    flightNumber: z
      .string()
      .regex(/^[A-Z0-9]{2,3}[0-9]{1,4}[A-Z]?$/, 'an airline designator and number, e.g. LH1234'),
    operatingCarrier: z
      .object({
        icao: z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ICAO airline designator, e.g. DLH'),
        community: z.boolean(),
      })
      .strict(),
    from: airport,
    to: airport,
    scheduledDeparture: instant,
    scheduledArrival: instant,
    actualDeparture: optional(instant),
    actualArrival: optional(instant),
    status: z.enum(['OPERATED', 'CANCELLED', 'DIVERTED']),
    cancellationNoticeAt: optional(instant),
    deniedBoarding: z
      .enum(['NONE', 'INVOLUNTARY', 'VOLUNTARY', 'REASONABLE_GROUNDS'])
      .default('NONE'),
    missedConnection: z.boolean().default(false),
    cause: optional(cause),
  })
  .strict();

const rerouting = z
  .object({
    flightNumber: optional(z.string().min(1)),
    departure: instant,
    arrival: instant,
    actualArrival: optional(instant),
  })
  .strict()
  .refine((r) => r.arrival > r.departure, {
    message: 'arrival must be after departure',
    path: ['arrival'],
  });

const itinerarySchema = z
  .object({
    bookingRef: optional(z.string().min(1)),
    legs: z.array(leg).min(1),
    rerouting: optional(rerouting),
    thirdCountryRedress: z.boolean().default(false),
  })
  .strict();

/** `legs[1].scheduledArrival` from zod's path. */
function fieldOf(path: readonly (string | number)[]): string {
  const text = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  return text === '' ? '(itinerary)' : text.replace(/^\./, '');
}

/** An itinerary from parsed JSON, or EU261_INPUT_INVALID naming every bad field (the first as `field`). */
export function parseItinerary(value: unknown): Itinerary {
  const parsed = itinerarySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [first, ...rest] = parsed.error.issues;
  const detail = [first?.message, ...rest.map((i) => `${fieldOf(i.path)}: ${i.message}`)];
  throw new Eu261Error('EU261_INPUT_INVALID', detail.join('; '), {
    field: fieldOf(first?.path ?? []),
  });
}

/** An itinerary from JSON text. */
export function readItinerary(text: string): Itinerary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Eu261Error(
      'EU261_INPUT_INVALID',
      `not JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  return parseItinerary(value);
}
