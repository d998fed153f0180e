// The part of packages/geo's contract this engine uses, as structural types: anything
// shaped like @overfly/geo's FirLayer and AirportIndex (or a test double) plugs in.

export interface LonLat {
  lon: number;
  lat: number;
}

export interface Fir {
  id: string;
  name: string | null;
  index: number;
  areaKm2: number;
}

export interface Transition {
  /** In (0, 1] along a→b. */
  fraction: number;
  lon: number;
  lat: number;
  from: Fir | null;
  to: Fir | null;
}

export interface FirLayer {
  readonly firs: readonly Fir[];
  byId(id: string): Fir | undefined;
  firAt(lon: number, lat: number): Fir | null;
  /** Ordered FIR changes along a→b, interpolated on the boundary; empty when it stays in one FIR. */
  transitions(a: LonLat, b: LonLat): Transition[];
}

export interface Airport {
  icao: string;
  iata: string | null;
  name: string;
  lon: number;
  lat: number;
  elevationFt: number | null;
}

export interface AirportIndex {
  nearest(lon: number, lat: number, maxKm: number): Airport | null;
  byIcao(icao: string): Airport | undefined;
  readonly size: number;
}
