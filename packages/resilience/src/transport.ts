// The one seam between the resilience pipeline and the wire: live mode sends with Node's
// global fetch (undici), mock mode answers from a handler. Everything above this seam
// (breaker, rate limit, retry, cache) runs the same in both modes.

interface TransportRequest {
  method: string;
  url: URL;
  /** The caller's path, without base URL or query: safe for logs and mock routing. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Aborts on the attempt's timeout or the caller's own signal. */
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Lower-case names, as fetch's Headers yields them. */
  headers: Record<string, string>;
  /** The whole body, read under the same signal so a stalled body also times out. */
  text: string;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export const fetchTransport: Transport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
    signal: request.signal,
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // Always read the body: undici keeps the connection busy until it is consumed.
  const text = await response.text();
  return { status: response.status, headers, text };
};
