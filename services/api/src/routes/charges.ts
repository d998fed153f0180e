import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import { listOperator, maySee } from '../auth/principal.js';
import { getCharge, listCharges } from '../queries/charges.js';
import { chargeSchema } from '../schemas/charge.js';
import { crossingSchema } from '../schemas/crossing.js';
import { afterCursor, cursorParam, DAY_MS, dayRange, pageSchema } from '../server/paging.js';
import { notFound } from '../server/problem.js';
import {
  ICAO_OPERATOR,
  ISO_DATE,
  limitSchema,
  problemResponses,
  textParam,
} from '../server/schemas.js';

/**
 * GET /v1/charges (filters, cursor) and GET /v1/charges/:chargeId: each charging-zone
 * passage priced, with every input and its source. A key scoped to an operator sees that
 * operator's charges only: another's id is 404.
 */
export function chargeRoutes(deps: {
  db: Queryable;
  pageLimit: number;
}): FastifyPluginAsyncJsonSchemaToTs {
  return async (app) => {
    app.get(
      '/v1/charges',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['billing'],
          summary: 'En-route charges (one per charging-zone passage), latest flight date first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              operator: { type: 'string', pattern: ICAO_OPERATOR },
              zone: {
                type: 'string',
                pattern: '^[A-Z0-9]{1,8}$',
                description: "EUROCONTROL charging zone, e.g. 'ED'",
              },
              fir: {
                type: 'string',
                pattern: '^[A-Z0-9]{4}$',
                description: 'First FIR of the passage',
              },
              flightId: textParam,
              status: { type: 'string', enum: ['PRICED', 'EXEMPT', 'UNPRICED'] },
              tariffMonth: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
              from: { type: 'string', pattern: ISO_DATE, description: 'Flight dates from' },
              to: { type: 'string', pattern: ISO_DATE, description: 'Flight dates to, included' },
              limit: limitSchema(deps.pageLimit, 50),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: chargeSchema }, page: pageSchema },
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
        const { from, to } = dayRange(q);
        const { items, next } = await listCharges(
          deps.db,
          {
            ...(from === undefined ? {} : { from: from / DAY_MS }),
            ...(to === undefined ? {} : { to: to / DAY_MS }),
            ...(operator ? { operator } : {}),
            ...(q.zone ? { zone: q.zone } : {}),
            ...(q.fir ? { fir: q.fir } : {}),
            ...(q.flightId ? { flightId: q.flightId } : {}),
            ...(q.status ? { status: q.status } : {}),
            ...(q.tariffMonth ? { tariffMonth: q.tariffMonth } : {}),
          },
          { limit: q.limit, after: afterCursor(q.cursor) },
        );
        return { items, page: { limit: q.limit, next } };
      },
    );

    app.get(
      '/v1/charges/:chargeId',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['billing'],
          summary: 'One charge: its price, every input and its source, the crossings it prices',
          params: {
            type: 'object',
            properties: { chargeId: textParam },
            required: ['chargeId'],
          },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              properties: {
                ...chargeSchema.properties,
                crossings: { type: 'array', items: crossingSchema },
              },
              required: [...chargeSchema.required, 'crossings'],
            },
            404: { $ref: 'Problem#' },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const charge = await getCharge(deps.db, request.params.chargeId);
        if (!charge || !maySee(request.principal, charge.operatorIcao))
          throw notFound(`charge ${request.params.chargeId}`);
        return charge;
      },
    );
  };
}
