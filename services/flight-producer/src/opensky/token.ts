// OAuth2 client-credentials tokens for OpenSky (RFC 6749 §4.4): POST a form with
// grant_type=client_credentials, client_id and client_secret; use the access_token as a
// Bearer token until it nears its expires_in. OpenSky requires this since basic
// authentication was retired: https://github.com/openskynetwork/opensky-api#authentication
import { type HttpClient, isResilienceError } from '@overfly/resilience';
import { OpenSkyError } from './errors.js';

/**
 * Refresh at 80 % of the token's lifetime: for OpenSky's 30-minute tokens that is 6 minutes
 * early, ample for clock skew and for a request waiting in the rate limiter's queue.
 */
const REFRESH_AT_FRACTION = 0.8;
/** Used only if the token response omits expires_in (OpenSky's tokens last 30 minutes). */
const DEFAULT_EXPIRES_IN_S = 1_800;

export interface TokenProvider {
  /** A valid token; concurrent callers share one fetch. */
  get(): Promise<string>;
  /** The API refused `stale`: fetch a new one unless someone already replaced it. */
  refresh(stale: string): Promise<string>;
}

interface Cached {
  token: string;
  refreshAtMs: number;
}

export function createTokenProvider(options: {
  http: HttpClient;
  tokenPath: string;
  clientId: string;
  clientSecret: string;
  now: () => number;
  onRefreshed?: (expiresInS: number) => void;
}): TokenProvider {
  const { http, tokenPath, clientId, clientSecret, now } = options;
  let cached: Cached | undefined;
  let inFlight: Promise<string> | undefined;

  const fetchToken = (): Promise<string> => {
    // One request for every caller that arrives while it is out.
    inFlight ??= request().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const request = async (): Promise<string> => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    let body: unknown;
    try {
      ({ body } = await http.post<unknown>(tokenPath, form.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }));
    } catch (err) {
      // Keycloak answers 400 invalid_client / 401 unauthorized_client for bad credentials.
      if (isResilienceError(err) && (err.status === 400 || err.status === 401)) {
        throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_UNAUTHORIZED', {
          detail: `token endpoint refused client id "${clientId}" (HTTP ${err.status})`,
          clientId,
          cause: err,
        });
      }
      throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_TOKEN_UNAVAILABLE', {
        detail: `client id "${clientId}": ${err instanceof Error ? err.message : String(err)}`,
        clientId,
        cause: err,
      });
    }
    const { token, expiresInS } = readTokenResponse(body, clientId);
    cached = { token, refreshAtMs: now() + expiresInS * 1000 * REFRESH_AT_FRACTION };
    options.onRefreshed?.(expiresInS);
    return token;
  };

  return {
    async get() {
      if (cached && now() < cached.refreshAtMs) return cached.token;
      return fetchToken();
    },
    async refresh(stale) {
      if (cached && cached.token !== stale && now() < cached.refreshAtMs) return cached.token;
      cached = undefined;
      return fetchToken();
    },
  };
}

function readTokenResponse(body: unknown, clientId: string): { token: string; expiresInS: number } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const token = fields.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_TOKEN_UNAVAILABLE', {
      detail: `client id "${clientId}": the token response has no access_token`,
      clientId,
    });
  }
  const expiresIn = fields.expires_in;
  const expiresInS =
    typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S;
  return { token, expiresInS };
}
