export {
  ObservabilityError,
  type ObservabilityErrorCode,
  observabilityErrors,
} from './errors.js';
export {
  type CheckResult,
  createHealthChecks,
  DEFAULT_CHECK_TIMEOUT_MS,
  type HealthChecks,
  type ReadinessCheck,
  type ReadinessReport,
} from './health.js';
export {
  createLogger,
  type LogBindings,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  REDACTED_PATHS,
} from './logger.js';
export {
  createMetrics,
  type Metrics,
  type MetricsOptions,
  type SetSample,
} from './metrics.js';
export {
  type MetricsPublisher,
  type MetricsPublisherOptions,
  startMetricsPublisher,
} from './metrics-publisher.js';
export {
  type MetricKind,
  type MetricSample,
  type MetricsSnapshot,
  takeSnapshot,
  toSamples,
} from './metrics-snapshot.js';
export {
  createOpsHandler,
  liveResponse,
  metricsResponse,
  type OpsResponse,
  readyResponse,
} from './ops-handlers.js';
export { type OpsServer, type OpsServerOptions, startOpsServer } from './ops-server.js';
