import { type Cause, causeOfDelayCode } from './eu261.js';
import type { EvalContext } from './finding.js';
import type { LegFacts } from './leg-facts.js';

/** A cause, and what says so (for the EU261 note). */
export interface LegCause {
  cause: Cause;
  saidBy: string;
}

/** Weather at an aerodrome, as the airport patterns found it at this evaluation. */
export type WeatherAt = (icao: string) => { observationId: string } | null;

/** How far back along a rotation a reactionary delay is followed to its root. */
const MAX_ROTATION_DEPTH = 12;

/**
 * Why a leg is disrupted: its IATA delay code when it gives one; for a reactionary code
 * (or none) with an inbound that made it late, the inbound's cause; otherwise weather the
 * airport patterns see at its departure or arrival aerodrome; otherwise not established.
 */
export function legCause(ctx: EvalContext, f: LegFacts, weatherAt: WeatherAt, depth = 0): LegCause {
  const code = f.leg.delayCode;
  const cause = causeOfDelayCode(code);
  if (cause !== 'UNKNOWN' && cause !== 'REACTIONARY')
    return { cause, saidBy: `IATA delay code ${code}` };
  const rotation = ctx.rotation.get(f.leg.scheduleId);
  if (rotation?.inbound && rotation.reactionaryMinutes > 0 && depth < MAX_ROTATION_DEPTH) {
    const upstream = legCause(ctx, rotation.inbound, weatherAt, depth + 1);
    if (upstream.cause !== 'UNKNOWN')
      return {
        cause: upstream.cause,
        saidBy: `the late inbound ${rotation.inbound.leg.flightNumber} (${upstream.saidBy})`,
      };
  }
  for (const icao of [f.leg.departureAirport, f.leg.arrivalAirport]) {
    const weather = weatherAt(icao);
    if (weather)
      return { cause: 'WEATHER', saidBy: `weather at ${icao} (${weather.observationId})` };
  }
  return { cause: 'UNKNOWN', saidBy: 'not established' };
}

/**
 * Where an IATA delay code (AHM 730) puts the cause of a leg's delay: at its departure
 * station (71 weather there, 75–77 de-icing, snow removal and handling in weather, 85–87
 * security, immigration and the airport's facilities, 89 restrictions at the airport of
 * departure), at its destination (72 weather there, 83 ATFM for a restriction there, 84
 * ATFM for weather there, 88 restrictions at the airport of destination), or en route (73
 * weather en route or at the alternate, 81–82 en-route ATFM). null: a code that names no
 * place (the airline's own, reactionary) or none.
 */
export type DelayPlace = 'DEPARTURE' | 'ARRIVAL' | 'EN_ROUTE';

const PLACE_OF_CODE: Readonly<Record<string, DelayPlace>> = {
  '71': 'DEPARTURE',
  '75': 'DEPARTURE',
  '76': 'DEPARTURE',
  '77': 'DEPARTURE',
  '85': 'DEPARTURE',
  '86': 'DEPARTURE',
  '87': 'DEPARTURE',
  '89': 'DEPARTURE',
  '72': 'ARRIVAL',
  '83': 'ARRIVAL',
  '84': 'ARRIVAL',
  '88': 'ARRIVAL',
  '73': 'EN_ROUTE',
  '81': 'EN_ROUTE',
  '82': 'EN_ROUTE',
};

export function placeOfDelayCode(code: string | null): DelayPlace | null {
  return code === null ? null : (PLACE_OF_CODE[code.trim()] ?? null);
}

/** Whether the source gave the leg an IATA delay code at all (two digits). */
export function hasDelayCode(code: string | null): code is string {
  return code !== null && /^\d{2}$/.test(code.trim());
}
