import type {
  CrossingRecord,
  EngineOutput,
  Fix,
  FlightEventRecord,
  RejectReason,
} from '../types.js';

export interface Collected extends EngineOutput {
  crossings: CrossingRecord[];
  events: FlightEventRecord[];
  rejects: { fix: Fix; reason: RejectReason }[];
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
    rejected(fix, reason) {
      c.rejects.push({ fix, reason });
      c.all.push({ rejected: fix.t, reason });
    },
    finals() {
      const latest = new Map<string, CrossingRecord>();
      for (const r of c.crossings) latest.set(r.crossingId, r);
      return [...latest.values()].filter((r) => r.status === 'FINAL');
    },
  };
  return c;
}

/** A fix with defaults for the fields a rule test does not care about. */
export function fix(t: number, lon: number, lat: number, extra: Partial<Fix> = {}): Fix {
  return {
    icao24: 'abc123',
    t,
    lat,
    lon,
    altM: 10_000,
    onGround: null,
    velocityMs: 230,
    callsign: 'TEST1',
    ...extra,
  };
}
