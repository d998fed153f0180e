import type { Queryable } from '@overfly/db';

/** What a job's items are, how to list them in a stable order, and how to do one. */
export interface BatchOperation {
  readonly name: OperationName;
  /** For the docs and the create route's validation message. */
  readonly summary: string;
  /**
   * The filters as the caller gave them (JSON Schema-validated by the route) checked for
   * meaning; returns an error message naming the field, or null.
   */
  check(filters: BatchFilters): string | null;
  /** How many items the job has, when it can be known up front. */
  count(db: Queryable, filters: BatchFilters): Promise<number | null>;
  /** Up to `limit` item keys after `after` (null: from the start), in the operation's order. */
  keys(
    db: Queryable,
    filters: BatchFilters,
    after: string | null,
    limit: number,
  ): Promise<string[]>;
  /** Does one item; throws ItemError for a failure of that item (anything else is retried, then FAILED as `internal`). */
  run(db: Queryable, filters: BatchFilters, key: string): Promise<ItemResult>;
}

export const OPERATIONS = [
  'export',
  'report',
  'validate',
  'reprice',
  'reprocess',
  'import',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

/** The filters every operation may take; each reads those it needs. */
export interface BatchFilters {
  /** For a tenant-scoped requester, always its own operator (set when the job is created). */
  operator?: string;
  /** YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  status?: string;
  zone?: string;
  /** reprice: the tariff version to price with (one on the worker's tariff shelf). */
  tariffVersion?: string;
  /** reprocess: these flights (fir-analyser flightIds, `<icao24>-<first fix ms>`) instead of a period. */
  flights?: string[];
  /** import: the uploaded files (`PUT /v1/batch-imports/{name}`) to read. */
  files?: string[];
}

interface ItemResult {
  output: unknown;
  /** 0..1, where the operation scores its items (validate). */
  quality?: number;
}

/** An item's own failure: recorded with its category, never retried. */
export class ItemError extends Error {
  constructor(
    readonly category: string,
    message: string,
  ) {
    super(message);
    this.name = 'ItemError';
  }
}
