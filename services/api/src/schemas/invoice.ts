import type { FromSchema } from 'json-schema-to-ts';
import { moneySchema } from '../server/schemas.js';

// An invoice as the api answers it: the JSON Schema the routes validate and document with,
// and the TypeScript type derived from it (never written twice).

export const invoiceSummarySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    invoiceId: { type: 'string' },
    invoiceNumber: {
      type: ['string', 'null'],
      description: 'Gap-free number in its series; null until ISSUED',
    },
    series: { type: 'string' },
    documentType: { type: 'string', enum: ['INVOICE', 'CREDIT_NOTE', 'UNKNOWN'] },
    billingCycle: { type: 'string' },
    operatorIcao: { type: 'string' },
    status: { type: 'string' },
    total: moneySchema,
    amountPaid: { anyOf: [moneySchema, { type: 'null' }] },
    lineCount: { type: 'integer' },
    relatedInvoiceId: {
      type: ['string', 'null'],
      description: 'For a credit note, the invoice it credits',
    },
    periodStart: { type: 'integer', description: 'UTC epoch ms, inclusive' },
    periodEnd: { type: 'integer', description: 'UTC epoch ms, exclusive' },
    dueDate: { type: ['string', 'null'], description: 'YYYY-MM-DD' },
    updatedAt: { type: 'integer' },
  },
  required: [
    'invoiceId',
    'series',
    'documentType',
    'operatorIcao',
    'status',
    'total',
    'lineCount',
    'periodStart',
    'periodEnd',
    'updatedAt',
  ],
} as const;

export const lineSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    chargeId: { type: 'string' },
    crossingId: { type: 'string' },
    flightId: { type: 'string' },
    callsign: { type: ['string', 'null'] },
    firId: { type: 'string' },
    flightDate: { type: 'string', description: 'YYYY-MM-DD' },
    amount: moneySchema,
  },
  required: ['chargeId', 'crossingId', 'flightId', 'firId', 'flightDate', 'amount'],
} as const;

export type InvoiceSummary = FromSchema<typeof invoiceSummarySchema>;
export type InvoiceLine = FromSchema<typeof lineSchema>;
