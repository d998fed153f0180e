// The public shapes of the OpenSky client. The flight-producer's live mode codes against
// exactly these; change them only together with it.
import type { Metrics } from '@overfly/observability';
import type {
  MockHandler,
  RateLimitOptions,
  ResilienceEvent,
  RetryPolicy,
} from '@overfly/resilience';

/** WGS-84 decimal degrees. `lomin > lomax` means the box crosses the antimeridian. */
export interface BoundingBox {
  lamin: number;
  lomin: number;
  lamax: number;
  lomax: number;
}

/** One row of `/states/all`, named and typed. Units as OpenSky sends them (s, m, m/s, °). */
export interface OpenSkyState {
  icao24: string;
  callsign: string | null;
  originCountry: string;
  /** Unix seconds of the last position report; null if none within the past 15 s. */
  timePosition: number | null;
  /** Unix seconds of the last message of any kind. */
  lastContact: number;
  longitude: number | null;
  latitude: number | null;
  baroAltitudeM: number | null;
  onGround: boolean;
  velocityMs: number | null;
  /** Degrees clockwise from north. */
  trueTrackDeg: number | null;
  /** Positive climbing, negative descending. */
  verticalRateMs: number | null;
  geoAltitudeM: number | null;
  squawk: string | null;
  spi: boolean;
  /** 0 ADS-B, 1 ASTERIX, 2 MLAT, 3 FLARM. */
  positionSource: number | null;
  /** ADS-B emitter category 0–20 (only with `extended=1`, which this client always sends). */
  category: number | null;
}

export type AccountType = 'anonymous' | 'standard' | 'feeder';

/** Why a state row was skipped: the first field that failed validation. */
export type RejectReason =
  | 'not_an_array'
  | 'too_short'
  | 'icao24'
  | 'callsign'
  | 'origin_country'
  | 'time_position'
  | 'last_contact'
  | 'longitude'
  | 'latitude'
  | 'baro_altitude'
  | 'on_ground'
  | 'velocity'
  | 'true_track'
  | 'vertical_rate'
  | 'geo_altitude'
  | 'squawk'
  | 'spi'
  | 'position_source'
  | 'category';

export type OpenSkyEvent =
  | {
      type: 'credits';
      accountType: AccountType;
      /** Credits this call charged (0 for the initial report). */
      charged: number;
      /** Credits used today (UTC) by this client. */
      used: number;
      left: number | null;
    }
  | { type: 'credits_exhausted'; accountType: AccountType; retryAfterMs: number }
  | { type: 'rows_rejected'; reason: RejectReason; count: number }
  | { type: 'token_refreshed'; clientId: string; expiresInS: number }
  | { type: 'plan'; tiles: number; credits: number; untiledCredits: number }
  | { type: 'http'; event: ResilienceEvent };

export interface SimulatedTrafficOptions {
  /** Aircraft in the simulated fleet. Default 150. */
  aircraft?: number;
  /** Same seed, same clock → same states. Default 1. */
  seed?: number;
  /** Where the simulated fleet flies. Default: Europe, 35–60 °N, 10 °W–30 °E. */
  area?: BoundingBox;
  /** Replaces the simulator: answers the HTTP request itself (tests, recorded replies). */
  handler?: MockHandler;
}

export interface OpenSkyClientOptions {
  /** Default https://opensky-network.org/api */
  baseUrl?: string;
  /** Default OpenSky's Keycloak token endpoint (see README.md). */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** Sets the daily credit allowance. Default 'standard' with credentials, else 'anonymous'. */
  accountType?: AccountType;
  /**
   * Override the daily allowance (e.g. a licensed account); null disables local budget
   * enforcement, leaving only the server's X-Rate-Limit-Remaining.
   */
  dailyCredits?: number | null;
  /** Largest tile, in square degrees, when tiling. Default 25 (the 1-credit band). */
  tileMaxAreaSqDeg?: number;
  /**
   * 'cheapest' (default): tile only when the tiles cost fewer credits than one call.
   * 'always': never send a box larger than tileMaxAreaSqDeg (smaller responses).
   */
  tiling?: 'cheapest' | 'always';
  /** Default 'live'. 'mock' serves simulated traffic and sends nothing over the network. */
  mode?: 'live' | 'mock';
  mock?: SimulatedTrafficOptions;
  onEvent?: (event: OpenSkyEvent) => void;
  /** Exposes credits and rejected rows as Prometheus metrics. */
  metrics?: Metrics;
  /** Epoch ms; drives token expiry, the UTC day and the simulator. Default Date.now. */
  now?: () => number;
  /** Per-attempt timeout. Default 15 s (global responses are several MB). */
  timeoutMs?: number;
  rateLimit?: RateLimitOptions;
  retry?: Partial<RetryPolicy>;
}

export interface FetchStatesResult {
  /** Unix seconds the states are valid for (the newest across tiles). */
  time: number;
  states: OpenSkyState[];
  creditsCharged: number;
  tiles: number;
}

export interface OpenSkyClient {
  fetchStates(bbox: BoundingBox): Promise<FetchStatesResult>;
  /** Credits this client spent today (UTC). */
  creditsUsed(): number;
  /** The server's X-Rate-Limit-Remaining when known, else our own accounting; null if unknown. */
  creditsLeft(): number | null;
  close(): Promise<void>;
}
