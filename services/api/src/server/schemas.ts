// JSON Schemas shared by the routes: fastify validates with them, serialises with them, and
// @fastify/swagger turns them into the OpenAPI document; handler types derive from them.

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status'],
} as const;

/** The answers every authenticated route may give besides its own. */
export const problemResponses = {
  400: { $ref: 'Problem#' },
  401: { $ref: 'Problem#' },
  403: { $ref: 'Problem#' },
  429: { $ref: 'Problem#' },
} as const;

export const moneySchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Integer minor units and an ISO 4217 code',
  properties: { amountMinor: { type: 'integer' }, currency: { type: 'string' } },
  required: ['amountMinor', 'currency'],
} as const;

export const limitSchema = (max: number, dflt = 100) =>
  ({ type: 'integer', minimum: 1, maximum: max, default: Math.min(dflt, max) }) as const;

export const ICAO_OPERATOR = '^[A-Z]{3}$';
export const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/** Printable text: PostgreSQL refuses a NUL in text, and no id of ours holds a control character. */
export const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]+$';

export const nullableString = { type: ['string', 'null'] } as const;
export const nullableInteger = { type: ['integer', 'null'] } as const;
export const nullableNumber = { type: ['number', 'null'] } as const;

/** A WGS84 position, decimal degrees. */
export const pointSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { latitude: { type: 'number' }, longitude: { type: 'number' } },
  required: ['latitude', 'longitude'],
} as const;

/** An id or name taken from a path or query: printable, bounded. */
export const textParam = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: PRINTABLE,
} as const;
