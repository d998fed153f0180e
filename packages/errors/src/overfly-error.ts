import type { ErrorEntry } from './define.js';

export interface OverflyErrorOptions {
  readonly cause?: unknown;
  /**
   * Overrides the catalogue's flag for this one error, where the same code can go either way
   * (a registry answering 4xx or 5xx); most owners never pass it.
   */
  readonly retriable?: boolean;
}

/**
 * The shape every Overfly error has: `code`, `retriable`, `httpStatus`, and a message that
 * starts with the catalogue's text so the code's meaning is readable without the docs.
 * Owners subclass it (`class GeoError extends OverflyError<GeoErrorCode>`) to add the data
 * their errors carry and to keep `instanceof` checks their own.
 */
export class OverflyError<C extends string = string> extends Error {
  override name = 'OverflyError';
  readonly code: C;
  readonly retriable: boolean;
  readonly httpStatus: number | undefined;

  constructor(entry: ErrorEntry<C>, detail?: string, options: OverflyErrorOptions = {}) {
    super(
      detail ? `${entry.message}: ${detail}` : entry.message,
      // Only a real cause: `{ cause: undefined }` would still add an empty `cause` property.
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = entry.code;
    this.retriable = options.retriable ?? entry.retriable;
    this.httpStatus = entry.httpStatus;
  }
}
