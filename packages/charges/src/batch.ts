import type { ChargeCalculated } from '@overfly/schemas';
import { ChargesError, type ChargesErrorCode } from './errors.js';
import type { FlightFacts } from './exemptions.js';
import { type CrossingInput, type PricingContext, priceCrossing } from './price.js';

/** A line that could not be priced at all, with its 1-based number. */
export interface LineError {
  line: number;
  code: ChargesErrorCode;
  message: string;
}

export interface PricedLines {
  charges: ChargeCalculated[];
  errors: LineError[];
}

const FACT_FLAGS = ['state', 'sar', 'military', 'training', 'calibration', 'vfr'] as const;

/**
 * The offline core of `pnpm overfly charge`: crossings as JSON lines (as `pnpm overfly
 * crossings` prints them) → one charge per crossingId. A line may carry a `facts` object
 * (FlightFacts flags) with what is known about its flight. A later line with the same
 * crossingId replaces the earlier one (a recalculated crossing replaces its charge). Circular
 * flights are recognised across lines: the flight's departure is the departureAirport of any
 * of its crossings, its arrival likewise. Bad lines are reported, never fatal for the others.
 */
export function priceCrossings(lines: Iterable<string>, ctx: PricingContext): PricedLines {
  const errors: LineError[] = [];
  const latest = new Map<string, { crossing: CrossingInput; facts: FlightFacts }>();
  let n = 0;
  for (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    try {
      const parsed = parseCrossingLine(text);
      latest.delete(parsed.crossing.crossingId); // re-insert: output follows the last sighting
      latest.set(parsed.crossing.crossingId, parsed);
    } catch (error) {
      errors.push(lineError(n, error));
    }
  }

  const airports = new Map<string, { dep?: string; arr?: string }>();
  for (const { crossing: c } of latest.values()) {
    const a = airports.get(c.flightId) ?? {};
    if (c.departureAirport) a.dep = c.departureAirport;
    if (c.arrivalAirport) a.arr = c.arrivalAirport;
    airports.set(c.flightId, a);
  }

  const charges: ChargeCalculated[] = [];
  for (const { crossing, facts } of latest.values()) {
    const a = airports.get(crossing.flightId);
    const flightFacts: FlightFacts = {
      departureAirport: a?.dep ?? null,
      arrivalAirport: a?.arr ?? null,
      ...facts,
    };
    try {
      charges.push(priceCrossing(crossing, flightFacts, ctx));
    } catch (error) {
      errors.push(lineError(0, error, crossing.crossingId));
    }
  }
  return { charges, errors };
}

function lineError(line: number, error: unknown, crossingId?: string): LineError {
  const message = error instanceof Error ? error.message : String(error);
  return {
    line,
    code: error instanceof ChargesError ? error.code : 'CHARGES_CROSSING_INVALID',
    message: crossingId ? `${crossingId}: ${message}` : message,
  };
}

/** Checks the fields a charge needs; throws CHARGES_CROSSING_INVALID naming the first bad one. */
export function parseCrossingLine(text: string): { crossing: CrossingInput; facts: FlightFacts } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ChargesError('CHARGES_CROSSING_INVALID', 'not JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ChargesError('CHARGES_CROSSING_INVALID', 'not a JSON object');
  const v = value as Record<string, unknown>;
  const bad = (field: string) =>
    new ChargesError('CHARGES_CROSSING_INVALID', `field ${field} is missing or of the wrong type`);
  for (const f of ['crossingId', 'flightId', 'icao24', 'firId', 'status'])
    if (typeof v[f] !== 'string' || v[f] === '') throw bad(f);
  for (const f of ['entryTime', 'greatCircleDistanceKm', 'flownDistanceKm'])
    if (typeof v[f] !== 'number') throw bad(f);
  for (const f of ['callsign', 'departureAirport', 'arrivalAirport'])
    if (v[f] !== undefined && v[f] !== null && typeof v[f] !== 'string') throw bad(f);
  const facts: FlightFacts = {};
  if (v.facts !== undefined) {
    if (typeof v.facts !== 'object' || v.facts === null) throw bad('facts');
    const f = v.facts as Record<string, unknown>;
    for (const flag of FACT_FLAGS) {
      if (f[flag] === undefined) continue;
      if (typeof f[flag] !== 'boolean') throw bad(`facts.${flag}`);
      facts[flag] = f[flag];
    }
  }
  const crossing = {
    ...(v as unknown as CrossingInput),
    callsign: (v.callsign as string | null | undefined) ?? null,
    departureAirport: (v.departureAirport as string | null | undefined) ?? null,
    arrivalAirport: (v.arrivalAirport as string | null | undefined) ?? null,
  };
  return { crossing, facts };
}
