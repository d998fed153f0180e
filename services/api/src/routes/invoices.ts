import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import { listOperator, maySee } from '../auth/principal.js';
import { getInvoice, listInvoices } from '../queries/invoices.js';
import { INVOICE_STATUSES, invoiceDetailSchema, invoiceSummarySchema } from '../schemas/invoice.js';
import { afterCursor, cursorParam, dayRange, pageSchema } from '../server/paging.js';
import { notFound } from '../server/problem.js';
import {
  ICAO_OPERATOR,
  ISO_DATE,
  limitSchema,
  PRINTABLE,
  problemResponses,
} from '../server/schemas.js';

/**
 * GET /v1/invoices (filters, cursor) and GET /v1/invoices/:invoiceId (lines, credit notes).
 * A key scoped to an operator sees that operator's documents only: another's id is 404.
 */
export function invoiceRoutes(deps: {
  db: Queryable;
  pageLimit: number;
}): FastifyPluginAsyncJsonSchemaToTs {
  return async (app) => {
    app.get(
      '/v1/invoices',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['billing'],
          summary: 'Invoices and credit notes, newest billing period first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              operator: { type: 'string', pattern: ICAO_OPERATOR },
              status: { type: 'string', enum: INVOICE_STATUSES },
              documentType: { type: 'string', enum: ['INVOICE', 'CREDIT_NOTE'] },
              from: {
                type: 'string',
                pattern: ISO_DATE,
                description: 'Periods ending after this date',
              },
              to: {
                type: 'string',
                pattern: ISO_DATE,
                description: 'Periods starting on or before this date',
              },
              limit: limitSchema(deps.pageLimit, 50),
              cursor: cursorParam,
            },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                items: { type: 'array', items: invoiceSummarySchema },
                page: pageSchema,
              },
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
        const after = afterCursor(q.cursor);
        const { from, to } = dayRange(q);
        const { items, next } = await listInvoices(
          deps.db,
          {
            ...(operator ? { operator } : {}),
            ...(q.status ? { status: q.status } : {}),
            ...(q.documentType ? { documentType: q.documentType } : {}),
            ...(from !== undefined ? { from } : {}),
            ...(to !== undefined ? { to } : {}),
          },
          { limit: q.limit, after },
        );
        return { items, page: { limit: q.limit, next } };
      },
    );

    app.get(
      '/v1/invoices/:invoiceId',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['billing'],
          summary: 'An invoice or credit note with its lines and the credit notes against it',
          params: {
            type: 'object',
            properties: {
              invoiceId: { type: 'string', minLength: 1, maxLength: 200, pattern: PRINTABLE },
            },
            required: ['invoiceId'],
          },
          response: {
            200: invoiceDetailSchema,
            404: { $ref: 'Problem#' },
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const invoice = await getInvoice(deps.db, request.params.invoiceId);
        // Another tenant's document is answered exactly as a missing one.
        if (!invoice || !maySee(request.principal, invoice.operatorIcao))
          throw notFound(`invoice ${request.params.invoiceId}`);
        return invoice;
      },
    );
  };
}
