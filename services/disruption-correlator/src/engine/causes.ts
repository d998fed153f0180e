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
