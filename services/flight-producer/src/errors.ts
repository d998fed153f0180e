import { type CodeOf, defineErrors } from '@overfly/errors';

// Every error flight-producer raises itself, declared once as data. Today they all come
// from its OpenSky client (hence the OPENSKY_ in their names); transport failures surface
// unchanged as @overfly/resilience's RESILIENCE_* errors. README.md lists every code;
// errors.test.ts keeps the two in sync.
export const flightProducerErrors = defineErrors('FLIGHT_PRODUCER', {
  OPENSKY_UNAUTHORIZED: {
    message: 'OpenSky rejected the client credentials',
    // A wrong or revoked client secret stays wrong until someone changes configuration.
    retriable: false,
    httpStatus: 401,
  },
  OPENSKY_TOKEN_UNAVAILABLE: {
    message: 'The OpenSky token endpoint could not issue a token',
    // Network trouble or a 5xx at the auth server; the next poll may succeed.
    retriable: true,
  },
  OPENSKY_CREDITS_EXHAUSTED: {
    message: 'The OpenSky API credit budget is spent; no request was sent',
    // Not retriable within the day: retryAfterMs says when credits come back.
    retriable: false,
    httpStatus: 429,
  },
  OPENSKY_INVALID_RESPONSE: {
    message: 'OpenSky answered with a body that is not a states response',
    // Seen during OpenSky maintenance (HTML pages with status 200); the next poll may be fine.
    retriable: true,
  },
  OPENSKY_INVALID_BBOX: {
    message: 'The bounding box is not valid WGS-84 degrees',
    retriable: false,
  },
  OPENSKY_INVALID_OPTIONS: {
    message: 'Invalid OpenSky client options',
    retriable: false,
  },
});

export type FlightProducerErrorCode = CodeOf<typeof flightProducerErrors>;
