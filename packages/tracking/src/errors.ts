/**
 * Every error this package raises, declared once. `retriable` tells the consumer loop
 * whether another attempt can succeed (none here can: they are programming or data errors).
 */
export const trackingErrors = {
  CONFIG_INVALID: {
    message: 'the track engine configuration is invalid',
    retriable: false,
  },
  STATE_INVALID: {
    message: 'an imported track state or meta record is inconsistent',
    retriable: false,
  },
} as const satisfies Record<string, { message: string; retriable: boolean }>;

export type TrackingErrorCode = keyof typeof trackingErrors;

export class TrackingError extends Error {
  readonly code: TrackingErrorCode;
  readonly retriable: boolean;

  constructor(code: TrackingErrorCode, detail?: string, options?: { cause?: unknown }) {
    const base = trackingErrors[code];
    super(detail ? `${base.message}: ${detail}` : base.message, { cause: options?.cause });
    this.name = 'TrackingError';
    this.code = code;
    this.retriable = base.retriable;
  }
}
