import type { PassengerOption } from '@overfly/schemas';

/**
 * What each option is estimated to cost the airline per passenger, in euro cents, for
 * comparing options on a disrupted leg. The Regulation sets amounts only for compensation
 * (Art. 7, assessed by packages/eu261); for care it says "meals and refreshments in a
 * reasonable relation to the waiting time", "hotel accommodation" and "transport between
 * the airport and place of accommodation" (Art. 9(1)) and names no sum. These are Overfly's
 * planning estimates, not published rates: an airline replaces them with its contracted
 * ones (the service's PASSENGER_COST_* variables).
 */
export interface CareCosts {
  /** A meal voucher per passenger for a wait that reaches the care threshold. */
  mealsMinor: number;
  /** A night's room and transfer per passenger when the journey continues the next day. */
  hotelMinor: number;
  /** A seat in a coach or taxi to the booked destination after a diversion (Art. 8(3)). */
  groundTransportMinor: number;
}

export const defaultCareCosts: CareCosts = {
  mealsMinor: 1_500,
  hotelMinor: 12_000,
  groundTransportMinor: 5_000,
};

/** The order options are listed in on a disruption: what is owed first, then care. */
export const OPTION_ORDER: readonly PassengerOption[] = [
  'COMPENSATION',
  'REBOOK',
  'REFUND',
  'HOTEL',
  'MEALS',
  'GROUND_TRANSPORT',
];

/** Euro cents per option for one passenger. */
export type OptionCosts = Partial<Record<PassengerOption, number>>;

export function totalOf(costs: OptionCosts): number {
  let total = 0;
  for (const option of OPTION_ORDER) total += costs[option] ?? 0;
  return total;
}
