export interface LonLat {
  lon: number;
  lat: number;
}

export interface Fir {
  id: string;
  name: string | null;
  /** Dense 0..n-1 within its layer (ordered by id), usable as an array index. */
  index: number;
  /** Area on the sphere of mean Earth radius, all the FIR's polygons summed. */
  areaKm2: number;
}

export interface Transition {
  /** In (0,1] along a→b. */
  fraction: number;
  lon: number;
  lat: number;
  from: Fir | null;
  to: Fir | null;
}

export interface FirLayer {
  readonly firs: readonly Fir[];
  byId(id: string): Fir | undefined;
  /** The one FIR of the charging layer containing the point, or null. Hot path: called for every position. */
  firAt(lon: number, lat: number): Fir | null;
  /**
   * Where the segment a→b changes FIR, in order along it (empty if it stays in one FIR
   * throughout — including corner clips: a segment from X to X that passes through Y in
   * between returns the two transitions X→Y and Y→X). Points interpolated ON the boundary.
   */
  transitions(a: LonLat, b: LonLat): Transition[];
  /**
   * The FIR's boundary as loaded, for drawing it (a map), not for lookups: its polygons,
   * each an outer ring then its holes, every ring a closed flat [lon0, lat0, lon1, lat1, …]
   * array. Empty for an id not in the layer.
   */
  outline(id: string): ReadonlyArray<readonly Float64Array[]>;
}

export interface LayerOptions {
  /** Which features enter the layer. Default: ids without '-' (no sub-sectors). */
  include?: (feature: { id: string; properties: Record<string, unknown> }) => boolean;
  /** Ids left out after `include`. Default: DEFAULT_EXCLUDED_FIRS. */
  exclude?: readonly string[];
  /** FIR id → display name. Default: names found in the features' properties, else null. */
  names?: ReadonlyMap<string, string>;
  /**
   * transitions() drops interior pieces shorter than this (gaps and slivers between
   * neighbouring polygons that do not share vertices). Default 0.25 km; 0 keeps all.
   */
  sliverKm?: number;
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
