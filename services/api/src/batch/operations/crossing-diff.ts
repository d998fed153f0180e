import type { CrossingRecord } from '@overfly/tracking';

/** A crossing as the `crossings` read model holds it (the fir.crossings fields a bill rests on). */
export type HeldCrossing = Omit<CrossingRecord, 'source'>;

/** The fields compared, with how close two values must be to be the same. */
const COMPARED: ReadonlyArray<readonly [keyof HeldCrossing, number]> = [
  ['firId', 0],
  ['sequence', 0],
  ['status', 0],
  ['callsign', 0],
  ['entryTime', 0],
  ['exitTime', 0],
  // 1e-7 degrees is about a centimetre; a metre of distance.
  ['entryLatitude', 1e-7],
  ['entryLongitude', 1e-7],
  ['exitLatitude', 1e-7],
  ['exitLongitude', 1e-7],
  ['greatCircleDistanceKm', 1e-3],
  ['flownDistanceKm', 1e-3],
  ['departureAirport', 0],
  ['arrivalAirport', 0],
  ['exitReason', 0],
  ['nextFirId', 0],
];

const same = (a: unknown, b: unknown, tolerance: number) =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= tolerance : a === b;

const trimmed = (callsign: string | null) => callsign?.trim() || null;

/** The compared fields that differ between a computed crossing and the one held. */
function changedFields(computed: HeldCrossing, held: HeldCrossing): string[] {
  const a = { ...computed, callsign: trimmed(computed.callsign) };
  const b = { ...held, callsign: trimmed(held.callsign) };
  return COMPARED.filter(([field, tolerance]) => !same(a[field], b[field], tolerance)).map(
    ([field]) => field,
  );
}

export interface CrossingDiff {
  /** Computed, not held. */
  new: string[];
  /** Held, with at least one field different (which ones). */
  changed: Array<{ crossingId: string; fields: string[] }>;
  same: number;
  /** Held, not computed again (the recomputation no longer finds them). */
  missing: string[];
}

/**
 * The computed crossings of a flight against those the read model holds, by crossingId
 * (deterministic: flightId, sequence, firId). `source` is not compared: a crossing computed
 * again says where its positions came from, whatever the held one says.
 */
export function diffCrossings(
  computed: readonly HeldCrossing[],
  held: readonly HeldCrossing[],
): CrossingDiff {
  const byId = new Map(held.map((c) => [c.crossingId, c]));
  const diff: CrossingDiff = { new: [], changed: [], same: 0, missing: [] };
  for (const c of computed) {
    const h = byId.get(c.crossingId);
    if (!h) diff.new.push(c.crossingId);
    else {
      const fields = changedFields(c, h);
      if (fields.length === 0) diff.same++;
      else diff.changed.push({ crossingId: c.crossingId, fields });
    }
  }
  const computedIds = new Set(computed.map((c) => c.crossingId));
  diff.missing = held.filter((h) => !computedIds.has(h.crossingId)).map((h) => h.crossingId);
  return diff;
}
