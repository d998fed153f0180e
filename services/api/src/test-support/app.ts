import type { Queryable } from '@overfly/db';
import type { StoredDeadLetter } from '@overfly/kafka';
import type { BatchCommand, BatchProgress } from '@overfly/schemas';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { JwtVerifier } from '../auth/jwt.js';
import { type KeyRing, parseApiKeys } from '../auth/keys.js';
import type { BatchEventHub } from '../batch/events.js';
import { createOperations } from '../batch/operations/index.js';
import { loadTariffShelf } from '../batch/tariff-shelf.js';
import type { FirOutlines } from '../invoice-page/map-svg.js';
import { batchEventsRoute } from '../routes/batch-events.js';
import { batchImportRoutes } from '../routes/batch-imports.js';
import { batchJobRoutes } from '../routes/batch-jobs.js';
import { chargeRoutes } from '../routes/charges.js';
import { crossingRoutes } from '../routes/crossings.js';
import { disruptionRoutes } from '../routes/disruptions.js';
import { flightRoutes } from '../routes/flights.js';
import { invoicePageRoutes } from '../routes/invoice-page.js';
import { invoiceRoutes } from '../routes/invoices.js';
import { opsRoutes } from '../routes/ops.js';
import { trackRoutes } from '../routes/tracks.js';
import { type AnsweredRequest, authorizer, buildApp } from '../server/app.js';

/** Keys of each role; of billing and ops, one scoped to BAW and one to AFR. */
export const TEST_KEYS = {
  viewer: 'test-viewer-key-000000001',
  billing: 'test-billing-key-00000001',
  billingBaw: 'test-billing-baw-00000001',
  billingAfr: 'test-billing-afr-00000001',
  ops: 'test-ops-key-000000000001',
  opsBaw: 'test-ops-baw-key-00000001',
  opsAfr: 'test-ops-afr-key-00000001',
  admin: 'test-admin-key-0000000001',
} as const;

export function testKeyRing(): KeyRing {
  return parseApiKeys(
    JSON.stringify([
      { key: TEST_KEYS.viewer, role: 'viewer' },
      { key: TEST_KEYS.billing, role: 'billing' },
      { key: TEST_KEYS.billingBaw, role: 'billing', operator: 'BAW' },
      { key: TEST_KEYS.billingAfr, role: 'billing', operator: 'AFR' },
      { key: TEST_KEYS.ops, role: 'ops' },
      { key: TEST_KEYS.opsBaw, role: 'ops', operator: 'BAW' },
      { key: TEST_KEYS.opsAfr, role: 'ops', operator: 'AFR' },
      { key: TEST_KEYS.admin, role: 'admin' },
    ]),
  );
}

/** The app with the real routes over `db`, auth on unless `keys: null` (and no `jwt`). */
export function testApp(
  db: Queryable,
  options: {
    keys?: KeyRing | null;
    jwt?: JwtVerifier | null;
    rateLimitPerMinute?: number;
    bodyLimit?: number;
    extraRoutes?: FastifyPluginAsync[];
    resend?: (letters: readonly StoredDeadLetter[]) => Promise<number>;
    /** Where batch.commands go (default: nowhere); the batch job tests give the real producer. */
    sendCommand?: (command: BatchCommand) => Promise<void>;
    /** Where the api's own batch.progress go (default: nowhere). */
    reportProgress?: (progress: BatchProgress) => Promise<void>;
    /** Serves GET /v1/batch-jobs/events from this hub. */
    batchEvents?: BatchEventHub;
    batchCreatePerMinute?: number;
    /** Largest upload PUT /v1/batch-imports/{name} takes (API_IMPORT_MAX_BYTES). */
    importMaxBytes?: number;
    /** Tariff folders a reprice job may name (BATCH_TARIFF_DIRS). */
    tariffDirs?: string[];
    errors?: unknown[];
    /** The FIR layer the invoice page draws boundaries from; absent: none (paths alone). */
    firs?: FirOutlines | null;
    maxFlightsOnMap?: number;
    observeRequest?: (request: AnsweredRequest) => void;
  } = {},
): Promise<FastifyInstance> {
  const keys = options.keys === undefined ? testKeyRing() : options.keys;
  const jwt = options.jwt ?? null;
  return buildApp({
    keys,
    jwt,
    corsOrigins: ['http://localhost:5173'],
    bodyLimit: options.bodyLimit ?? 1_024 * 64,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
    ready: async () => ({ ok: true, checks: {} }),
    metrics: async () => '# metrics\n',
    ...(options.observeRequest ? { observeRequest: options.observeRequest } : {}),
    logError: (error) => options.errors?.push(error),
    routes: [
      flightRoutes({ db, pageLimit: 500 }),
      crossingRoutes({ db, pageLimit: 500 }),
      chargeRoutes({ db, pageLimit: 500 }),
      invoiceRoutes({ db, pageLimit: 500 }),
      invoicePageRoutes({
        db,
        firs: options.firs ?? null,
        ...(options.maxFlightsOnMap ? { maxFlightsOnMap: options.maxFlightsOnMap } : {}),
      }),
      trackRoutes({ db, maxPoints: 100 }),
      opsRoutes({ db, pageLimit: 500, resend: options.resend ?? (async (l) => l.length) }),
      disruptionRoutes({ db, pageLimit: 500 }),
      batchJobRoutes({
        db,
        operations: createOperations({
          tariffs: loadTariffShelf(options.tariffDirs ?? []),
          charges: null,
          crossings: null,
          airspace: null,
        }),
        pageLimit: 500,
        createPerMinute: options.batchCreatePerMinute ?? 1_000,
        send: options.sendCommand ?? (async () => {}),
        report: options.reportProgress ?? (async () => {}),
        logError: (error) => options.errors?.push(error),
      }),
      batchImportRoutes({ db, maxBytes: options.importMaxBytes ?? 8 * 1_024 * 1_024 }),
      ...(options.batchEvents
        ? [batchEventsRoute(options.batchEvents, authorizer({ keys, jwt }, 'billing'))]
        : []),
      ...(options.extraRoutes ?? []),
    ],
  });
}
