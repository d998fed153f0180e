import { type CodeOf, defineErrors, OverflyError } from '@overfly/errors';

// Every error ops-feed raises itself, declared once as data. Transport failures (timeouts,
// 5xx, 429, an open breaker) surface unchanged as @overfly/resilience's RESILIENCE_* errors.
// README.md lists every code; errors.test.ts keeps the two in sync.
export const opsFeedErrors = defineErrors('OPS_FEED', {
  METAR_UNPARSEABLE: {
    message: 'A METAR could not be decoded; it is counted and not published',
    // The same text decodes the same way next time.
    retriable: false,
  },
  TAF_UNPARSEABLE: {
    message: 'A TAF could not be decoded; it is counted and not used',
    retriable: false,
  },
  WEATHER_RESPONSE_INVALID: {
    message: 'The weather API answered with a body that is not a METAR or TAF list',
    // Seen from web APIs during maintenance (an HTML page with status 200); the next poll may be fine.
    retriable: true,
  },
  SCHEDULES_RESPONSE_INVALID: {
    message: 'The flight-data API answered with a body that is not a flights page',
    retriable: true,
  },
  FLIGHT_UNMAPPABLE: {
    message:
      'A flight of the flight-data API lacks what a schedule needs; it is counted and skipped',
    retriable: false,
  },
  MANIFEST_INVALID: {
    message: 'A passenger-list export is not in the documented format; nothing of it is published',
    retriable: false,
  },
  API_UNAUTHORIZED: {
    message: 'An API refused our key or token',
    // A wrong or revoked key stays wrong until someone changes configuration.
    retriable: false,
    httpStatus: 401,
  },
  SCENARIO_UNAVAILABLE: {
    message: 'Mock mode cannot compile the network scenario it was given',
    retriable: false,
  },
});

export type OpsFeedErrorCode = CodeOf<typeof opsFeedErrors>;

export class OpsFeedError extends OverflyError<OpsFeedErrorCode> {
  override name = 'OpsFeedError';

  constructor(code: OpsFeedErrorCode, detail?: string, options: { cause?: unknown } = {}) {
    super(opsFeedErrors.entry(code), detail, options);
    // As ResilienceError's: the code leads, so a log line of the message alone names it.
    this.message = `${code}: ${this.message}`;
  }
}
