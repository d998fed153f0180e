import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import { listOperator, maySee } from '../auth/principal.js';
import { getCrossing, listCrossings } from '../queries/crossings.js';
import { crossingSchema } from '../schemas/crossing.js';
import { afterCursor, cursorParam, dayRange, pageSchema } from '../server/paging.js';
import { notFound } from '../server/problem.js';
import {
  ICAO_OPERATOR,
  ISO_DATE,
  limitSchema,
  problemResponses,
  textParam,
} from '../server/schemas.js';

/**
 * GET /v1/crossings (filters, cursor) and GET /v1/crossings/:crossingId: every FIR entry
 * and exit fir-analyser found. Traffic data, but a key scoped to an operator sees its own
 * flights' crossings only (another's id is 404), as with its charges.
 */
export function crossingRoutes(deps: {
  db: Queryable;
  pageLimit: number;
}): FastifyPluginAsyncJsonSchemaToTs {
  return async (app) => {
    app.get(
      '/v1/crossings',
      {
        config: { access: 'traffic' },
        schema: {
          tags: ['traffic'],
          summary: 'FIR crossings, latest entry first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              fir: { type: 'string', pattern: '^[A-Z0-9]{4}$', description: 'ICAO FIR id' },
              operator: { type: 'string', pattern: ICAO_OPERATOR },
              flightId: textParam,
              icao24: { type: 'string', pattern: '^[0-9a-f]{6}$' },
              status: { type: 'string', enum: ['PROVISIONAL', 'FINAL'] },
              from: { type: 'string', pattern: ISO_DATE, description: 'Entered on or after' },
              to: { type: 'string', pattern: ISO_DATE, description: 'Entered on or before' },
              limit: limitSchema(deps.pageLimit, 50),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: crossingSchema }, page: pageSchema },
              required: ['items', 'page'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const narrowed = listOperator(request.principal, q.operator);
        if (!narrowed) return { items: [], page: { limit: q.limit, next: null } };
        const { operator } = narrowed;
        const { items, next } = await listCrossings(
          deps.db,
          {
            ...dayRange(q),
            ...(q.fir ? { fir: q.fir } : {}),
            ...(operator ? { operator } : {}),
            ...(q.flightId ? { flightId: q.flightId } : {}),
            ...(q.icao24 ? { icao24: q.icao24 } : {}),
            ...(q.status ? { status: q.status } : {}),
          },
          { limit: q.limit, after: afterCursor(q.cursor) },
        );
        return { items, page: { limit: q.limit, next } };
      },
    );

    app.get(
      '/v1/crossings/:crossingId',
      {
        config: { access: 'traffic' },
        schema: {
          tags: ['traffic'],
          summary: 'One FIR crossing: entry and exit, distances, why it ended',
          params: {
            type: 'object',
            properties: { crossingId: textParam },
            required: ['crossingId'],
          },
          response: { 200: crossingSchema, 404: { $ref: 'Problem#' }, ...problemResponses },
        },
      },
      async (request) => {
        const crossing = await getCrossing(deps.db, request.params.crossingId);
        if (!crossing || !maySee(request.principal, crossing.operator))
          throw notFound(`crossing ${request.params.crossingId}`);
        return crossing;
      },
    );
  };
}
