export { type AssessOptions, assessCompensation } from './assess.js';
export { type CarrierFound, type Carriers, defaultCarriers, loadCarriers } from './carriers.js';
export type { AirportLookup } from './distance.js';
export { Eu261Error, type Eu261ErrorCode, eu261Errors } from './errors.js';
export { parseItinerary, readItinerary } from './input.js';
export { defaultTerritory, loadTerritory, type Place, type Territory } from './territory.js';
export type {
  Band,
  Carrier,
  Cause,
  CauseKind,
  DeniedBoarding,
  DisruptionKind,
  Eu261Assessment,
  Itinerary,
  Leg,
  LegStatus,
  ReasoningStep,
  ReasoningTopic,
  Rerouting,
} from './types.js';
