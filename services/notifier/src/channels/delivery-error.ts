/**
 * A send that did not go through, as the dispatcher needs to know it: permanent (the
 * address is refused, the request is wrong: retrying changes nothing, so dead-letter it) or
 * transient (server away, busy, slow, breaker open: retry later, not before retryAfterMs).
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { permanent: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.permanent = options.permanent;
    this.retryAfterMs = options.retryAfterMs;
  }
}
