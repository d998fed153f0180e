import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

// Every error this package raises, declared once. A test keeps README.md in sync.
export const observabilityErrors = defineErrors('OBSERVABILITY', {
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
});

export type ObservabilityErrorCode = CodeOf<typeof observabilityErrors>;

export class ObservabilityError extends OverflyError<ObservabilityErrorCode> {
  override name = 'ObservabilityError';

  constructor(code: ObservabilityErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(observabilityErrors.entry(code), detail, options);
  }
}
