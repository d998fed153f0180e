/**
 * The services' consumer groups and migrations, read from their own code: every
 * services/<name>/src config module (config.ts, *-config.ts) is loaded, and each variable
 * ending in _GROUP_ID with a default is a group; a service with a migrations/ folder has
 * its tables in the DATABASE_SCHEMA its config defaults to. A new service is found as is.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ConfigVariable, describeConfig } from '@overfly/config';

const servicesDir = fileURLToPath(new URL('../../services/', import.meta.url));

export interface ServiceGroup {
  service: string;
  /** The variable that sets it, e.g. KAFKA_GROUP_ID or BATCH_GROUP_ID. */
  variable: string;
  groupId: string;
}

export interface ServiceMigrations {
  service: string;
  dir: string;
  /** The PostgreSQL schema its tables (and schema_migrations) are in by default. */
  schema: string;
}

type ConfigSchema = Parameters<typeof describeConfig>[0];

function isConfigSchema(value: unknown): value is ConfigSchema {
  return (
    typeof value === 'object' &&
    value !== null &&
    'shape' in value &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

/** config.ts and *-config.ts under a service's src/, tests left out. */
function configModules(srcDir: string): string[] {
  if (!existsSync(srcDir)) return [];
  return (readdirSync(srcDir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => /(^|[/-])config\.ts$/.test(file) && !file.includes('node_modules'))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
    .map((file) => path.join(srcDir, file));
}

/** The groups and the schema default among one service's config variables. */
function readVariables(
  service: string,
  variables: readonly ConfigVariable[],
): { groups: ServiceGroup[]; schema: string | undefined } {
  const groups = variables
    .filter((v) => v.name.endsWith('_GROUP_ID') && v.default !== undefined)
    .map((v) => ({ service, variable: v.name, groupId: v.default! }));
  const schema = variables.find((v) => v.name === 'DATABASE_SCHEMA')?.default;
  return { groups, schema };
}

export async function discoverServices(dir = servicesDir): Promise<{
  groups: ServiceGroup[];
  migrations: ServiceMigrations[];
}> {
  const groups = new Map<string, ServiceGroup>();
  const migrations: ServiceMigrations[] = [];
  for (const service of readdirSync(dir).sort()) {
    let schema: string | undefined;
    for (const file of configModules(path.join(dir, service, 'src'))) {
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if (!isConfigSchema(value)) continue;
        const found = readVariables(service, describeConfig(value));
        for (const group of found.groups) {
          if (!groups.has(group.groupId)) groups.set(group.groupId, group);
        }
        schema ??= found.schema;
      }
    }
    const migrationsDir = path.join(dir, service, 'migrations');
    if (existsSync(migrationsDir)) {
      migrations.push({ service, dir: migrationsDir, schema: schema ?? 'public' });
    }
  }
  return { groups: [...groups.values()], migrations };
}
