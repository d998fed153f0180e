import type { Band } from './types.js';

const HOUR_MS = 3_600_000;

/**
 * Art. 7(2): the carrier may halve the compensation when the re-routed passenger's arrival
 * "does not exceed the scheduled arrival time of the flight originally booked" by (a) two
 * hours for band (a), (b) three hours for band (b), (c) four hours for band (c). "Does not
 * exceed" includes the edge: 2 h 00 min late on a band-(a) journey is halved, 2 h 01 min is not.
 */
export const REDUCTION_LIMIT_MS: Readonly<Record<Band, number>> = {
  A: 2 * HOUR_MS,
  B: 3 * HOUR_MS,
  C: 4 * HOUR_MS,
};

export function reductionApplies(band: Band, arrivalDelayMs: number): boolean {
  return arrivalDelayMs <= REDUCTION_LIMIT_MS[band];
}
