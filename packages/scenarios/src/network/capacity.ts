/**
 * Runway capacity as a simple queue, one per airport, in 10-minute steps. The network's
 * flights are a small share of an airport's traffic, so demand is the airport's background
 * traffic (its `backgroundUtilisation` of the declared capacity, less the share airlines
 * cancel in a disruption) and capacity is the declared hourly figure times the factor of any
 * disruption in force. What cannot be served waits (a fluid queue: backlog carries over);
 * a movement asking at t waits backlog(t) / capacity(t). Below capacity nothing waits, so
 * normal operations see no queue; a thunderstorm at 55 % capacity builds one that takes
 * hours to drain, as at a real hub.
 */
import type { NetworkAirportData } from './data.js';

const STEP_MS = 10 * 60_000;
const STEPS_PER_HOUR = 6;

/** Something that lowers an airport's capacity (and, for weather, the demand) for a while. */
export interface CapacityEvent {
  id: string;
  airport: string;
  from: number;
  to: number;
  factor: number;
  /** Share of the background traffic cancelled meanwhile. */
  cancellations: number;
}

interface Wait {
  ms: number;
  /** The events whose lost capacity built the queue, most restrictive first. */
  causes: readonly string[];
}

export interface CapacityModel {
  wait(airport: string, t: number): Wait;
}

const NO_WAIT: Wait = { ms: 0, causes: [] };

export function capacityModel(
  airports: readonly NetworkAirportData[],
  events: readonly CapacityEvent[],
  from: number,
  to: number,
): CapacityModel {
  const steps = Math.ceil((to - from) / STEP_MS);
  const queues = new Map<string, Wait[]>();
  for (const airport of airports) {
    const mine = events.filter((e) => e.airport === airport.icao);
    if (mine.length === 0) continue;
    const waits: Wait[] = [];
    let backlog = 0;
    let causes = new Map<string, number>();
    for (let s = 0; s < steps; s++) {
      const t = from + s * STEP_MS;
      let factor = 1;
      let cancelled = 0;
      for (const e of mine) {
        if (t >= e.from && t < e.to) {
          factor = Math.min(factor, e.factor);
          cancelled = Math.max(cancelled, e.cancellations);
          causes.set(e.id, Math.min(causes.get(e.id) ?? 1, e.factor));
        }
      }
      const capacity = (airport.capacityPerHour * factor) / STEPS_PER_HOUR;
      const demand =
        ((airport.capacityPerHour * airport.backgroundUtilisation) / STEPS_PER_HOUR) *
        (1 - cancelled);
      backlog = Math.max(0, backlog + demand - capacity);
      if (backlog === 0) {
        causes = new Map();
        waits.push(NO_WAIT);
      } else {
        const ordered = [...causes].sort((a, b) => a[1] - b[1]).map(([id]) => id);
        waits.push({
          ms: (backlog / (airport.capacityPerHour * factor)) * 3_600_000,
          causes: ordered,
        });
      }
    }
    queues.set(airport.icao, waits);
  }
  return {
    wait(airport, t) {
      const waits = queues.get(airport);
      if (!waits) return NO_WAIT;
      return waits[Math.floor((t - from) / STEP_MS)] ?? NO_WAIT;
    },
  };
}
