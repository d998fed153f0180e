// Exact by definition: the international foot (1959 agreement) is 0.3048 m, and the
// international nautical mile is 1852 m (so 1 kt = 1852 m per 3600 s).
export const METRES_PER_FOOT = 0.3048;
export const MS_PER_KNOT = 1852 / 3600;
export const MS_PER_FOOT_PER_MINUTE = METRES_PER_FOOT / 60;

const scale =
  (factor: number) =>
  (value: number | null): number | null =>
    value === null ? null : value * factor;

export const feetToMetres = scale(METRES_PER_FOOT);
export const knotsToMs = scale(MS_PER_KNOT);
export const feetPerMinuteToMs = scale(MS_PER_FOOT_PER_MINUTE);
