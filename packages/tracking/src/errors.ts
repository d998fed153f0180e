import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

/**
 * Every error this package raises, declared once. `retriable` tells the consumer loop
 * whether another attempt can succeed (none here can: they are programming or data errors).
 */
export const trackingErrors = defineErrors('TRACKING', {
  CONFIG_INVALID: {
    message: 'the track engine configuration is invalid',
    retriable: false,
  },
  STATE_INVALID: {
    message: 'an imported track state or meta record is inconsistent',
    retriable: false,
  },
});

export type TrackingErrorCode = CodeOf<typeof trackingErrors>;

export class TrackingError extends OverflyError<TrackingErrorCode> {
  override name = 'TrackingError';

  constructor(code: TrackingErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(trackingErrors.entry(code), detail, options);
  }
}
