// The OpenSky client's public surface; everything else in this folder is private to it.
export { createOpenSkyClient } from './client.js';
export {
  bboxAreaSqDeg,
  CREDIT_BANDS,
  creditCost,
  DAILY_CREDITS,
  MAX_REQUEST_CREDITS,
} from './credits.js';
export { isOpenSkyError, OpenSkyError, type OpenSkyErrorCode } from './errors.js';
export {
  DEFAULT_BASE_URL,
  DEFAULT_TILE_MAX_AREA_SQ_DEG,
  DEFAULT_TOKEN_URL,
} from './options.js';
export { DEFAULT_SIMULATED_AREA } from './simulated.js';
export { planRequests, type RequestPlan, splitIntoTiles } from './tiles.js';
export type {
  AccountType,
  BoundingBox,
  FetchStatesResult,
  OpenSkyClient,
  OpenSkyClientOptions,
  OpenSkyEvent,
  OpenSkyState,
  RejectReason,
  SimulatedTrafficOptions,
} from './types.js';
