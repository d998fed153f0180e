import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import type { Principal } from '../auth/principal.js';
import { deleteImport, IMPORT_NAME, listImports, putImport } from '../batch/imports-store.js';
import { badField, HttpProblem, notFound } from '../server/problem.js';
import { problemResponses } from '../server/schemas.js';

const nameParams = {
  type: 'object',
  properties: {
    name: {
      type: 'string',
      pattern: IMPORT_NAME,
      description: 'The file name (its extension may tell the format: .csv, .json.gz, .jsonl)',
    },
  },
  required: ['name'],
} as const;

const fileSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    bytes: { type: 'integer' },
    sha256: { type: 'string', description: 'Hex SHA-256 of the bytes held' },
    uploadedBy: { type: 'string' },
    uploadedAt: { type: 'integer' },
  },
  required: ['name', 'bytes', 'sha256', 'uploadedBy', 'uploadedAt'],
} as const;

/** Imports are the billing office's: a key scoped to an operator is refused (a file holds anyone's flights). */
function unscoped(principal: Principal): void {
  if (principal.operator !== null)
    throw new HttpProblem(
      403,
      'Forbidden',
      "trajectory imports hold any operator's flights: a key scoped to an operator cannot use them",
    );
}

/**
 * Trajectory files for import jobs (billing, admin; not a scoped key): PUT stores one under
 * its name in PostgreSQL, where a worker on any machine reads it; GET lists them; DELETE
 * forgets one. The body is the file as it is (gzip too), any content type, at most
 * `maxBytes` (413 beyond).
 */
export function batchImportRoutes(deps: {
  db: Queryable;
  maxBytes: number;
  now?: () => number;
}): FastifyPluginAsyncJsonSchemaToTs {
  const now = deps.now ?? Date.now;
  return async (app) => {
    // This plugin's routes take the body as bytes, whatever its content type says.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: deps.maxBytes },
      (_r, body, done) => done(null, body),
    );

    app.put(
      '/v1/batch-imports/:name',
      {
        bodyLimit: deps.maxBytes,
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary:
            'Upload a trajectory file for import jobs (raw body, any format packages/trajectories reads; gzip as is); the same name replaces it',
          params: nameParams,
          response: { 200: fileSchema, 201: fileSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        unscoped(request.principal);
        const body: unknown = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw badField('body', 'the file is empty: send its bytes as the request body');
        const { file, replaced } = await putImport(
          deps.db,
          request.params.name,
          body,
          request.principal.name,
          now(),
        );
        reply.code(replaced ? 200 : 201).header('location', `/v1/batch-imports/${file.name}`);
        return file;
      },
    );

    app.get(
      '/v1/batch-imports',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary: 'The uploaded trajectory files, by name',
          response: {
            200: {
              type: 'object',
              properties: { items: { type: 'array', items: fileSchema } },
              required: ['items'],
            },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        unscoped(request.principal);
        return { items: await listImports(deps.db) };
      },
    );

    app.delete(
      '/v1/batch-imports/:name',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['batch'],
          summary: 'Forget an uploaded file (a job naming it then fails that item NOT_UPLOADED)',
          params: nameParams,
          response: { 204: { type: 'null' }, ...problemResponses },
        },
      },
      async (request, reply) => {
        unscoped(request.principal);
        if (!(await deleteImport(deps.db, request.params.name)))
          throw notFound(`uploaded file ${request.params.name}`);
        return reply.code(204).send(null);
      },
    );
  };
}
