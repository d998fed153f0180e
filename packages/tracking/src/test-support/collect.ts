import type {
  CrossingRecord,
  EngineOutput,
  FlightEventRecord,
  RejectReason,
  TrackedPosition,
} from '../types.js';

export interface Collected extends EngineOutput {
  crossings: CrossingRecord[];
  events: FlightEventRecord[];
  rejects: { position: TrackedPosition; reason: RejectReason }[];
  /** Every record in emission order, tagged, for exact comparisons. */
  all: unknown[];
  /** Latest version of each crossing (upsert by crossingId), FINAL ones only. */
  finals(): CrossingRecord[];
}

export function collector(): Collected {
  const c: Collected = {
    crossings: [],
    events: [],
    rejects: [],
    all: [],
    crossing(record) {
      c.crossings.push(record);
      c.all.push({ crossing: record });
    },
    event(record) {
      c.events.push(record);
      c.all.push({ event: record });
    },
    rejected(position, reason) {
      c.rejects.push({ position, reason });
      c.all.push({ rejected: position.positionTime, reason });
    },
    finals() {
      const latest = new Map<string, CrossingRecord>();
      for (const r of c.crossings) latest.set(r.crossingId, r);
      return [...latest.values()].filter((r) => r.status === 'FINAL');
    },
  };
  return c;
}

/** A position with defaults for the fields a rule test does not care about. */
export function position(
  t: number,
  lon: number,
  lat: number,
  extra: Partial<TrackedPosition> = {},
): TrackedPosition {
  return {
    icao24: 'abc123',
    positionTime: t,
    latitude: lat,
    longitude: lon,
    baroAltitudeM: 10_000,
    geoAltitudeM: null,
    onGround: null,
    velocityMs: 230,
    callsign: 'TEST1',
    ...extra,
  };
}
