// The OpenSky client's public surface; everything else in this folder is private to it.
export { createOpenSkyClient } from './client.js';
export type { FetchStatesResult, OpenSkyState } from './types.js';
