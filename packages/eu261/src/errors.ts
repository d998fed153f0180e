import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

/**
 * Every error this package raises, declared once. All are about the input (an itinerary, the
 * territory table), so none is retriable: assessing the same itinerary again fails the same
 * way. An itinerary that is well formed but owes nothing is not an error: it is an assessment
 * with `eligible: false` and the reason in its reasoning.
 */
export const eu261Errors = defineErrors('EU261', {
  INPUT_INVALID: {
    message: 'the itinerary does not have the shape or values of the documented input',
    retriable: false,
  },
  ITINERARY_INVALID: {
    message: 'the itinerary is well formed but cannot be assessed as it stands',
    retriable: false,
  },
  AIRPORT_UNKNOWN: {
    message: 'an airport of the itinerary is not in the airport table',
    retriable: false,
  },
  TERRITORY_INVALID: {
    message: 'the territory table has a malformed row or no rows',
    retriable: false,
  },
  CARRIERS_INVALID: {
    message: 'the carriers table has a malformed row or no rows',
    retriable: false,
  },
});

export type Eu261ErrorCode = CodeOf<typeof eu261Errors>;

export class Eu261Error extends OverflyError<Eu261ErrorCode> {
  override name = 'Eu261Error';
  /** Where in the input the problem is (`legs[1].scheduledArrival`), when it is one field. */
  readonly field: string | undefined;

  constructor(code: Eu261ErrorCode, detail: string, options?: { field?: string; cause?: unknown }) {
    const text = options?.field === undefined ? detail : `${options.field}: ${detail}`;
    super(eu261Errors.entry(code), text, { cause: options?.cause });
    this.field = options?.field;
  }
}
