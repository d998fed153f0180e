export { tryAdvisoryXactLock, withAdvisoryLock, withSessionLock } from './advisory-lock.js';
export { DbError, type DbErrorCode, dbErrors, toDbError } from './errors.js';
export { loadMigrations, type Migration, type MigrationResult, migrate } from './migrations.js';
export {
  createPool,
  currentSchema,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type Queryable,
} from './pool.js';
export { dropSchema, uniqueSchema } from './test-support/schema.js';
export { inTransaction, type TransactionOptions, withTransaction } from './transaction.js';
