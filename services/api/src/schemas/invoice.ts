import type { FromSchema } from 'json-schema-to-ts';
import { moneySchema, nullableString, pointSchema } from '../server/schemas.js';
import { chargeSchema } from './charge.js';

// An invoice as the api answers it: the JSON Schema the routes validate and document with,
// and the TypeScript type derived from it (never written twice).

/** Every status an invoice or credit note may have, as GET /v1/invoices filters by. */
export const INVOICE_STATUSES = [
  'DRAFT',
  'ISSUED',
  'OVERDUE',
  'PAID',
  'PARTIALLY_PAID',
  'CANCELLED',
  'CREDITED',
] as const;

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

const lineSchema = {
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

/** GET /v1/invoices/{invoiceId}: the document, its lines and the credit notes against it. */
export const invoiceDetailSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...invoiceSummarySchema.properties,
    lines: { type: 'array', items: lineSchema },
    creditNotes: { type: 'array', items: invoiceSummarySchema },
  },
  required: [...invoiceSummarySchema.required, 'lines', 'creditNotes'],
} as const;

/** GET /v1/invoices/{invoiceId}/charges: the charge behind each line, every input with its source. */
export const invoiceChargesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      items: chargeSchema,
      description: "The lines' charges in the order of the lines; a charge not read yet is absent",
    },
  },
  required: ['items'],
} as const;

/** GET /v1/invoices/{invoiceId}/route-map: what the web page draws the invoice's route map from. */
export const routeMapSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    flights: {
      type: 'array',
      description: 'The first flights by flight date, each with its crossings in the order flown',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          flightId: { type: 'string' },
          callsign: nullableString,
          crossings: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                crossingId: { type: 'string' },
                firId: { type: 'string' },
                entry: pointSchema,
                exit: { anyOf: [pointSchema, { type: 'null' }] },
              },
              required: ['crossingId', 'firId', 'entry', 'exit'],
            },
          },
        },
        required: ['flightId', 'callsign', 'crossings'],
      },
    },
    firs: {
      type: 'array',
      description: 'The FIRs crossed, from the api FIR layer (empty without one)',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: { type: 'string' },
          name: nullableString,
          rings: {
            type: 'array',
            description: 'Closed flat [lon, lat, lon, lat, …] rings in degrees, thinned to ~5 km',
            items: { type: 'array', items: { type: 'number' } },
          },
        },
        required: ['id', 'name', 'rings'],
      },
    },
    flightCount: { type: 'integer', description: 'Flights on the invoice' },
    drawn: { type: 'integer', description: 'Flights given here' },
  },
  required: ['flights', 'firs', 'flightCount', 'drawn'],
} as const;

export type InvoiceSummary = FromSchema<typeof invoiceSummarySchema>;
export type InvoiceLine = FromSchema<typeof lineSchema>;
export type RouteMap = FromSchema<typeof routeMapSchema>;
