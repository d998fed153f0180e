import type { FromSchema } from 'json-schema-to-ts';
import { IMPORT_NAME } from '../batch/imports-store.js';
import { OPERATIONS } from '../batch/operation.js';
import { MAX_FILES } from '../batch/operations/import.js';
import { MAX_FLIGHTS } from '../batch/operations/reprocess.js';
import { ICAO_OPERATOR, ISO_DATE, nullableInteger, nullableString } from '../server/schemas.js';

// Batch jobs as the api takes and answers them: JSON Schemas the routes validate and
// document with, and the TypeScript types derived from them.

const filtersSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'What the job goes through; each operation reads those it needs',
  properties: {
    operator: { type: 'string', pattern: ICAO_OPERATOR },
    from: { type: 'string', pattern: ISO_DATE, description: 'YYYY-MM-DD, included' },
    to: { type: 'string', pattern: ISO_DATE, description: 'YYYY-MM-DD, included' },
    status: { type: 'string', pattern: '^[A-Z_]{1,20}$', description: 'Invoice or charge status' },
    zone: { type: 'string', pattern: '^[A-Z0-9]{1,8}$', description: 'Charging zone' },
    tariffVersion: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
      description: 'reprice: the tariff version to price with (BATCH_TARIFF_DIRS)',
    },
    flights: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_FLIGHTS,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[0-9a-f]{6}-\\d{1,15}$' },
      description:
        'reprocess: these flights (flightIds as fir.crossings carries them, `<icao24>-<first fix ms>`) instead of a period',
    },
    files: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_FILES,
      uniqueItems: true,
      items: { type: 'string', pattern: IMPORT_NAME },
      description: 'import: uploaded files (PUT /v1/batch-imports/{name}) to read, one item each',
    },
  },
} as const;

export const createJobSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    operation: {
      type: 'string',
      enum: OPERATIONS,
      description:
        'export: invoice lines as CSV; report: revenue per zone, operator and month; validate: data-quality checks on charges; reprice: charges of a period priced again under filters.tariffVersion (credit notes and corrected lines follow); reprocess: FIR crossings of a period (from, to) or of filters.flights computed again from the recorded positions and sent on fir.crossings; import: crossings of uploaded trajectory files (filters.files) sent on fir.crossings, source REPLAY',
    },
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
    description: { type: 'string', maxLength: 2_000 },
    filters: filtersSchema,
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        batchSize: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 },
        retryAttempts: { type: 'integer', minimum: 0, maximum: 10, default: 2 },
        priority: { type: 'integer', minimum: 0, maximum: 9, default: 5, description: '9 first' },
      },
    },
  },
  required: ['operation', 'name'],
} as const;

export const jobSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    jobId: { type: 'string' },
    operation: { type: 'string', enum: OPERATIONS },
    name: { type: 'string' },
    description: nullableString,
    filters: filtersSchema,
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        batchSize: { type: 'integer' },
        retryAttempts: { type: 'integer' },
        priority: { type: 'integer' },
      },
      required: ['batchSize', 'retryAttempts', 'priority'],
    },
    status: {
      type: 'string',
      enum: ['ACCEPTED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'REJECTED'],
    },
    requestedBy: { type: 'string' },
    total: nullableInteger,
    processed: { type: 'integer' },
    failed: { type: 'integer' },
    progress: { type: ['number', 'null'], description: 'processed / total, 0..1' },
    message: nullableString,
    cancelRequested: { type: 'boolean' },
    worker: nullableString,
    createdAt: { type: 'integer' },
    startedAt: nullableInteger,
    finishedAt: nullableInteger,
    updatedAt: { type: 'integer' },
  },
  required: [
    'jobId',
    'operation',
    'name',
    'description',
    'filters',
    'options',
    'status',
    'requestedBy',
    'total',
    'processed',
    'failed',
    'progress',
    'message',
    'cancelRequested',
    'worker',
    'createdAt',
    'startedAt',
    'finishedAt',
    'updatedAt',
  ],
} as const;

export const itemSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seq: { type: 'integer' },
    key: { type: 'string' },
    status: { type: 'string', enum: ['SUCCEEDED', 'FAILED'] },
    attempts: { type: 'integer' },
    durationMs: { type: 'number' },
    errorCategory: nullableString,
    error: nullableString,
    quality: { type: ['number', 'null'] },
    output: {},
    finishedAt: { type: 'integer' },
  },
  required: [
    'seq',
    'key',
    'status',
    'attempts',
    'durationMs',
    'errorCategory',
    'error',
    'quality',
    'finishedAt',
  ],
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;

/** GET /v1/batch-jobs/{jobId}/viz, less the job (the route adds it). */
export const vizSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    items: { type: 'integer', description: 'Items done (succeeded or failed)' },
    durationMs: {
      type: 'object',
      additionalProperties: false,
      properties: { p50: nullableNumber, p95: nullableNumber, p99: nullableNumber },
      required: ['p50', 'p95', 'p99'],
    },
    throughputPerSecond: { ...nullableNumber, description: 'Items a second, first to last' },
    successRate: { ...nullableNumber, description: 'Succeeded / done, 0..1' },
    errorsByCategory: {
      type: 'object',
      additionalProperties: { type: 'integer' },
      description: 'Failed items by category',
    },
    qualityHistogram: {
      type: 'array',
      description: 'Items by quality score, ten buckets of 0.1',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          from: { type: 'number' },
          to: { type: 'number' },
          items: { type: 'integer' },
        },
        required: ['from', 'to', 'items'],
      },
    },
    timeline: {
      type: 'array',
      description: 'Items done so far, at most 100 points (UTC epoch ms)',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: { at: { type: 'integer' }, processed: { type: 'integer' } },
        required: ['at', 'processed'],
      },
    },
  },
  required: [
    'items',
    'durationMs',
    'throughputPerSecond',
    'successRate',
    'errorsByCategory',
    'qualityHistogram',
    'timeline',
  ],
} as const;

export type Job = FromSchema<typeof jobSchema>;
export type JobViz = FromSchema<typeof vizSchema>;
export type JobItem = FromSchema<typeof itemSchema>;
