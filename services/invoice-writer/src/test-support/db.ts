// The billing database helpers, for tests outside this package (tests/integration,
// tests/bench) that cannot import @overfly/db from the repository root.
export { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
export { consolidate } from '../consolidation.js';
export { MIGRATIONS_DIR } from '../migrations-dir.js';
