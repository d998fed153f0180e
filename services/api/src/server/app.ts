import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type {
  FastifyPluginAsyncJsonSchemaToTs,
  JsonSchemaToTsProvider,
} from '@fastify/type-provider-json-schema-to-ts';
import websocket from '@fastify/websocket';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyRequest,
} from 'fastify';
import { type JwtVerifier, looksLikeJwt } from '../auth/jwt.js';
import type { KeyRing } from '../auth/keys.js';
import { type Access, ANONYMOUS, allows, type Principal } from '../auth/principal.js';
import { HttpProblem, problemOf, sendProblem } from './problem.js';
import { problemSchema } from './schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route's data needs (auth/principal.ts ACCESS); none: public (health). */
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

/** Who may call: API keys, JWTs, both, or neither (auth off). */
export interface AuthOptions {
  /** API_KEYS; null: none. */
  keys: KeyRing | null;
  /** API_JWT_*; null or absent: JWTs are not accepted. */
  jwt?: JwtVerifier | null;
}

export interface AppOptions extends AuthOptions {
  corsOrigins: readonly string[];
  bodyLimit: number;
  /** Requests per minute per key (per address when auth is off). */
  rateLimitPerMinute: number;
  /** GET /health/ready: whether the read models and their inputs answer. */
  ready: () => Promise<{ ok: boolean; checks: Record<string, unknown> }>;
  /** GET /metrics: Prometheus text. */
  metrics: () => Promise<string>;
  /** 5xx causes go here; the caller never sees them. */
  logError: (error: unknown, request: { method: string; url: string }) => void;
  /** The routes: registered after auth, limits and OpenAPI are in place. */
  routes: ReadonlyArray<FastifyPluginAsyncJsonSchemaToTs | FastifyPluginAsync>;
  version?: string;
  /** Told of every answered request, for the HTTP metrics (server/http-metrics.ts). */
  observeRequest?: (request: AnsweredRequest) => void;
}

/** One request as the HTTP metrics count it: the route's pattern, never the raw URL. */
export interface AnsweredRequest {
  method: string;
  /** The matched route (`/v1/invoices/:invoiceId`), or `unmatched` (a 404 of no route). */
  route: string;
  status: number;
  seconds: number;
}

/** Auth is on when API keys or a JWT key are configured; off, every caller is ANONYMOUS. */
const authOn = (auth: AuthOptions) => auth.keys !== null || (auth.jwt ?? null) !== null;

type Verdict =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; detail: string };

/**
 * The caller's principal from its credential — an API key, or a JWT when the value has the
 * shape of one and JWTs are accepted — or why it is refused: 401 (no credential, an unknown
 * key, a refused token), 403 (a role without `access`).
 */
function check(
  auth: AuthOptions,
  request: FastifyRequest,
  access: Access,
  queryAllowed: boolean,
): Verdict {
  const credential = presentedKey(request, queryAllowed);
  if (credential === null)
    return {
      ok: false,
      status: 401,
      detail: `credentials are required: Authorization: Bearer <${bearerKinds(auth)}>`,
    };
  let principal = auth.keys?.authenticate(credential) ?? null;
  // A known key wins even if it has two dots, so every existing key keeps working.
  if (principal === null && looksLikeJwt(credential)) {
    if (!auth.jwt)
      return { ok: false, status: 401, detail: 'the API key is not known (JWTs are not accepted)' };
    const result = auth.jwt.verify(credential);
    if (!result.ok) return { ok: false, status: 401, detail: result.reason };
    principal = result.principal;
  }
  if (principal === null)
    return {
      ok: false,
      status: 401,
      detail: auth.keys ? 'the API key is not known' : 'the credential is not a JWT',
    };
  if (!allows(principal, access))
    return { ok: false, status: 403, detail: `role ${principal.role} may not read ${access} data` };
  return { ok: true, principal };
}

const bearerKinds = (auth: AuthOptions) =>
  [auth.keys ? 'API key' : null, auth.jwt ? 'JWT' : null].filter(Boolean).join(' or ');

/**
 * For a WebSocket route, which refuses its upgrade itself (an error thrown from the app's
 * hook would leave the upgrading socket open): whether the caller may read `access` data,
 * and if not the status and detail the app's hook would answer.
 */
export function authorizer(
  auth: AuthOptions,
  access: Access,
): (request: FastifyRequest) => true | { status: 401 | 403; detail: string } {
  return (request) => {
    if (!authOn(auth)) return true;
    const verdict = check(auth, request, access, true);
    if (!verdict.ok) return { status: verdict.status, detail: verdict.detail };
    request.principal = verdict.principal;
    return true;
  };
}

function presentedKey(request: FastifyRequest, queryAllowed = false): string | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || null;
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  if (queryAllowed) {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof token === 'string' && token !== '') return token;
  }
  return null;
}

/**
 * The api's HTTP face: problem+json errors, API-key and JWT auth with roles and tenant scope,
 * per-key rate limits, CORS, a body limit, and an OpenAPI document built from the routes'
 * JSON Schemas (GET /openapi.json, the docs page at /docs).
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // Unknown query parameters are refused by name rather than silently dropped: a
    // misspelt filter must not return everything.
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: true } },
    // A URL the router cannot even decode ("/%") is a 400 like any other, in problem+json.
    frameworkErrors: (error, request, reply) => {
      void sendProblem(reply, problemOf(error, request));
    },
  }).withTypeProvider<JsonSchemaToTsProvider>();
  app.addSchema(problemSchema);
  // Set per request by the auth hook; ANONYMOUS until then (and throughout with auth off).
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request) => {
    request.principal = ANONYMOUS;
  });

  const observe = options.observeRequest;
  if (observe)
    app.addHook('onResponse', async (request, reply) => {
      observe({
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        seconds: reply.elapsedTime / 1_000,
      });
    });

  app.setErrorHandler((error, request, reply) => {
    const problem = problemOf(error as Parameters<typeof problemOf>[0], request);
    if (problem.status >= 500) options.logError(error, request);
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="overfly"');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: `no route ${request.method} ${request.url.split('?')[0]}`,
      instance: request.url,
    }),
  );

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined) return; // public: health, metrics, the docs
    if (!authOn(options)) return; // auth off: ANONYMOUS
    const verdict = check(options, request, access, false);
    if (!verdict.ok)
      throw new HttpProblem(
        verdict.status,
        verdict.status === 401 ? 'Unauthorized' : 'Forbidden',
        verdict.detail,
      );
    request.principal = verdict.principal;
  });

  await app.register(cors, {
    origin: options.corsOrigins.includes('*') ? true : [...options.corsOrigins],
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    // An OPTIONS without the preflight headers gets 204, not the plugin's text/plain 400.
    strictPreflight: false,
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    // After auth (onRequest) so the key is known, before validation so bad requests count too.
    hook: 'preValidation',
    keyGenerator: (request) =>
      !authOn(options) || request.principal === ANONYMOUS
        ? `ip:${request.ip}`
        : `key:${createHash('sha256').update(request.principal.name).digest('hex').slice(0, 16)}`,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        429,
        'Too Many Requests',
        `at most ${context.max} requests a minute; try again in ${context.after}`,
      ),
  });
  // WebSocket routes (the live stream) need it registered before them.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // @fastify/websocket hides its routes from OpenAPI; the live stream's filters belong there.
  app.addHook('onRoute', (route) => {
    if (route.websocket && route.schema) route.schema.hide = false;
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Overfly api',
        version: options.version ?? '0.1.0',
        description:
          'Traffic, charges, invoices and disruptions, read from the read models the api builds from the topics.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key from API_KEYS, or a JWT signed with the API_JWT_* key',
          },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: authOn(options) ? [{ bearer: [] }, { apiKey: [] }] : [],
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { tags: ['ops'], summary: 'Liveness' } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/health/ready',
    { schema: { tags: ['ops'], summary: 'Readiness: the database and Kafka answer' } },
    async (_request, reply) => {
      const report = await options.ready();
      return reply
        .code(report.ok ? 200 : 503)
        .send({ status: report.ok ? 'ready' : 'not ready', checks: report.checks });
    },
  );
  app.get(
    '/metrics',
    { schema: { tags: ['ops'], summary: 'Prometheus metrics' } },
    async (_request, reply) =>
      reply.type('text/plain; version=0.0.4').send(await options.metrics()),
  );

  for (const routes of options.routes) await app.register(routes);
  return app;
}
