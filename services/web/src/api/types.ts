// What the api answers, derived from its own JSON Schemas (type-only imports: nothing of the
// api is bundled), so a field renamed there fails this page's typecheck instead of its users.
import type { FromSchema } from 'json-schema-to-ts';
import type { BatchProgress } from '../../../../packages/schemas/src/generated/types.js';
import type { createJobSchema, jobSchema, vizSchema } from '../../../api/src/schemas/batch-job.js';
import type { chargeSchema } from '../../../api/src/schemas/charge.js';
import type {
  DISRUPTION_TYPES,
  disruptionSchema,
  disruptionSummarySchema,
  LIFECYCLES,
  passengerEventSchema,
  SEVERITIES,
} from '../../../api/src/schemas/disruption.js';
import type {
  INVOICE_STATUSES,
  invoiceChargesSchema,
  invoiceDetailSchema,
  invoiceSummarySchema,
  routeMapSchema,
} from '../../../api/src/schemas/invoice.js';
import type { notificationSchema } from '../../../api/src/schemas/ops.js';
import type { pageSchema } from '../../../api/src/server/paging.js';

/** A list route's answer: `{ items, page }`, page.next the cursor of the next page (null: last). */
export interface List<T> {
  items: T[];
  page: FromSchema<typeof pageSchema>;
}

export type InvoiceSummary = FromSchema<typeof invoiceSummarySchema>;
export type InvoiceDetail = FromSchema<typeof invoiceDetailSchema>;
export type InvoiceLine = InvoiceDetail['lines'][number];
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type InvoiceCharges = FromSchema<typeof invoiceChargesSchema>;
export type Charge = FromSchema<typeof chargeSchema>;
export type RouteMap = FromSchema<typeof routeMapSchema>;

export type Job = FromSchema<typeof jobSchema>;
export type JobViz = FromSchema<typeof vizSchema> & { job: Job };
/** POST /v1/batch-jobs's body: what has a default may be left out. */
export type NewJob = FromSchema<typeof createJobSchema, { keepDefaultedPropertiesOptional: true }>;
export type Operation = NewJob['operation'];
/** A frame of GET /v1/batch-jobs/events: the job's batch.progress record. */
export interface JobEvent {
  event: string;
  job: BatchProgress;
}

export type DisruptionSummary = FromSchema<typeof disruptionSummarySchema>;
export type Disruption = FromSchema<typeof disruptionSchema>;
export type PassengerEvent = FromSchema<typeof passengerEventSchema>;
export type DisruptionType = (typeof DISRUPTION_TYPES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Lifecycle = (typeof LIFECYCLES)[number];

export type Notification = FromSchema<typeof notificationSchema>;
