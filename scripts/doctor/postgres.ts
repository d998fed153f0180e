import { createPool, databaseTarget, loadMigrations, type Migration } from '@overfly/db';
import type { ServiceMigrations } from './services.js';
import type { Check, DoctorContext, Finding } from './types.js';

function postgresAdvice(ctx: DoctorContext): string {
  return `start PostgreSQL with pnpm infra:up, or set DATABASE_URL to yours (now ${databaseTarget(ctx.databaseUrl)})`;
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

export interface MigrationComparison {
  /** In the folder, not in schema_migrations yet. */
  pending: Array<{ version: number; name: string }>;
  /** Applied, but the file's text has changed since (migrate refuses to start). */
  edited: Array<{ version: number; name: string }>;
  /** In schema_migrations, but no file has that version: the database is newer than the code. */
  unknown: Array<{ version: number; name: string }>;
}

const label = (m: { version: number; name: string }) =>
  `${String(m.version).padStart(3, '0')}_${m.name}`;

/** The folder's migrations against the rows of schema_migrations, as packages/db records them. */
export function compareMigrations(
  files: readonly Pick<Migration, 'version' | 'name' | 'checksum'>[],
  applied: readonly AppliedMigration[],
): MigrationComparison {
  const byVersion = new Map(applied.map((a) => [a.version, a]));
  const fileVersions = new Set(files.map((f) => f.version));
  const pick = ({ version, name }: { version: number; name: string }) => ({ version, name });
  return {
    pending: files.filter((f) => !byVersion.has(f.version)).map(pick),
    edited: files
      .filter((f) => byVersion.has(f.version) && byVersion.get(f.version)!.checksum !== f.checksum)
      .map(pick),
    unknown: applied.filter((a) => !fileVersions.has(a.version)).map(pick),
  };
}

/** One service's migrations as a line; `applied` null: no schema_migrations in its schema. */
export function migrationFinding(
  service: Pick<ServiceMigrations, 'service' | 'schema' | 'dir'>,
  files: readonly Pick<Migration, 'version' | 'name' | 'checksum'>[],
  applied: readonly AppliedMigration[] | null,
): Finding {
  const subject = `${service.service} (schema ${service.schema})`;
  const whenStarted = `start ${service.service} once, it applies them (node --import tsx services/${service.service}/src/main.ts)`;
  if (applied === null) {
    return {
      status: 'warn',
      subject,
      detail: `no migrations applied yet (${files.length} to apply)`,
      advice: whenStarted,
    };
  }
  const { pending, edited, unknown } = compareMigrations(files, applied);
  if (edited.length > 0) {
    const first = edited[0]!;
    return {
      status: 'fail',
      subject,
      detail: `edited after they were applied: ${edited.map(label).join(', ')}`,
      advice: `restore services/${service.service}/migrations/${label(first)}.sql as it was applied (git log -p shows it) and put the change in a new NNN_name.sql file`,
    };
  }
  if (unknown.length > 0) {
    return {
      status: 'fail',
      subject,
      detail: `applied, but not in this checkout: ${unknown.map(label).join(', ')}`,
      advice: 'update this checkout (git pull): the database was migrated by newer code',
    };
  }
  if (pending.length > 0) {
    return {
      status: 'warn',
      subject,
      detail: `${pending.length} of ${files.length} not applied yet: ${pending.map(label).join(', ')}`,
      advice: whenStarted,
    };
  }
  return {
    status: 'pass',
    subject,
    detail: `${files.length} of ${files.length} migrations applied`,
  };
}

export const postgresCheck: Check = {
  name: 'postgres',
  title: 'PostgreSQL',
  target: (ctx) => databaseTarget(ctx.databaseUrl),
  advice: postgresAdvice,
  async run(ctx) {
    const pool = createPool({ url: ctx.databaseUrl, max: 1, applicationName: 'overfly-doctor' });
    ctx.onClose(() => pool.end());
    const { rows } = await pool.query<{ server_version: string }>('SHOW server_version');
    const findings: Finding[] = [
      {
        status: 'pass',
        subject: databaseTarget(ctx.databaseUrl),
        detail: `connects, PostgreSQL ${rows[0]?.server_version ?? 'of unknown version'}`,
      },
    ];
    for (const service of ctx.services.migrations) {
      // From a config default that config validates as such; checked again before it is SQL.
      if (!/^[a-z_][a-z0-9_]*$/.test(service.schema)) continue;
      const table = `${service.schema}.schema_migrations`;
      const exists = await pool.query<{ found: string | null }>(
        'SELECT to_regclass($1)::text AS found',
        [table],
      );
      const applied =
        exists.rows[0]?.found == null
          ? null
          : (
              await pool.query<AppliedMigration>(
                `SELECT version, name, checksum FROM ${service.schema}.schema_migrations`,
              )
            ).rows;
      findings.push(migrationFinding(service, loadMigrations(service.dir), applied));
    }
    return findings;
  },
};
