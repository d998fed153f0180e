// Mock mode: demos and tests run the real pipeline without the network. A handler that
// returns nothing for a request is a configuration gap, reported as RESILIENCE_MOCK_NOT_CONFIGURED
// rather than guessed at.
import { ResilienceError } from './errors.js';
import type { Transport } from './transport.js';

export interface MockRequest {
  method: string;
  /** Full URL including the query string. */
  url: string;
  /** Path as the caller wrote it (without the base URL's own path or the query). */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface MockResponse {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as-is; anything else is JSON-encoded. */
  body?: unknown;
}

export type MockHandler = (
  request: MockRequest,
) => MockResponse | undefined | Promise<MockResponse | undefined>;

/** Answers by `"METHOD /path"` (e.g. `'GET /states/all'`); unknown routes stay unanswered. */
export function mockRoutes(
  routes: Readonly<Record<string, MockResponse | MockHandler>>,
): MockHandler {
  return (request) => {
    const route = routes[`${request.method} ${request.path}`];
    return typeof route === 'function' ? route(request) : route;
  };
}

export function createMockTransport(
  clientName: string,
  handler: MockHandler | undefined,
): Transport {
  return async (request) => {
    const path = request.path;
    if (!handler) {
      throw new ResilienceError('RESILIENCE_MOCK_NOT_CONFIGURED', {
        detail: `${clientName} is in mock mode without a mock handler (${request.method} ${path})`,
      });
    }
    const answer = await abortable(
      Promise.resolve(
        handler({
          method: request.method,
          url: request.url.toString(),
          path,
          query: Object.fromEntries(request.url.searchParams),
          headers: request.headers,
          body: request.body,
        }),
      ),
      request.signal,
    );
    if (!answer) {
      throw new ResilienceError('RESILIENCE_MOCK_NOT_CONFIGURED', {
        detail: `${clientName}: no mock answer for ${request.method} ${path}`,
      });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    let text = '';
    if (typeof answer.body === 'string') text = answer.body;
    else if (answer.body !== undefined) {
      text = JSON.stringify(answer.body);
      headers['content-type'] ??= 'application/json';
    }
    return { status: answer.status ?? 200, headers, text };
  };
}

// A mock that never answers must still time out like a silent server would.
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
