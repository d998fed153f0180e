import type { ChargeCalculated } from '@overfly/schemas';
import { ChargesError, type ChargesErrorCode } from './errors.js';
import type { FlightFacts } from './exemptions.js';
import { PassageAssembler } from './passages/assembler.js';
import { type CrossingInput, type PricingContext, pricePassage } from './price.js';
import { validateCrossing } from './validate-crossing.js';

/** A line that could not be priced at all, with its 1-based number. */
export interface LineError {
  line: number;
  code: ChargesErrorCode;
  message: string;
}

export interface PricedLines {
  /** One charge per passage, in flight and sequence order. */
  charges: ChargeCalculated[];
  errors: LineError[];
  /** PROVISIONAL crossings: a passage is priced only once its crossings are FINAL. */
  provisional: number;
}

const FACT_FLAGS = ['state', 'sar', 'military', 'training', 'calibration', 'vfr'] as const;

interface Parsed {
  line: number;
  crossing: CrossingInput;
  facts: FlightFacts;
}

/**
 * The offline core of `pnpm overfly charge`: crossings as JSON lines (as `pnpm overfly
 * crossings` prints them) → one charge per charging-zone passage, assembled and priced as
 * fee-calculator does (PassageAssembler, pricePassage). A later line with the same
 * crossingId replaces the earlier one. A line may carry a `facts` object (FlightFacts flags)
 * about its flight; a passage has the facts of any of its crossings. A circular flight is
 * recognised across lines (its departure and arrival from any of its crossings). Bad lines
 * are reported with their number, never fatal for the others; a passage that cannot be
 * priced is reported at the line of its first crossing.
 */
export function priceCrossings(lines: Iterable<string>, ctx: PricingContext): PricedLines {
  const errors: LineError[] = [];
  const latest = new Map<string, Parsed>();
  let n = 0;
  for (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    try {
      const parsed = parseCrossingLine(text);
      validateCrossing(parsed.crossing);
      latest.set(parsed.crossing.crossingId, { line: n, ...parsed });
    } catch (error) {
      errors.push(lineError(n, error));
    }
  }

  const byFlight = new Map<string, Parsed[]>();
  let provisional = 0;
  for (const item of latest.values()) {
    if (item.crossing.status !== 'FINAL') {
      provisional++;
      continue;
    }
    const list = byFlight.get(item.crossing.flightId) ?? [];
    list.push(item);
    byFlight.set(item.crossing.flightId, list);
  }

  const assembler = new PassageAssembler({
    zoneOf: (firId) => ctx.tariff.zoneOf(firId)?.zone ?? null,
  });
  const charges: ChargeCalculated[] = [];
  for (const [flightId, items] of [...byFlight].sort(([a], [b]) => (a < b ? -1 : 1))) {
    items.sort((a, b) => a.crossing.sequence - b.crossing.sequence);
    const facts = flightFacts(items);
    const lineOf = new Map(items.map((i) => [i.crossing.crossingId, i.line]));
    const passages = items.flatMap((i) => assembler.accept(i.crossing));
    passages.push(...assembler.flush().filter((p) => p.flightId === flightId));
    for (const passage of passages) {
      try {
        charges.push(pricePassage(passage, facts, ctx));
      } catch (error) {
        errors.push(lineError(lineOf.get(passage.passageId) ?? 0, error, passage.passageId));
      }
    }
  }
  return { charges, errors, provisional };
}

/** What is known about a flight from all its lines: aerodromes, and any flag set on one. */
function flightFacts(items: readonly Parsed[]): FlightFacts {
  const facts: FlightFacts = { departureAirport: null, arrivalAirport: null };
  for (const { crossing, facts: flags } of items) {
    if (crossing.departureAirport) facts.departureAirport = crossing.departureAirport;
    if (crossing.arrivalAirport) facts.arrivalAirport = crossing.arrivalAirport;
    for (const flag of FACT_FLAGS) if (flags[flag] !== undefined) facts[flag] = flags[flag];
  }
  return facts;
}

function lineError(line: number, error: unknown, passageId?: string): LineError {
  const message = error instanceof Error ? error.message : String(error);
  return {
    line,
    code: error instanceof ChargesError ? error.code : 'CHARGES_CROSSING_INVALID',
    message: passageId ? `passage ${passageId}: ${message}` : message,
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
  for (const f of ['callsign', 'departureAirport', 'arrivalAirport', 'exitReason', 'nextFirId'])
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
    // Lines written before crossings said why they ended: each is then its own passage.
    exitReason: (v.exitReason as CrossingInput['exitReason'] | undefined) ?? null,
    nextFirId: (v.nextFirId as string | null | undefined) ?? null,
  };
  return { crossing, facts };
}
