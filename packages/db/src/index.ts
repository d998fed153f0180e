export { tryAdvisoryXactLock, withAdvisoryLock, withSessionLock } from './advisory-lock.js';
export {
  type AvailabilityLogger,
  type AvailabilityOptions,
  type AvailabilityState,
  type DatabaseAvailability,
  type UntilAvailableOptions,
  watchAvailability,
} from './availability.js';
export {
  DbError,
  type DbErrorCode,
  dbErrors,
  isDatabaseUnavailable,
  toDbError,
  unavailableReason,
} from './errors.js';
export { loadMigrations, type Migration, type MigrationResult, migrate } from './migrations.js';
export {
  createPool,
  currentSchema,
  databaseTarget,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type Queryable,
} from './pool.js';
export { dropSchema, uniqueSchema } from './test-support/schema.js';
export { inTransaction, type TransactionOptions, withTransaction } from './transaction.js';
