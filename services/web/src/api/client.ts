import { apiKey } from './key.js';

/** An answer of the api other than 2xx, from its problem+json body (RFC 9457). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
  ) {
    super(`${status} ${title}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `/v1/x?a=1` with the empty parameters left out. */
function urlOf(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function headers(): HeadersInit {
  const key = apiKey();
  return key
    ? { authorization: `Bearer ${key}`, accept: 'application/json' }
    : { accept: 'application/json' };
}

async function problemOf(response: Response): Promise<ApiError> {
  let title = response.statusText || 'Error';
  let detail: string | null = null;
  try {
    const body = (await response.json()) as { title?: unknown; detail?: unknown };
    if (typeof body.title === 'string') title = body.title;
    if (typeof body.detail === 'string') detail = body.detail;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  return new ApiError(response.status, title, detail);
}

/** GET a JSON resource of the api. */
export async function getJson<T>(
  path: string,
  query: Query = {},
  signal?: AbortSignal,
): Promise<T> {
  const response = await fetch(urlOf(path, query), {
    headers: headers(),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

/** POST JSON to the api; the answer's JSON. */
export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

/** A WebSocket URL of the api on this page's origin, with the key as `token` (no headers on a WebSocket). */
export function socketUrl(path: string, query: Query = {}): string {
  const base = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
  const key = apiKey();
  return base + urlOf(path, key ? { ...query, token: key } : query);
}
