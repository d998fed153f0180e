import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import { getAircraft, listAircraft } from '../queries/flights.js';
import { aircraftSchema } from '../schemas/aircraft.js';
import { badField, notFound } from '../server/problem.js';
import { ICAO_OPERATOR, limitSchema, problemResponses } from '../server/schemas.js';

/** "minLon,minLat,maxLon,maxLat" in degrees; minLon > maxLon crosses the antimeridian. */
function parseBbox(raw: string, field = 'querystring.bbox') {
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)))
    throw badField(field, 'must be four numbers: minLon,minLat,maxLon,maxLat');
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if ([minLon, maxLon].some((x) => x < -180 || x > 180))
    throw badField(field, 'longitudes must be within [-180, 180]');
  if ([minLat, maxLat].some((y) => y < -90 || y > 90))
    throw badField(field, 'latitudes must be within [-90, 90]');
  if (minLat > maxLat) throw badField(field, 'minLat must not be above maxLat');
  return { minLon, minLat, maxLon, maxLat };
}

/** GET /v1/flights (filters, limit/offset) and GET /v1/flights/:icao24. */
export function flightRoutes(deps: {
  db: Queryable;
  pageLimit: number;
}): FastifyPluginAsyncJsonSchemaToTs {
  return async (app) => {
    app.get(
      '/v1/flights',
      {
        config: { access: 'traffic' },
        schema: {
          tags: ['flights'],
          summary: 'Current aircraft, filtered and paged',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              bbox: { type: 'string', description: 'minLon,minLat,maxLon,maxLat (degrees)' },
              callsign: {
                type: 'string',
                pattern: '^[A-Za-z0-9]{1,8}$',
                description: 'Callsign prefix, any case',
              },
              operator: { type: 'string', pattern: ICAO_OPERATOR },
              minAlt: { type: 'number', description: 'Lowest barometric altitude, m' },
              maxAlt: { type: 'number', description: 'Highest barometric altitude, m' },
              onGround: { type: 'boolean' },
              limit: limitSchema(deps.pageLimit),
              offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                items: { type: 'array', items: aircraftSchema },
                page: {
                  type: 'object',
                  properties: {
                    limit: { type: 'integer' },
                    offset: { type: 'integer' },
                    total: { type: 'integer' },
                  },
                  required: ['limit', 'offset', 'total'],
                },
              },
              required: ['items', 'page'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        if (q.minAlt !== undefined && q.maxAlt !== undefined && q.minAlt > q.maxAlt)
          throw badField('querystring.minAlt', 'must not be above maxAlt');
        const { items, total } = await listAircraft(
          deps.db,
          {
            ...(q.bbox !== undefined ? { bbox: parseBbox(q.bbox) } : {}),
            ...(q.callsign !== undefined ? { callsign: q.callsign } : {}),
            ...(q.operator !== undefined ? { operator: q.operator } : {}),
            ...(q.minAlt !== undefined ? { minAlt: q.minAlt } : {}),
            ...(q.maxAlt !== undefined ? { maxAlt: q.maxAlt } : {}),
            ...(q.onGround !== undefined ? { onGround: q.onGround } : {}),
          },
          { limit: q.limit, offset: q.offset },
        );
        return { items, page: { limit: q.limit, offset: q.offset, total } };
      },
    );

    app.get(
      '/v1/flights/:icao24',
      {
        config: { access: 'traffic' },
        schema: {
          tags: ['flights'],
          summary: 'One aircraft now',
          params: {
            type: 'object',
            properties: { icao24: { type: 'string', pattern: '^[0-9a-f]{6}$' } },
            required: ['icao24'],
          },
          response: { 200: aircraftSchema, 404: { $ref: 'Problem#' }, ...problemResponses },
        },
      },
      async (request) => {
        const row = await getAircraft(deps.db, request.params.icao24);
        if (!row) throw notFound(`aircraft ${request.params.icao24}`);
        return row;
      },
    );
  };
}
