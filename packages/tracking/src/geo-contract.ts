// The geometry this engine stands on is packages/geo's; its types are structural, so a
// test double shaped like FirLayer and AirportIndex (test-support/fake-geo.ts) plugs in too.
export type { Airport, AirportIndex, Fir, FirLayer, LonLat, Transition } from '@overfly/geo';
