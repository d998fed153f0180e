// Option defaults and validation, done once at construction so a bad configuration fails
// at start-up with every problem named, not at the first poll.

import { DAILY_CREDITS } from './credits.js';
import { OpenSkyError } from './errors.js';
import type { AccountType, OpenSkyClientOptions } from './types.js';

/** The REST root, https://openskynetwork.github.io/opensky-api/rest.html */
const DEFAULT_BASE_URL = 'https://opensky-network.org/api';
/**
 * OpenSky's Keycloak token endpoint, as used by its own Python client since OAuth2 became
 * mandatory: https://github.com/openskynetwork/opensky-api#authentication
 */
const DEFAULT_TOKEN_URL =
  'https://auth.opensky-network.org/auth/realms/opensky-network/protocol/openid-connect/token';
/** The 1-credit band's ceiling (credits.ts): a tile never costs more than one credit. */
const DEFAULT_TILE_MAX_AREA_SQ_DEG = 25;
/** A world-wide response is several MB; OpenSky can be slow under load. */
const DEFAULT_TIMEOUT_MS = 15_000;

export interface ResolvedOptions {
  baseUrl: string;
  tokenUrl: URL;
  credentials: { clientId: string; clientSecret: string } | undefined;
  accountType: AccountType;
  dailyCredits: number | null;
  tileMaxAreaSqDeg: number;
  tiling: 'cheapest' | 'always';
  mode: 'live' | 'mock';
  timeoutMs: number;
}

export function resolveOptions(options: OpenSkyClientOptions): ResolvedOptions {
  const problems: string[] = [];
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  if (!URL.canParse(baseUrl)) problems.push(`baseUrl is not a URL: "${baseUrl}"`);
  const tokenUrlText = options.tokenUrl ?? DEFAULT_TOKEN_URL;
  if (!URL.canParse(tokenUrlText)) problems.push(`tokenUrl is not a URL: "${tokenUrlText}"`);

  const clientId = options.clientId?.trim() || undefined;
  const clientSecret = options.clientSecret || undefined;
  // Half a credential pair is a typo in the environment, not a wish to run anonymously.
  if (clientId && !clientSecret)
    problems.push(`clientId "${clientId}" is set but clientSecret is not`);
  if (clientSecret && !clientId) problems.push('clientSecret is set but clientId is not');
  const credentials = clientId && clientSecret ? { clientId, clientSecret } : undefined;

  const accountType = options.accountType ?? (credentials ? 'standard' : 'anonymous');
  if (!(accountType in DAILY_CREDITS))
    problems.push(`accountType "${String(accountType)}" is unknown`);
  else if (accountType !== 'anonymous' && !credentials && options.mode !== 'mock') {
    problems.push(`accountType "${accountType}" needs clientId and clientSecret`);
  } else if (accountType === 'anonymous' && credentials) {
    problems.push('accountType "anonymous" contradicts the given clientId/clientSecret');
  }

  const mode = options.mode ?? 'live';
  // Mock mode counts credits as the real API would, but only enforces an allowance when
  // one is asked for (accountType or dailyCredits): simulated traffic for a demo must not
  // stop after an hour because an anonymous account's 400 daily credits ran out.
  const dailyCredits =
    options.dailyCredits !== undefined
      ? options.dailyCredits
      : mode === 'mock' && options.accountType === undefined
        ? null
        : (DAILY_CREDITS[accountType] ?? null);
  if (dailyCredits !== null && !(Number.isInteger(dailyCredits) && dailyCredits >= 0)) {
    problems.push(`dailyCredits must be a whole number >= 0 or null (got ${dailyCredits})`);
  }
  const tileMaxAreaSqDeg = options.tileMaxAreaSqDeg ?? DEFAULT_TILE_MAX_AREA_SQ_DEG;
  if (!(Number.isFinite(tileMaxAreaSqDeg) && tileMaxAreaSqDeg > 0)) {
    problems.push(`tileMaxAreaSqDeg must be > 0 (got ${tileMaxAreaSqDeg})`);
  }
  const tiling = options.tiling ?? 'cheapest';
  if (tiling !== 'cheapest' && tiling !== 'always')
    problems.push(`tiling "${String(tiling)}" is unknown`);
  if (mode !== 'live' && mode !== 'mock') problems.push(`mode "${String(mode)}" is unknown`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) problems.push(`timeoutMs must be > 0 (got ${timeoutMs})`);

  if (problems.length > 0) {
    throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_INVALID_OPTIONS', {
      detail: problems.join('; '),
    });
  }
  return {
    baseUrl,
    tokenUrl: new URL(tokenUrlText),
    credentials,
    accountType,
    dailyCredits,
    tileMaxAreaSqDeg,
    tiling,
    mode,
    timeoutMs,
  };
}
