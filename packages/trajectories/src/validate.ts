import { normaliseIcao24 } from './normalise.js';
import type { RowReason, RowRejection, RowResult, TrajectoryPosition } from './types.js';

/**
 * What a format parser extracts from one row before the checks every format shares:
 * identity, time and position are still unchecked; the other fields are already SI.
 */
export interface DraftRow
  extends Omit<TrajectoryPosition, 'icao24' | 't' | 'lat' | 'lon' | 'line'> {
  icao24: unknown;
  /** Epoch ms; null when missing or unparseable. */
  t: number | null;
  lat: number | null;
  lon: number | null;
}

export function reject(
  line: number,
  raw: string,
  reason: RowReason,
  message: string,
): RowRejection {
  return { ok: false, line, raw, reason, message };
}

/** The per-row checks (identity, time, position) every format shares. */
export function validateDraft(draft: DraftRow, line: number, raw: string): RowResult {
  const icao24 = normaliseIcao24(draft.icao24);
  if (icao24 === null) {
    return reject(
      line,
      raw,
      'BAD_ICAO24',
      `icao24 ${JSON.stringify(draft.icao24)} is not 6 hex digits`,
    );
  }
  if (draft.t === null || !Number.isFinite(draft.t)) {
    return reject(line, raw, 'BAD_TIME', 'timestamp is missing or not a time');
  }
  const { lat, lon } = draft;
  if (lat === null || lon === null) {
    return reject(line, raw, 'MISSING_POSITION', `latitude ${lat}, longitude ${lon}`);
  }
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return reject(line, raw, 'POSITION_OUT_OF_RANGE', `latitude ${lat}, longitude ${lon}`);
  }
  return { ok: true, position: { ...draft, icao24, t: draft.t, lat, lon, line } };
}

export const DEFAULT_MAX_BACKWARDS_MS = 60_000;

/**
 * Rejects a position that goes back in time for its aircraft by more than `maxBackwardsMs`
 * against the latest time accepted for it (a receiver's jitter is tolerated; a replayed
 * file out of order is not silently fed to track assembly). `null` turns the check off.
 */
export function timeOrderCheck(
  maxBackwardsMs: number | null,
): (result: RowResult, raw: string) => RowResult {
  const latest = new Map<string, number>();
  return (result, raw) => {
    if (!result.ok) return result;
    const { icao24, t, line } = result.position;
    const before = latest.get(icao24);
    if (before !== undefined && maxBackwardsMs !== null && t < before - maxBackwardsMs) {
      return reject(
        line,
        raw,
        'TIME_NOT_MONOTONIC',
        `${icao24} at ${new Date(t).toISOString()} is ${before - t} ms before its latest accepted time`,
      );
    }
    if (before === undefined || t > before) latest.set(icao24, t);
    return result;
  };
}
