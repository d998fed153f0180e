import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import type { StoredDeadLetter } from '@overfly/kafka';
import {
  lettersToReplay,
  listDeadLetters,
  listNotifications,
  markReplayed,
} from '../queries/ops.js';
import { deadLetterSchema, notificationSchema } from '../schemas/ops.js';
import { afterCursor as after, cursorParam, pageSchema as page } from '../server/paging.js';
import { limitSchema, problemResponses, textParam as text } from '../server/schemas.js';

/**
 * GET /v1/notifications and GET /v1/dead-letters (ops), POST /v1/dead-letters/replay (admin):
 * what was sent to whom, what a service gave up on, and sending it through again.
 */
export function opsRoutes(deps: {
  db: Queryable;
  pageLimit: number;
  /** Re-publishes the letters' original bytes to their source topics; returns how many. */
  resend: (letters: readonly StoredDeadLetter[]) => Promise<number>;
  now?: () => number;
}): FastifyPluginAsyncJsonSchemaToTs {
  const now = deps.now ?? Date.now;
  return async (app) => {
    app.get(
      '/v1/notifications',
      {
        config: { access: 'ops' },
        schema: {
          tags: ['ops'],
          summary: 'Notifications (e-mail, SMS, webhook) with their latest state, newest first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              channel: { type: 'string', enum: ['EMAIL', 'SMS', 'WEBHOOK'] },
              status: {
                type: 'string',
                enum: ['PENDING', 'SENT', 'DELIVERED', 'FAILED', 'SUPPRESSED', 'DEAD_LETTERED'],
              },
              sourceEventId: text,
              limit: limitSchema(deps.pageLimit, 50),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: notificationSchema }, page },
              required: ['items', 'page'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, next } = await listNotifications(
          deps.db,
          {
            ...(q.channel ? { channel: q.channel } : {}),
            ...(q.status ? { status: q.status } : {}),
            ...(q.sourceEventId ? { sourceEventId: q.sourceEventId } : {}),
          },
          { limit: q.limit, after: after(q.cursor) },
        );
        return { items, page: { limit: q.limit, next } };
      },
    );

    app.get(
      '/v1/dead-letters',
      {
        config: { access: 'ops' },
        schema: {
          tags: ['ops'],
          summary: 'Messages a service gave up on, newest failure first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              service: text,
              errorCode: text,
              sourceTopic: text,
              limit: limitSchema(deps.pageLimit, 50),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: deadLetterSchema }, page },
              required: ['items', 'page'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, next } = await listDeadLetters(
          deps.db,
          {
            ...(q.service ? { service: q.service } : {}),
            ...(q.errorCode ? { errorCode: q.errorCode } : {}),
            ...(q.sourceTopic ? { sourceTopic: q.sourceTopic } : {}),
          },
          { limit: q.limit, after: after(q.cursor) },
        );
        return { items, page: { limit: q.limit, next } };
      },
    );

    app.post(
      '/v1/dead-letters/replay',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['ops'],
          summary:
            "Re-publishes dead letters' original bytes to their source topics (the consumers are idempotent)",
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['ids'],
            properties: {
              ids: { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: text },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                replayed: { type: 'array', items: { type: 'string' } },
                notFound: { type: 'array', items: { type: 'string' } },
              },
              required: ['replayed', 'notFound'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const { ids } = request.body;
        const letters = await lettersToReplay(deps.db, ids);
        const found = new Set(letters.map((l) => l.id));
        if (letters.length > 0) {
          await deps.resend(letters);
          await markReplayed(deps.db, [...found], now());
        }
        return { replayed: [...found], notFound: ids.filter((id) => !found.has(id)) };
      },
    );
  };
}
