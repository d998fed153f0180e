import type { FirCrossing, FlightEvent } from '@overfly/schemas';

/** One position report, in the units of flights.updates. */
export interface Fix {
  icao24: string;
  /** Position time, epoch ms. */
  t: number;
  lat: number;
  lon: number;
  /** Barometric altitude in metres (geometric when there is no baro); null when unknown. */
  altM: number | null;
  onGround: boolean | null;
  velocityMs: number | null;
  callsign: string | null;
}

export type CrossingRecord = Omit<FirCrossing, 'producedAt'>;
export type FlightEventRecord = Omit<FlightEvent, 'producedAt'>;

/** Why a fix was not used (see README, "Rules"). */
export type RejectReason = 'INVALID' | 'LATE' | 'DUPLICATE' | 'SPEED_OUTLIER' | 'UNCONFIRMED_TRACK';

export interface EngineOutput {
  crossing(c: CrossingRecord): void;
  event(e: FlightEventRecord): void;
  rejected?(fix: Fix, reason: RejectReason): void;
}
