import type { Metrics } from '@overfly/observability';
import type { AnsweredRequest } from './app.js';

/** REST answer times: 1 ms to 10 s. */
const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * The api's HTTP series, labelled by route pattern (bounded: never the raw URL):
 * `overfly_http_requests_total{method,route,status}` and
 * `overfly_http_request_seconds{method,route}` (answer time, fastify's elapsed time).
 */
export function httpMetrics(metrics: Metrics): (request: AnsweredRequest) => void {
  const requests = metrics.counter(
    'overfly_http_requests_total',
    'Requests answered, by method, route pattern and status',
    ['method', 'route', 'status'],
  );
  const seconds = metrics.histogram(
    'overfly_http_request_seconds',
    'Time to answer a request, by method and route pattern',
    ['method', 'route'],
    SECONDS,
  );
  return (r) => {
    requests.inc({ method: r.method, route: r.route, status: String(r.status) });
    seconds.observe({ method: r.method, route: r.route }, r.seconds);
  };
}
