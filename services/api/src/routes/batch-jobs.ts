import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import type { BatchCommand, BatchProgress } from '@overfly/schemas';
import { cancelCommandOf, progressOf, startCommandOf } from '../batch/commands.js';
import { EXPORT_HEADER } from '../batch/operations/export.js';
import type { Operations } from '../batch/operations/index.js';
import { cleanupJobs, getJob, insertJob, type JobSpec, requestCancel } from '../batch/store.js';
import { exportRows, jobStats, jobViz, listItems, listJobs, toJob } from '../queries/batch-jobs.js';
import { createJobSchema, itemSchema, jobSchema, vizSchema } from '../schemas/batch-job.js';
import { afterCursor, cursorParam, DAY_MS, pageSchema } from '../server/paging.js';
import { badField, HttpProblem, notFound } from '../server/problem.js';
import { limitSchema, problemResponses, textParam } from '../server/schemas.js';

const jobParams = {
  type: 'object',
  properties: { jobId: textParam },
  required: ['jobId'],
} as const;

/**
 * Batch jobs (billing): POST creates one (recorded ACCEPTED, then sent on batch.commands to
 * the workers), GET lists and shows them with their progress, items, CSV and charts, POST
 * …/cancel stops one after its current chunk, POST …/cleanup (admin) forgets old ones. A
 * key scoped to an operator runs jobs over its own data only and sees its own jobs only.
 */
export function batchJobRoutes(deps: {
  db: Queryable;
  /** The operations, to check a job before it is recorded. */
  operations: Operations;
  pageLimit: number;
  /** Creations a minute per key. */
  createPerMinute: number;
  send: (command: BatchCommand) => Promise<void>;
  /** batch.progress of what the api itself decides: a job accepted, a waiting job cancelled. */
  report: (progress: BatchProgress) => Promise<void>;
  logError: (error: unknown, what: string) => void;
  now?: () => number;
}): FastifyPluginAsyncJsonSchemaToTs {
  const now = deps.now ?? Date.now;
  return async (app) => {
    /** The job, if the caller may see it; 404 otherwise. */
    const visible = async (jobId: string, scope: string | null) => {
      const row = await getJob(deps.db, jobId);
      if (!row || (scope !== null && row.operator_scope !== scope))
        throw notFound(`batch job ${jobId}`);
      return row;
    };

    app.post(
      '/v1/batch-jobs',
      {
        config: {
          access: 'billing',
          rateLimit: { max: deps.createPerMinute, timeWindow: 60_000 },
        },
        schema: {
          tags: ['batch'],
          summary:
            'Start a batch job (export, report, validate, reprice, reprocess, import); answers at once, the job runs on a worker',
          body: createJobSchema,
          response: { 202: jobSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const scope = request.principal.operator;
        const filters = { ...(body.filters ?? {}) };
        if (scope !== null) {
          if (body.operation === 'import')
            throw new HttpProblem(
              403,
              'Forbidden',
              "an import may hold any operator's flights: a key scoped to an operator cannot start one",
            );
          if (filters.operator !== undefined && filters.operator !== scope)
            throw new HttpProblem(403, 'Forbidden', `this key runs jobs over ${scope}'s data only`);
          filters.operator = scope;
        }
        const problem = deps.operations[body.operation].check(filters);
        if (problem)
          throw badField(`body.${problem.split(' ')[0]}`, problem.slice(problem.indexOf(' ') + 1));
        const spec: JobSpec = {
          jobId: randomUUID(),
          operation: body.operation,
          name: body.name,
          description: body.description ?? null,
          filters,
          batchSize: body.options?.batchSize ?? 100,
          retryAttempts: body.options?.retryAttempts ?? 2,
          priority: body.options?.priority ?? 5,
          requestedBy: request.principal.name,
          operatorScope: scope,
        };
        const at = now();
        // batch:created goes out before a worker can see the job (its RUNNING comes after
        // on the same partition); a job that then fails to be recorded says so.
        const accepted = {
          commandId: spec.jobId,
          jobName: spec.operation,
          processed: 0,
          failed: 0,
          total: null,
          startedAt: null,
          updatedAt: at,
        };
        const report = (p: BatchProgress) =>
          deps
            .report(p)
            .catch((error: unknown) =>
              deps.logError(error, `batch.progress ${p.status} ${p.commandId}`),
            );
        await report({ ...accepted, status: 'ACCEPTED', message: null });
        try {
          await insertJob(deps.db, spec, at);
        } catch (error) {
          await report({
            ...accepted,
            status: 'FAILED',
            message: 'not recorded',
            updatedAt: now(),
          });
          throw error;
        }
        // The workers also find it in PostgreSQL; the command wakes them and is the record of
        // the request. Kafka away must not lose the job: it runs at the next poll.
        await deps
          .send(startCommandOf(spec, at))
          .catch((error: unknown) => deps.logError(error, `batch.commands START ${spec.jobId}`));
        const row = await getJob(deps.db, spec.jobId);
        if (!row) throw new Error(`batch job ${spec.jobId} not found after its insert`);
        reply.code(202).header('location', `/v1/batch-jobs/${spec.jobId}`);
        return toJob(row);
      },
    );

    app.get(
      '/v1/batch-jobs',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary: 'Batch jobs, newest first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status: { type: 'string', enum: jobSchema.properties.status.enum },
              operation: { type: 'string', enum: jobSchema.properties.operation.enum },
              limit: limitSchema(deps.pageLimit, 50),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: jobSchema }, page: pageSchema },
              required: ['items', 'page'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, next } = await listJobs(
          deps.db,
          {
            ...(q.status ? { status: q.status } : {}),
            ...(q.operation ? { operation: q.operation } : {}),
            scope: request.principal.operator,
          },
          { limit: q.limit, after: afterCursor(q.cursor) },
        );
        return { items, page: { limit: q.limit, next } };
      },
    );

    app.get(
      '/v1/batch-jobs/stats',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary: 'Jobs by operation and status, with the items they did and failed',
          response: {
            200: {
              type: 'object',
              properties: {
                groups: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      operation: { type: 'string' },
                      status: { type: 'string' },
                      jobs: { type: 'integer' },
                      processed: { type: 'integer' },
                      failed: { type: 'integer' },
                    },
                    required: ['operation', 'status', 'jobs', 'processed', 'failed'],
                  },
                },
              },
              required: ['groups'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => ({ groups: await jobStats(deps.db, request.principal.operator) }),
    );

    app.get(
      '/v1/batch-jobs/:jobId',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary: 'A batch job with its progress',
          params: jobParams,
          response: { 200: jobSchema, 404: { $ref: 'Problem#' }, ...problemResponses },
        },
      },
      async (request) => toJob(await visible(request.params.jobId, request.principal.operator)),
    );

    app.get(
      '/v1/batch-jobs/:jobId/items',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary:
            "A job's items in the order done: outcome, attempts, duration, error, quality, output",
          params: jobParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status: { type: 'string', enum: ['SUCCEEDED', 'FAILED'] },
              limit: limitSchema(deps.pageLimit, 100),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: itemSchema }, page: pageSchema },
              required: ['items', 'page'],
            },
            404: { $ref: 'Problem#' },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const job = await visible(request.params.jobId, request.principal.operator);
        const after = afterCursor(request.query.cursor);
        if (after && after.id !== job.job_id)
          throw badField('querystring.cursor', "is another job's cursor");
        const { items, next } = await listItems(
          deps.db,
          job.job_id,
          request.query.status ? { status: request.query.status } : {},
          { limit: request.query.limit, after: after?.at ?? null },
        );
        return { items, page: { limit: request.query.limit, next } };
      },
    );

    app.get(
      '/v1/batch-jobs/:jobId/export.csv',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary: "An export job's CSV (RFC 4180): the header, then each document's lines",
          params: jobParams,
          produces: ['text/csv'],
          response: { 404: { $ref: 'Problem#' }, ...problemResponses },
        },
      },
      async (request, reply) => {
        const job = await visible(request.params.jobId, request.principal.operator);
        if (job.operation !== 'export')
          throw notFound(`the CSV of batch job ${job.job_id} (a ${job.operation} job)`);
        const parts = [EXPORT_HEADER];
        for await (const rows of exportRows(deps.db, job.job_id)) parts.push(rows);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="overfly-export-${job.job_id}.csv"`)
          .header('x-batch-status', job.status)
          .send(parts.join(''));
      },
    );

    app.get(
      '/v1/batch-jobs/:jobId/viz',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary:
            'How a job went: item duration p50/p95/p99, throughput, success rate, errors by category, quality histogram, progress timeline',
          params: jobParams,
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              properties: { job: jobSchema, ...vizSchema.properties },
              required: ['job', ...vizSchema.required],
            },
            404: { $ref: 'Problem#' },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const job = toJob(await visible(request.params.jobId, request.principal.operator));
        return { job, ...(await jobViz(deps.db, job)) };
      },
    );

    app.post(
      '/v1/batch-jobs/:jobId/cancel',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary: 'Cancel a job: one waiting stops at once, one running after its current chunk',
          params: jobParams,
          response: {
            202: jobSchema,
            404: { $ref: 'Problem#' },
            409: { $ref: 'Problem#' },
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const job = await visible(request.params.jobId, request.principal.operator);
        if (job.status !== 'ACCEPTED' && job.status !== 'RUNNING')
          throw new HttpProblem(
            409,
            'Conflict',
            `batch job ${job.job_id} has already ended (${job.status})`,
          );
        const row = await requestCancel(deps.db, job.job_id, now());
        // A job no worker had started ends here: say so, as a worker would.
        if (row?.status === 'CANCELLED')
          await deps
            .report(progressOf(row, now()))
            .catch((error: unknown) =>
              deps.logError(error, `batch.progress CANCELLED ${job.job_id}`),
            );
        await deps
          .send(cancelCommandOf(job.job_id, job.operation, request.principal.name, now()))
          .catch((error: unknown) => deps.logError(error, `batch.commands CANCEL ${job.job_id}`));
        reply.code(202);
        return toJob(row ?? job);
      },
    );

    app.post(
      '/v1/batch-jobs/cleanup',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['batch'],
          summary: 'Forget jobs (and their items) that ended more than olderThanDays days ago',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { olderThanDays: { type: 'integer', minimum: 0, maximum: 3_650 } },
            required: ['olderThanDays'],
          },
          response: {
            200: {
              type: 'object',
              properties: { deleted: { type: 'integer' } },
              required: ['deleted'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => ({
        deleted: await cleanupJobs(deps.db, now() - request.body.olderThanDays * DAY_MS),
      }),
    );
  };
}
