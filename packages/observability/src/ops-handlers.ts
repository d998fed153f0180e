import type { Registry } from 'prom-client';
import type { HealthChecks } from './health.js';

/** A response any HTTP framework can send: fastify, node:http, or a test. */
export interface OpsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** GET /metrics — the Prometheus text exposition of the registry. */
export async function metricsResponse(registry: Registry): Promise<OpsResponse> {
  return {
    status: 200,
    headers: { 'content-type': registry.contentType },
    body: await registry.metrics(),
  };
}

/** GET /health/live — answering at all proves the event loop runs. */
export function liveResponse(): OpsResponse {
  return json(200, { status: 'live', uptimeSeconds: Math.round(process.uptime()) });
}

/** GET /health/ready — 200 when every readiness check passes, 503 naming those that fail. */
export async function readyResponse(health: HealthChecks | undefined): Promise<OpsResponse> {
  if (!health) return json(200, { status: 'ready', failing: [], checks: [] });
  const report = await health.run();
  return json(report.ready ? 200 : 503, {
    status: report.ready ? 'ready' : 'not ready',
    failing: report.failing,
    checks: report.checks,
  });
}

/** Routes the ops endpoints; `undefined` means "not an ops path", for the caller to 404. */
export function createOpsHandler(options: { registry: Registry; health?: HealthChecks }) {
  return async (method: string, path: string): Promise<OpsResponse | undefined> => {
    const route = path.split('?')[0];
    if (route !== '/metrics' && route !== '/health/live' && route !== '/health/ready') {
      return undefined;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        ...json(405, { error: 'method not allowed' }),
        headers: { allow: 'GET, HEAD', 'content-type': JSON_TYPE },
      };
    }
    if (route === '/metrics') return metricsResponse(options.registry);
    if (route === '/health/live') return liveResponse();
    return readyResponse(options.health);
  };
}

function json(status: number, body: unknown): OpsResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
}
