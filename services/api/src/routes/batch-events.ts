import type {} from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BatchEventHub } from '../batch/events.js';

type Authorization = true | { status: 401 | 403; detail: string };

/**
 * GET /v1/batch-jobs/events (WebSocket): `batch:created`, `batch:progress`,
 * `batch:completed`, `batch:failed` and `batch:cancelled`, each `{ event, job }` with the
 * job's batch.progress record. Billing or admin; a tenant-scoped caller gets its own jobs'
 * events only. Refused before the handshake (plain problem+json) without credentials.
 */
export function batchEventsRoute(
  hub: BatchEventHub,
  authorize: (request: FastifyRequest) => Authorization,
) {
  return async function batchEvents(app: FastifyInstance): Promise<void> {
    app.get(
      '/v1/batch-jobs/events',
      {
        websocket: true,
        schema: {
          tags: ['batch'],
          summary: 'Batch job events (WebSocket)',
          description:
            'Upgrade to a WebSocket: { "event": "batch:created" | "batch:progress" | "batch:completed" | "batch:failed" | "batch:cancelled", "job": { commandId, jobName, status, processed, failed, total, message, startedAt, updatedAt } } as the workers report.',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              token: { type: 'string', description: 'An API key or a JWT, for browsers' },
            },
          },
        },
        preValidation: async (request, reply) => {
          const verdict = authorize(request);
          if (verdict === true) return;
          if (verdict.status === 401) reply.header('www-authenticate', 'Bearer realm="overfly"');
          return reply
            .code(verdict.status)
            .type('application/problem+json')
            .send({
              type: 'about:blank',
              title: verdict.status === 401 ? 'Unauthorized' : 'Forbidden',
              status: verdict.status,
              detail: verdict.detail,
            });
        },
      },
      (socket, request) => {
        const leave = hub.connect(socket, request.principal.operator);
        socket.on('close', leave);
        socket.on('error', leave);
        // A client says nothing on this stream; what it sends is ignored.
      },
    );
  };
}
