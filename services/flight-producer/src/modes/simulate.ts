/** Exit status of a mode this build does not have: a configuration the operator must change. */
export const NOT_AVAILABLE_EXIT_CODE = 2;

export const SIMULATE_NOT_AVAILABLE =
  'MODE=simulate is not available yet: the scenario engine comes with a later issue. ' +
  'Use MODE=replay with REPLAY_FILES, or MODE=live with OPENSKY_MODE=mock for simulated OpenSky traffic.';
