import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import { getTrack, trafficAt } from '../queries/tracks.js';
import { trackPointSchema } from '../schemas/track.js';
import { badField } from '../server/problem.js';
import { limitSchema, problemResponses } from '../server/schemas.js';

const HOUR_MS = 3_600_000;
const epochMs = (description: string) =>
  ({ type: 'integer', minimum: 0, maximum: 8_640_000_000_000, description }) as const;

/**
 * GET /v1/flights/{icao24}/track (a trail) and GET /v1/traffic?at= (time travel), from the
 * last API_TRACK_RETENTION of flights.updates.
 */
export function trackRoutes(deps: {
  db: Queryable;
  maxPoints: number;
  now?: () => number;
}): FastifyPluginAsyncJsonSchemaToTs {
  const now = deps.now ?? Date.now;
  return async (app) => {
    app.get(
      '/v1/flights/:icao24/track',
      {
        config: { access: 'traffic' },
        schema: {
          tags: ['flights'],
          summary: "An aircraft's position reports, oldest first (default: the last hour)",
          params: {
            type: 'object',
            properties: { icao24: { type: 'string', pattern: '^[0-9a-f]{6}$' } },
            required: ['icao24'],
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              from: epochMs('UTC epoch ms, inclusive; default: to − 1 h'),
              to: epochMs('UTC epoch ms, exclusive; default: now'),
              limit: limitSchema(deps.maxPoints, deps.maxPoints),
            },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                icao24: { type: 'string' },
                points: { type: 'array', items: trackPointSchema },
                truncated: {
                  type: 'boolean',
                  description: 'More reports in the range: the newest `limit` are given',
                },
              },
              required: ['icao24', 'points', 'truncated'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const to = request.query.to ?? now();
        const from = request.query.from ?? to - HOUR_MS;
        if (from >= to) throw badField('querystring.from', 'must be before to');
        const { points, truncated } = await getTrack(
          deps.db,
          request.params.icao24,
          { from, to },
          request.query.limit,
        );
        return { icao24: request.params.icao24, points, truncated };
      },
    );

    app.get(
      '/v1/traffic',
      {
        config: { access: 'traffic' },
        schema: {
          tags: ['flights'],
          summary:
            "Traffic at a past moment: each aircraft's last report in the minute before `at`",
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['at'],
            properties: {
              at: epochMs('UTC epoch ms'),
              window: {
                type: 'integer',
                minimum: 1_000,
                maximum: 600_000,
                default: 60_000,
                description: 'How far back a report still counts, ms',
              },
              limit: limitSchema(50_000, 50_000),
            },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                at: { type: 'integer' },
                items: { type: 'array', items: trackPointSchema },
                truncated: { type: 'boolean' },
              },
              required: ['at', 'items', 'truncated'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, truncated } = await trafficAt(deps.db, q.at, q.window, q.limit);
        return { at: q.at, items, truncated };
      },
    );
  };
}
