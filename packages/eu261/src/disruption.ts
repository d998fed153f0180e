import { Eu261Error } from './errors.js';
import type { DisruptionKind, Itinerary } from './types.js';

export interface Disruption {
  kind: DisruptionKind;
  /** The leg it arose on: the cancelled, diverted or denied leg, the late leg that lost the connection, or the last leg for a delay. */
  leg: number | null;
  /** When the passenger reached the final destination (a door opened there), when known. */
  arrival: number | null;
  /** Where `arrival` comes from, for the reasoning. */
  arrivalFrom: string;
}

/**
 * What happened to the passenger, from the first leg on: the first leg that was cancelled,
 * diverted or that they were denied boarding on, or the first late leg after which they missed
 * the next one, ends their journey as booked; after it they travelled on the re-routing. A
 * connection counts as missed when the leg arrived (door open) at or after the next leg's
 * departure (actual, else scheduled), or when the leg says so (`missedConnection`). With no
 * such leg the journey was flown as booked and its arrival is the last leg's.
 */
export function disruptionOf(itinerary: Itinerary): Disruption {
  const { legs, rerouting } = itinerary;
  const reroutedArrival = rerouting ? (rerouting.actualArrival ?? rerouting.arrival) : null;
  const reroutedFrom = rerouting?.actualArrival
    ? 'rerouting.actualArrival, door open at the final destination'
    : 'rerouting.arrival as offered, no actual arrival given';
  for (const [i, leg] of legs.entries()) {
    if (leg.deniedBoarding !== 'NONE')
      return {
        kind: 'DENIED_BOARDING',
        leg: i,
        arrival: reroutedArrival,
        arrivalFrom: reroutedFrom,
      };
    if (leg.status === 'CANCELLED')
      return { kind: 'CANCELLATION', leg: i, arrival: reroutedArrival, arrivalFrom: reroutedFrom };
    if (leg.status === 'DIVERTED') {
      const last = i === legs.length - 1;
      if (reroutedArrival !== null)
        return { kind: 'DIVERSION', leg: i, arrival: reroutedArrival, arrivalFrom: reroutedFrom };
      if (last && leg.actualArrival !== null)
        return {
          kind: 'DIVERSION',
          leg: i,
          arrival: leg.actualArrival,
          arrivalFrom: `legs[${i}].actualArrival, door open at the booked destination after the diversion`,
        };
      throw new Eu261Error(
        'EU261_ITINERARY_INVALID',
        `legs[${i}] was diverted: say when the passenger reached ${legs.at(-1)?.to} (rerouting.arrival${last ? ` or legs[${i}].actualArrival` : ''})`,
        { field: 'rerouting' },
      );
    }
    const next = legs[i + 1];
    if (!next) break;
    if (leg.actualArrival === null)
      throw new Eu261Error(
        'EU261_ITINERARY_INVALID',
        `an operated leg with a connection after it needs its arrival to tell whether the connection was made`,
        { field: `legs[${i}].actualArrival` },
      );
    const nextDeparts = next.actualDeparture ?? next.scheduledDeparture;
    if (leg.missedConnection || leg.actualArrival >= nextDeparts) {
      if (reroutedArrival === null)
        throw new Eu261Error(
          'EU261_ITINERARY_INVALID',
          `the connection from legs[${i}] to legs[${i + 1}] was missed: say how the passenger reached ${legs.at(-1)?.to} (rerouting.arrival)`,
          { field: 'rerouting' },
        );
      return {
        kind: 'MISSED_CONNECTION',
        leg: i,
        arrival: reroutedArrival,
        arrivalFrom: reroutedFrom,
      };
    }
  }
  const last = legs.length - 1;
  const arrival = legs[last]?.actualArrival ?? null;
  if (arrival === null)
    throw new Eu261Error(
      'EU261_ITINERARY_INVALID',
      'an operated last leg needs its arrival (door open) to measure the delay at the final destination',
      { field: `legs[${last}].actualArrival` },
    );
  const late = arrival > (legs[last]?.scheduledArrival ?? arrival);
  return {
    kind: late ? 'DELAY' : 'NONE',
    leg: late ? last : null,
    arrival,
    arrivalFrom: `legs[${last}].actualArrival, door open at the final destination`,
  };
}
