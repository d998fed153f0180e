import type {} from '@fastify/websocket';
import type { FirLayer } from '@overfly/geo';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LiveFormat } from './encode.js';
import { FILTER_FIELDS, type FieldError, parseFilter } from './filters.js';
import type { LiveHub, ParsedFilterOk } from './hub.js';

export interface LiveRouteOptions {
  /**
   * Whether the request may open the stream. false refuses the upgrade with 401 before the
   * handshake, `{ status, detail }` with that status and detail (a refused token says why);
   * absent: everyone may (auth off).
   */
  authorize?: (request: FastifyRequest) => LiveAuthorization | Promise<LiveAuthorization>;
  /** The FIR layer `fir=` is checked against; absent: `fir=` is refused. */
  firs?: FirLayer | null;
  /** Merged into the route's `config` (the app's own auth reads it). */
  routeConfig?: FastifyContextConfig;
  /** Largest client message (a filter change), bytes. 4 KiB. */
  maxMessageBytes?: number;
}

type LiveAuthorization = boolean | { status: 401 | 403; detail: string };

const PROBLEM = 'application/problem+json';
/** Parameters that are not filters: the encoding, and a key or JWT for `authorize`. */
const OTHER_PARAMS = ['format', 'token'] as const;

const filterParamSchema = {
  bbox: {
    type: 'string',
    description:
      'minLon,minLat,maxLon,maxLat in degrees; minLon > maxLon is a box across the antimeridian',
    examples: ['-10,35,30,60'],
  },
  minAlt: { type: 'string', description: 'Lowest altitude, metres (barometric, else geometric)' },
  maxAlt: { type: 'string', description: 'Highest altitude, metres' },
  onGround: {
    type: 'string',
    enum: ['true', 'false'],
    description: 'true: on the ground only; false: not reported on the ground',
  },
  callsign: { type: 'string', description: 'Callsign prefixes, comma-separated, any case' },
  operator: {
    type: 'string',
    description: 'ICAO airline designators (3 letters, the callsign prefix), comma-separated',
  },
  fir: { type: 'string', description: 'FIR ids (e.g. EGTT), comma-separated' },
} as const;

const querystringSchema = {
  type: 'object',
  properties: {
    ...filterParamSchema,
    format: {
      type: 'string',
      enum: ['json', 'msgpack'],
      default: 'json',
      description: 'json: text frames; msgpack: MessagePack binary frames',
    },
    token: {
      type: 'string',
      description: 'An API key or a JWT, for browsers (no headers on a WebSocket)',
    },
  },
} as const;

interface Accepted {
  format: LiveFormat;
  filter: ParsedFilterOk;
}

function problem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  errors?: FieldError[],
) {
  return reply
    .code(status)
    .type(PROBLEM)
    .send({
      type: 'about:blank',
      title,
      status,
      detail,
      ...(errors ? { errors } : {}),
    });
}

/** The query as a stream request, or every parameter at fault. */
function acceptQuery(
  query: Record<string, unknown>,
  firs: FirLayer | null,
): { ok: true; accepted: Accepted } | { ok: false; errors: FieldError[] } {
  const known = new Set<string>([...FILTER_FIELDS, ...OTHER_PARAMS]);
  // A misspelt filter must not silently stream everything.
  const errors: FieldError[] = Object.keys(query)
    .filter((name) => !known.has(name))
    .map((field) => ({ field, message: 'is not a parameter of this stream' }));
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'msgpack')
    errors.push({ field: 'format', message: 'expected json or msgpack' });
  const parsed = parseFilter(query, firs);
  if (!parsed.ok) errors.push(...parsed.errors);
  if (errors.length > 0 || !parsed.ok) return { ok: false, errors };
  return {
    ok: true,
    accepted: { format: format as LiveFormat, filter: { filter: parsed.filter, key: parsed.key } },
  };
}

/**
 * GET /v1/live: the live aircraft stream (docs/live-stream.md). The caller registers
 * @fastify/websocket on the app first. Auth and the filter are checked in preValidation,
 * so a refused request gets a plain HTTP problem and never a WebSocket.
 */
export function liveRoute(hub: LiveHub, options: LiveRouteOptions = {}) {
  const firs = options.firs ?? null;
  const maxMessageBytes = options.maxMessageBytes ?? 4096;
  const accepted = new WeakMap<FastifyRequest, Accepted>();

  return async function live(app: FastifyInstance): Promise<void> {
    app.get(
      '/v1/live',
      {
        websocket: true,
        ...(options.routeConfig ? { config: options.routeConfig } : {}),
        schema: {
          summary: 'Live aircraft stream (WebSocket)',
          description:
            'Upgrade to a WebSocket: a snapshot of the aircraft the filter shows, then deltas (changed and removed) at the configured rate. See docs/live-stream.md.',
          tags: ['live'],
          querystring: querystringSchema,
        },
        preValidation: async (request, reply) => {
          const verdict = options.authorize ? await options.authorize(request) : true;
          if (verdict !== true) {
            const { status, detail } =
              verdict === false
                ? { status: 401, detail: 'this stream needs credentials' }
                : verdict;
            if (status === 401) reply.header('www-authenticate', 'Bearer realm="overfly"');
            return problem(reply, status, status === 401 ? 'Unauthorized' : 'Forbidden', detail);
          }
          const result = acceptQuery((request.query ?? {}) as Record<string, unknown>, firs);
          if (!result.ok)
            return problem(
              reply,
              400,
              'Bad Request',
              result.errors.map((e) => `${e.field}: ${e.message}`).join('; '),
              result.errors,
            );
          accepted.set(request, result.accepted);
        },
      },
      (socket, request) => {
        const { format, filter } = accepted.get(request) as Accepted;
        const client = hub.connect(socket, format, filter);
        socket.on('close', () => client.close());
        socket.on('error', () => client.close());
        socket.on('message', (data, isBinary) => {
          const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
          if (isBinary || raw.length > maxMessageBytes) {
            client.refuse('Bad Request', [
              {
                field: 'message',
                message: `expected a JSON text of at most ${maxMessageBytes} bytes`,
              },
            ]);
            return;
          }
          onMessage(raw.toString('utf8'), firs, client);
        });
      },
    );
  };
}

/** `{"type":"filter", ...the query's filter parameters}` replaces the client's filter. */
function onMessage(
  text: string,
  firs: FirLayer | null,
  client: ReturnType<LiveHub['connect']>,
): void {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    client.refuse('Bad Request', [{ field: 'message', message: 'is not JSON' }]);
    return;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    client.refuse('Bad Request', [{ field: 'message', message: 'expected a JSON object' }]);
    return;
  }
  const { type, ...fields } = message as Record<string, unknown>;
  if (type !== 'filter') {
    client.refuse('Bad Request', [{ field: 'type', message: 'expected "filter"' }]);
    return;
  }
  const unknown = Object.keys(fields).filter(
    (name) => !(FILTER_FIELDS as readonly string[]).includes(name),
  );
  const parsed = parseFilter(fields, firs);
  const errors = [
    ...unknown.map((field) => ({ field, message: 'is not a filter parameter' })),
    ...(parsed.ok ? [] : parsed.errors),
  ];
  if (errors.length > 0 || !parsed.ok) {
    client.refuse('Bad Request', errors);
    return;
  }
  client.setFilter({ filter: parsed.filter, key: parsed.key });
}
