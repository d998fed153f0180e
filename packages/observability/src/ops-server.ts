import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { HealthChecks } from './health.js';
import { createOpsHandler } from './ops-handlers.js';

export interface OpsServerOptions {
  /** 0 picks a free port; the chosen one is returned. */
  port: number;
  /** All interfaces by default, so Prometheus in a container can scrape it. */
  host?: string;
  registry: Registry;
  health?: HealthChecks;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics, /health/live and /health/ready on its own port. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const handle = createOpsHandler(options);
  const server = createServer((req, res) => {
    handle(req.method ?? 'GET', req.url ?? '/')
      .then((response) => {
        const reply = response ?? {
          status: 404,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: 'not found\n',
        };
        res.writeHead(reply.status, reply.headers);
        res.end(req.method === 'HEAD' ? undefined : reply.body);
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(error instanceof Error ? error.message : String(error));
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Prometheus keeps connections alive; without this close() waits for them to idle.
        server.closeAllConnections();
      }),
  };
}
