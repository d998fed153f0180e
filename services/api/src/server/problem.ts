import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9457 problem details, with the fields at fault for a 400. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ field: string; message: string }>;
}

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Thrown by a handler to answer with a problem (404, 403, a 400 schemas cannot say). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Problem['errors'],
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what: string) =>
  new HttpProblem(404, 'Not Found', `${what} does not exist`);

export function badField(field: string, message: string): HttpProblem {
  return new HttpProblem(400, 'Bad Request', `${field}: ${message}`, [{ field, message }]);
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** `querystring.limit`, `body.filters.operator`: where a schema violation is. */
function fieldOf(
  context: string | undefined,
  v: NonNullable<FastifyError['validation']>[number],
): string {
  const path = v.instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = v.params as { missingProperty?: string; additionalProperty?: string };
  const leaf = params.missingProperty ?? params.additionalProperty;
  if (leaf) path.push(leaf);
  return [context ?? 'request', ...path].join('.');
}

/** Every error the app answers, as problem+json; a 5xx says nothing of its cause. */
export function problemOf(error: FastifyError | HttpProblem, request: FastifyRequest): Problem {
  if (error instanceof HttpProblem)
    return {
      type: 'about:blank',
      title: error.title,
      status: error.status,
      ...(error.detail ? { detail: error.detail } : {}),
      instance: request.url,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  if (error.validation) {
    const errors = error.validation.map((v) => ({
      field: fieldOf(error.validationContext, v),
      message: v.message ?? 'is not valid',
    }));
    return {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      instance: request.url,
      errors,
    };
  }
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  return {
    type: 'about:blank',
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    ...(status < 500 && error.message ? { detail: error.message } : {}),
    instance: request.url,
  };
}
