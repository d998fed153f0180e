export {
  COMMON_DEFAULTS,
  commonConfig,
  commonDefaults,
  LOCAL_PORTS,
  LOG_LEVELS,
} from './common-config.js';
export { type ConfigVariable, describeConfig } from './describe-config.js';
export { DURATION_FORMAT, formatDuration, parseDuration } from './duration.js';
export {
  ConfigError,
  type ConfigErrorCode,
  type ConfigIssue,
  configErrors,
  formatIssue,
} from './errors.js';
export type { DerivedDefault, Env } from './field-meta.js';
export {
  bool,
  brokers,
  csv,
  derivedDefault,
  duration,
  enumOf,
  int,
  port,
  secret,
  url,
} from './fields.js';
export { kafkaEndpointsFromEnv } from './kafka-endpoints.js';
export {
  type ConfigSchema,
  type ConfigShape,
  defineConfig,
  type LoadedConfig,
  loadConfig,
  loadConfigOrExit,
} from './load-config.js';
export { type FlagValue, loadToolConfig } from './tool-config.js';
