/**
 * The random streams of a network day (rngFor(seed, STREAM.x, …)): each part draws from its
 * own, so adding a disruption never changes the schedule, the bookings or the weather.
 */
export const STREAM = {
  rotation: 101,
  bookings: 102,
  noise: 103,
  weather: 104,
  disruption: 105,
  ids: 106,
} as const;
