export { detectFormat, parseFormat } from './detect.js';
export { TrajectoryError, type TrajectoryErrorCode, trajectoryErrors } from './errors.js';
export { OPENSKY_STATES_COLUMNS } from './formats/opensky-csv.js';
export { positionsInTimeOrder } from './in-time-order.js';
export { JSONL_VERSION, type JsonlPositionV1, toJsonlLine } from './jsonl-format.js';
export { openTrajectory, type ReadOptions, readTrajectory, type TrajectoryFile } from './read.js';
export { inTimeOrder } from './time-order.js';
export {
  type RowAccepted,
  type RowReason,
  type RowRejection,
  type RowResult,
  rowReasons,
  type TrajectoryFormat,
  trajectoryFormats,
} from './types.js';
export {
  feetPerMinuteToMs,
  feetToMetres,
  knotsToMs,
  METRES_PER_FOOT,
  MS_PER_FOOT_PER_MINUTE,
  MS_PER_KNOT,
} from './units.js';
export { DEFAULT_MAX_BACKWARDS_MS } from './validate.js';
