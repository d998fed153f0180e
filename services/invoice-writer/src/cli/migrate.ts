/** `pnpm --filter @overfly/invoice-writer migrate`: applies pending migrations and exits. */
import { createPool, migrate } from '@overfly/db';
import { loadWriterConfig } from '../config.js';
import { MIGRATIONS_DIR } from '../migrations-dir.js';

const config = loadWriterConfig();
// One connection is all migrate needs: the lock and the migrations share it.
const pool = createPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, max: 1 });
try {
  const result = await migrate(pool, MIGRATIONS_DIR, { schema: config.DATABASE_SCHEMA });
  for (const m of result.applied) process.stdout.write(`applied ${m.version}_${m.name}\n`);
  process.stdout.write(
    `${result.applied.length} applied, ${result.alreadyApplied} already there\n`,
  );
} finally {
  await pool.end();
}
