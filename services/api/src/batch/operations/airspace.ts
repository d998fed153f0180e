import type { AirportIndex, FirLayer } from '@overfly/geo';
import type { FirCrossing, PositionSource } from '@overfly/schemas';
import {
  type CrossingRecord,
  crossingsOf,
  type TrackConfig,
  type TrackedPosition,
} from '@overfly/tracking';

/**
 * What crossings are computed with: the FIR layer, the aerodromes and the engine thresholds
 * the fir-analyser is configured with (FIR_GEOJSON, FIR_EXCLUDE, FLIGHT_GAP), so a crossing
 * computed again is the one the analyser would have written.
 */
export interface Airspace {
  layer: FirLayer;
  airports: AirportIndex;
  track: Partial<TrackConfig>;
}

/** Where computed crossings go: fir.crossings, keyed by icao24 (null in the api, which only checks jobs). */
export type CrossingSink = (crossings: readonly FirCrossing[]) => Promise<void>;

/** Records a send carries at most (a flight has a few crossings; a file may have thousands). */
const SEND_CHUNK = 500;

export interface Computed {
  /** The latest version of each crossing (FINAL: the recording ends), by flight and sequence. */
  crossings: CrossingRecord[];
  /** Positions given to the engine, and those it did not use (outliers, duplicates, …). */
  positions: number;
  rejected: number;
}

/**
 * Positions (in time order) through the fir-analyser's engine (`crossingsOf`), flushed at
 * the end so every flight is closed FINAL; `source` is written into every crossing.
 * `onCrossing` sees each record as it is emitted (a caller may stop its input on it).
 */
export async function computeCrossings(
  positions: AsyncIterable<TrackedPosition>,
  airspace: Airspace,
  source: PositionSource,
  onCrossing?: (c: CrossingRecord) => void,
): Promise<Computed> {
  const latest = new Map<string, CrossingRecord>();
  const { rows, rejected } = await crossingsOf(
    positions,
    { layer: airspace.layer, airports: airspace.airports },
    {
      crossing: (c) => {
        latest.set(c.crossingId, c);
        onCrossing?.(c);
      },
      event: () => {},
    },
    { track: { ...airspace.track, source } },
  );
  const crossings = [...latest.values()].sort((a, b) =>
    a.flightId === b.flightId ? a.sequence - b.sequence : a.flightId < b.flightId ? -1 : 1,
  );
  return { crossings, positions: rows, rejected };
}

/** Sends the crossings, stamped `producedAt`, in chunks; the sink must exist (a worker). */
export async function publishCrossings(
  sink: CrossingSink | null,
  crossings: readonly CrossingRecord[],
  producedAt: number,
): Promise<void> {
  if (crossings.length === 0) return;
  if (!sink) throw new Error('this process does not send crossings');
  for (let i = 0; i < crossings.length; i += SEND_CHUNK)
    await sink(crossings.slice(i, i + SEND_CHUNK).map((c) => ({ ...c, producedAt })));
}

/** Share of `accepted` in `read` (1 when nothing was read: nothing was refused). */
export const shareOf = (accepted: number, read: number): number =>
  read === 0 ? 1 : Math.max(0, accepted) / read;
