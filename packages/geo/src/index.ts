export { defaultAirports, loadAirports } from './airports.js';
export type { ExcludedFir } from './charging-layer.js';
export { DEFAULT_EXCLUDED_FIRS, isTopLevelFeature } from './charging-layer.js';
export type { GeoErrorCode } from './errors.js';
export { GeoError, geoErrors } from './errors.js';
export { greatCircleKm, haversineKm, MEAN_EARTH_RADIUS_KM } from './great-circle.js';
export { DEFAULT_SLIVER_KM, loadFirLayer } from './layer.js';
export { bundledFirLayer, defaultFirLayer, firLayerFor, loadFirLayerFromFile } from './load.js';
export type {
  Airport,
  AirportIndex,
  Fir,
  FirLayer,
  LayerOptions,
  LonLat,
  Transition,
} from './types.js';
