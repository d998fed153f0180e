import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import { listOperator, maySee } from '../auth/principal.js';
import {
  getDisruption,
  getPassengerEvent,
  listDisruptions,
  listPassengerEvents,
} from '../queries/disruptions.js';
import {
  DISRUPTION_TYPES,
  disruptionSchema,
  disruptionSummarySchema,
  LIFECYCLES,
  PASSENGER_EVENT_TYPES,
  passengerEventSchema,
  SEVERITIES,
} from '../schemas/disruption.js';
import { decodeCursor } from '../server/cursor.js';
import { badField, notFound } from '../server/problem.js';
import { ICAO_OPERATOR, limitSchema, PRINTABLE, problemResponses } from '../server/schemas.js';

const text = { type: 'string', minLength: 1, maxLength: 200, pattern: PRINTABLE } as const;
const epochMs = (description: string) =>
  ({ type: 'integer', minimum: 0, maximum: 8_640_000_000_000, description }) as const;
const cursorParam = {
  type: 'string',
  maxLength: 200,
  description: "The previous page's page.next",
} as const;
const page = {
  type: 'object',
  properties: { limit: { type: 'integer' }, next: { type: ['string', 'null'] } },
  required: ['limit', 'next'],
} as const;

function after(cursor: string | undefined) {
  if (cursor === undefined) return null;
  const at = decodeCursor(cursor);
  if (!at) throw badField('querystring.cursor', 'is not a cursor this api gave');
  return at;
}

function range(from: number | undefined, to: number | undefined) {
  if (from !== undefined && to !== undefined && from >= to)
    throw badField('querystring.from', 'must be before to');
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/**
 * GET /v1/disruptions (filters, cursor) and /v1/disruptions/:disruptionId (evidence,
 * history); GET /v1/passenger-events and /v1/passenger-events/:eventId. For ops. A key
 * scoped to an operator sees that operator's disruptions only, and the passenger decisions
 * on them: another's id is 404, as one that does not exist.
 */
export function disruptionRoutes(deps: {
  db: Queryable;
  pageLimit: number;
}): FastifyPluginAsyncJsonSchemaToTs {
  return async (app) => {
    app.get(
      '/v1/disruptions',
      {
        config: { access: 'ops' },
        schema: {
          tags: ['ops'],
          summary: 'Disruptions as their latest revision tells them, newest window first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              type: { type: 'string', enum: DISRUPTION_TYPES },
              lifecycle: { type: 'string', enum: LIFECYCLES },
              status: {
                type: 'string',
                enum: ['open', 'resolved'],
                description: 'open: not RESOLVED yet',
              },
              airport: {
                type: 'string',
                pattern: '^[A-Z0-9]{4}$',
                description: 'ICAO code of the aerodrome at its centre',
              },
              operator: { type: 'string', pattern: ICAO_OPERATOR },
              severity: { type: 'string', enum: SEVERITIES },
              from: epochMs('Windows ending at or after this, UTC epoch ms'),
              to: epochMs('Windows starting before this, UTC epoch ms'),
              limit: limitSchema(deps.pageLimit, 50),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: disruptionSummarySchema }, page },
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
        const { items, next } = await listDisruptions(
          deps.db,
          {
            ...(q.type ? { type: q.type } : {}),
            ...(q.lifecycle ? { lifecycle: q.lifecycle } : {}),
            ...(q.status ? { status: q.status } : {}),
            ...(q.airport ? { airport: q.airport } : {}),
            ...(operator ? { operator } : {}),
            ...(q.severity ? { severity: q.severity } : {}),
            ...range(q.from, q.to),
          },
          { limit: q.limit, after: after(q.cursor) },
        );
        return { items, page: { limit: q.limit, next } };
      },
    );

    app.get(
      '/v1/disruptions/:disruptionId',
      {
        config: { access: 'ops' },
        schema: {
          tags: ['ops'],
          summary: 'A disruption: its latest revision, the evidence, and every revision',
          params: {
            type: 'object',
            properties: { disruptionId: text },
            required: ['disruptionId'],
          },
          response: { 200: disruptionSchema, 404: { $ref: 'Problem#' }, ...problemResponses },
        },
      },
      async (request) => {
        const { disruptionId } = request.params;
        const disruption = await getDisruption(deps.db, disruptionId);
        // Another tenant's disruption (or one of several operators) is answered as a missing one.
        if (!disruption || !maySee(request.principal, disruption.operatorIcao))
          throw notFound(`disruption ${disruptionId}`);
        return disruption;
      },
    );

    app.get(
      '/v1/passenger-events',
      {
        config: { access: 'ops' },
        schema: {
          tags: ['ops'],
          summary: 'Decisions about disrupted passengers (pseudonymous), newest first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              scheduleId: text,
              disruptionId: text,
              type: { type: 'string', enum: PASSENGER_EVENT_TYPES },
              passengerId: text,
              from: epochMs('Decisions made at or after this, UTC epoch ms'),
              to: epochMs('Decisions made before this, UTC epoch ms'),
              limit: limitSchema(deps.pageLimit, 50),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: passengerEventSchema }, page },
              required: ['items', 'page'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const scope = request.principal.operator;
        const { items, next } = await listPassengerEvents(
          deps.db,
          {
            ...(q.scheduleId ? { scheduleId: q.scheduleId } : {}),
            ...(q.disruptionId ? { disruptionId: q.disruptionId } : {}),
            ...(q.type ? { type: q.type } : {}),
            ...(q.passengerId ? { passengerId: q.passengerId } : {}),
            ...range(q.from, q.to),
            ...(scope ? { scope } : {}),
          },
          { limit: q.limit, after: after(q.cursor) },
        );
        return { items, page: { limit: q.limit, next } };
      },
    );

    app.get(
      '/v1/passenger-events/:eventId',
      {
        config: { access: 'ops' },
        schema: {
          tags: ['ops'],
          summary: 'One decision about a disrupted passenger (pseudonymous)',
          params: { type: 'object', properties: { eventId: text }, required: ['eventId'] },
          response: { 200: passengerEventSchema, 404: { $ref: 'Problem#' }, ...problemResponses },
        },
      },
      async (request) => {
        const { eventId } = request.params;
        const event = await getPassengerEvent(
          deps.db,
          eventId,
          request.principal.operator ?? undefined,
        );
        if (!event) throw notFound(`passenger event ${eventId}`);
        return event;
      },
    );
  };
}
