import type { FirCrossing, FlightEvent, PositionUpdate } from '@overfly/schemas';

/**
 * What the engine reads of a position: the fields of the generated PositionUpdate (a
 * flights.updates record) it uses. Every PositionUpdate is one; a position restored from a
 * checkpoint carries these fields only.
 */
export type TrackedPosition = Pick<
  PositionUpdate,
  | 'icao24'
  | 'positionTime'
  | 'latitude'
  | 'longitude'
  | 'baroAltitudeM'
  | 'geoAltitudeM'
  | 'onGround'
  | 'velocityMs'
  | 'callsign'
>;

export type CrossingRecord = Omit<FirCrossing, 'producedAt'>;
export type FlightEventRecord = Omit<FlightEvent, 'producedAt'>;

/** Why a position was not used (see README, "Rules"). */
export type RejectReason =
  | 'INVALID'
  | 'LATE'
  | 'DUPLICATE'
  | 'STALE'
  | 'SPEED_OUTLIER'
  | 'UNCONFIRMED_TRACK';

export interface EngineOutput {
  crossing(c: CrossingRecord): void;
  event(e: FlightEventRecord): void;
  rejected?(position: TrackedPosition, reason: RejectReason): void;
}
