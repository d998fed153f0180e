import type { PositionUpdate } from '@overfly/schemas';
import { normaliseIcao24 } from './normalise.js';
import type { PositionStamp, RowReason, RowRejection, RowResult } from './types.js';

/**
 * What a format parser extracts from one row before the checks every format shares:
 * identity, time and position are still unchecked; the other fields are already SI.
 * `source` and `receivedAt` are the reader's to stamp, and `lastContact` may be unknown.
 */
export interface DraftRow
  extends Omit<
    PositionUpdate,
    'icao24' | 'positionTime' | 'latitude' | 'longitude' | 'lastContact' | 'source' | 'receivedAt'
  > {
  icao24: unknown;
  /** Epoch ms; null when missing or unparseable. */
  positionTime: number | null;
  latitude: number | null;
  longitude: number | null;
  /** When the receivers last heard the aircraft, where the file says so. */
  lastContact: number | null;
}

export function reject(
  line: number,
  raw: string,
  reason: RowReason,
  message: string,
): RowRejection {
  return { ok: false, line, raw, reason, message };
}

/**
 * The per-row checks (identity, time, position) every format shares, then the row as a
 * flights.updates record. `lastContact` falls back to the position time when unknown.
 */
export function validateDraft(
  draft: DraftRow,
  line: number,
  raw: string,
  stamp: PositionStamp,
): RowResult {
  const icao24 = normaliseIcao24(draft.icao24);
  if (icao24 === null) {
    return reject(
      line,
      raw,
      'BAD_ICAO24',
      `icao24 ${JSON.stringify(draft.icao24)} is not 6 hex digits`,
    );
  }
  const { positionTime, latitude, longitude } = draft;
  if (positionTime === null || !Number.isFinite(positionTime)) {
    return reject(line, raw, 'BAD_TIME', 'timestamp is missing or not a time');
  }
  if (latitude === null || longitude === null) {
    return reject(line, raw, 'MISSING_POSITION', `latitude ${latitude}, longitude ${longitude}`);
  }
  if (
    !Number.isFinite(latitude) ||
    !Number.isFinite(longitude) ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180
  ) {
    return reject(
      line,
      raw,
      'POSITION_OUT_OF_RANGE',
      `latitude ${latitude}, longitude ${longitude}`,
    );
  }
  return {
    ok: true,
    line,
    position: {
      icao24,
      callsign: draft.callsign,
      originCountry: draft.originCountry,
      positionTime,
      lastContact: draft.lastContact ?? positionTime,
      latitude,
      longitude,
      baroAltitudeM: draft.baroAltitudeM,
      geoAltitudeM: draft.geoAltitudeM,
      onGround: draft.onGround,
      velocityMs: draft.velocityMs,
      trackDeg: draft.trackDeg,
      verticalRateMs: draft.verticalRateMs,
      squawk: draft.squawk,
      source: stamp.source,
      receivedAt: stamp.now(),
    },
  };
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
    const { icao24, positionTime: t } = result.position;
    const before = latest.get(icao24);
    if (before !== undefined && maxBackwardsMs !== null && t < before - maxBackwardsMs) {
      return reject(
        result.line,
        raw,
        'TIME_NOT_MONOTONIC',
        `${icao24} at ${new Date(t).toISOString()} is ${before - t} ms before its latest accepted time`,
      );
    }
    if (before === undefined || t > before) latest.set(icao24, t);
    return result;
  };
}
