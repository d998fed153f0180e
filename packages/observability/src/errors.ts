// Every error this package raises, declared once. A test keeps README.md in sync.
export const observabilityErrors = {
  METRIC_NAME_INVALID: {
    message: 'Metric name does not follow the overfly_ naming convention',
    retriable: false,
  },
  METRIC_TYPE_CONFLICT: {
    message: 'A metric with this name is already registered with another type',
    retriable: false,
  },
  HEALTH_CHECK_TIMEOUT: {
    message: 'Readiness check did not finish in time',
    // A slow dependency may answer on the next probe.
    retriable: true,
    httpStatus: 503,
  },
  HEALTH_CHECK_FAILED: {
    message: 'Readiness check failed',
    retriable: true,
    httpStatus: 503,
  },
  METRICS_PUBLISH_FAILED: {
    message: 'Publishing a metrics snapshot failed',
    // The next interval publishes fresh values anyway.
    retriable: true,
  },
} as const satisfies Record<string, { message: string; retriable: boolean; httpStatus?: number }>;

export type ObservabilityErrorCode = keyof typeof observabilityErrors;

export class ObservabilityError extends Error {
  readonly code: ObservabilityErrorCode;
  readonly retriable: boolean;

  constructor(code: ObservabilityErrorCode, detail?: string, options?: { cause?: unknown }) {
    const base = observabilityErrors[code].message;
    super(detail ? `${base}: ${detail}` : base, options);
    this.name = 'ObservabilityError';
    this.code = code;
    this.retriable = observabilityErrors[code].retriable;
  }
}
