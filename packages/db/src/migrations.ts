import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withSessionLock } from './advisory-lock.js';
import { DbError, isDatabaseUnavailable, toDbError } from './errors.js';
import type { Pool } from './pool.js';
import { inTransaction, withTransaction } from './transaction.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: Array<{ version: number; name: string }>;
  alreadyApplied: number;
}

const FILE_NAME = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

/** Reads `NNN_name.sql` files of `dir` in version order; anything else there is refused. */
export function loadMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(file);
    if (!match)
      throw new DbError('DB_MIGRATION_INVALID', `${file}: migration files are named NNN_name.sql`);
    const sql = readFileSync(join(dir, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version)
      throw new DbError(
        'DB_MIGRATION_INVALID',
        `migration version ${migrations[i]!.version} is used twice in ${dir}`,
      );
  }
  return migrations;
}

/**
 * Applies the pending migrations of `dir` in order, each in its own transaction together
 * with its `schema_migrations` row, under an advisory lock so that instances starting
 * together apply each file once. An applied file whose text changed is refused: the
 * database would no longer match what the code believes it ran.
 */
export async function migrate(
  pool: Pool,
  dir: string,
  options: { schema?: string } = {},
): Promise<MigrationResult> {
  const migrations = loadMigrations(dir);
  if (options.schema !== undefined) {
    // Two starters may race on CREATE SCHEMA before either holds the lock: IF NOT EXISTS
    // still fails on the catalog's unique index, so take a lock that is not schema-scoped.
    await withTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `create-schema:${options.schema}`,
      ]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    });
  }
  // Everything under the lock runs on the lock's own connection: a pool of one suffices.
  const outcome = await withSessionLock(pool, 'schema_migrations', async (client) => {
    await client
      .query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           checksum text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      )
      .catch((error: unknown) => {
        throw toDbError(error);
      });
    const { rows } = await client.query<{ version: number; checksum: string; name: string }>(
      'SELECT version, name, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    const applied: MigrationResult['applied'] = [];
    for (const migration of migrations) {
      const previous = done.get(migration.version);
      if (previous) {
        if (previous.checksum !== migration.checksum)
          throw new DbError(
            'DB_MIGRATION_INVALID',
            `migration ${migration.version}_${migration.name} was edited after it was applied`,
          );
        continue;
      }
      try {
        await inTransaction(client, async (tx) => {
          await tx.query(migration.sql);
          await tx.query(
            'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
            [migration.version, migration.name, migration.checksum],
          );
        });
      } catch (error) {
        // The database went away mid-file: the file is fine and is applied on the next try.
        if (isDatabaseUnavailable(error)) throw toDbError(error);
        throw new DbError(
          'DB_MIGRATION_FAILED',
          `migration ${migration.version}_${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      applied.push({ version: migration.version, name: migration.name });
    }
    return { applied, alreadyApplied: done.size };
  });
  if (!outcome.acquired) throw new Error('unreachable: migrate waits for its lock');
  return outcome.result;
}
