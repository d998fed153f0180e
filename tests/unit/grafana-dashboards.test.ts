// The Grafana provisioning under infra/compose/grafana/provisioning checked without Grafana
// (not installable here): each dashboard's JSON, its panels' SQL against the migrations of the
// services that own the tables, the metrics it reads against what the code emits, and the
// dashboard provider against where docker-compose.yml mounts it. The SQL itself runs in
// tests/integration/grafana-panels.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMetrics } from '@overfly/observability';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DASHBOARDS_DIR,
  type Dashboard,
  loadDashboards,
  PROVISIONING_DIR,
  parseDashboard,
} from '../support/grafana/dashboards.js';
import { macroCalls, variablesIn } from '../support/grafana/macros.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dashboards = loadDashboards();
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

const DATASOURCE = { type: 'grafana-postgresql-datasource', uid: 'overfly-postgres' };

/** Each schema variable, the service whose migrations make that schema's tables. */
const SCHEMA_OWNERS: Record<string, string> = {
  metrics_schema: 'metrics-sink',
  api_schema: 'api',
  billing_schema: 'invoice-writer',
  notifier_schema: 'notifier',
};

/** Tables and functions a service's migrations create (CREATE TABLE / FUNCTION names). */
function createdNames(sql: string): Set<string> {
  const names = new Set<string>();
  const created =
    /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:UNLOGGED\s+)?(?:TABLE|FUNCTION|VIEW|MATERIALIZED\s+VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?("?[a-z_][a-z0-9_]*"?)/gi;
  for (const match of sql.matchAll(created)) names.add((match[1] ?? '').replaceAll('"', ''));
  return names;
}

function migrationsOf(service: string): Set<string> {
  const dir = path.join(root, 'services', service, 'migrations');
  return createdNames(
    readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n'),
  );
}

/** `${x_schema}.name` references of a query (tables and functions alike). */
function schemaReferences(sql: string): Array<{ variable: string; name: string }> {
  return [...sql.matchAll(/\$\{(\w+)\}\.([a-z_][a-z0-9_]*)/g)].map((m) => ({
    variable: m[1] ?? '',
    name: m[2] ?? '',
  }));
}

/** Every non-test TypeScript source of services/ and packages/, for metric names. */
function sourceTexts(): string[] {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(full);
      } else if (entry.name.endsWith('.ts') && !/\.(test|int\.test|chaos\.test)\.ts$/.test(full))
        texts.push(readFileSync(full, 'utf8'));
    }
  };
  for (const top of ['services', 'packages'])
    for (const pkg of readdirSync(path.join(root, top))) {
      const src = path.join(root, top, pkg, 'src');
      try {
        walk(src);
      } catch {
        // a package without src/
      }
    }
  return texts;
}

/** The default metrics every service's registry holds (prom-client's process_*, nodejs_*). */
async function defaultMetricNames(): Promise<Set<string>> {
  const { registry } = createMetrics({ service: 'dashboards-test', instance: 'test' });
  return new Set((await registry.getMetricsAsJSON()).map((metric) => metric.name));
}

const panelsOf = (d: Dashboard) =>
  d.panels.map((p) => ({ ...p, where: `${d.file} #${p.panelId}` }));
const everyPanel = dashboards.flatMap(panelsOf);

describe('Grafana dashboards (infra/compose/grafana/provisioning/dashboards)', () => {
  it('are the four dashboards, each valid JSON with its own fixed uid and title', () => {
    expect(dashboards.map((d) => d.file)).toEqual([
      'billing.json',
      'ops.json',
      'pipeline.json',
      'upstream.json',
    ]);
    const uids = dashboards.map((d) => d.uid);
    for (const uid of uids) expect(uid).toMatch(/^overfly-[a-z0-9-]+$/);
    expect(new Set(uids).size).toBe(uids.length);
    for (const d of dashboards) {
      expect(d.title, d.file).toMatch(/^Overfly — /);
      // Provisioned JSON is the dashboard model itself, never an export wrapper or with an id.
      expect(d.json.id ?? null, d.file).toBeNull();
      expect(d.json.dashboard, d.file).toBeUndefined();
      expect(d.json.schemaVersion, d.file).toBe(41);
      expect(d.panels.length, d.file).toBeGreaterThan(0);
    }
    expect(() => parseDashboard('broken.json', '{"uid": ')).toThrow();
  });

  it('give every panel a unique id and put it on the provisioned PostgreSQL data source', () => {
    const datasource = parse(read('infra/compose/grafana/provisioning/datasources/overfly.yaml'))
      .datasources[0] as { uid: string; type: string };
    expect(datasource).toMatchObject(DATASOURCE);
    for (const d of dashboards) {
      const ids = (d.json.panels as Array<{ id: number }>).map((p) => p.id);
      expect(ids.every(Number.isInteger), d.file).toBe(true);
      expect(new Set(ids).size, `${d.file} panel ids`).toBe(ids.length);
      for (const p of d.panels) {
        expect(p.datasourceUid, `${d.file} #${p.panelId}`).toBe(datasource.uid);
        expect(p.targetDatasourceUid, `${d.file} #${p.panelId} target`).toBe(datasource.uid);
      }
    }
    const raw = dashboards.flatMap((d) =>
      (d.json.panels as Array<{ datasource: { type: string } }>).map((p) => p.datasource.type),
    );
    expect(new Set(raw)).toEqual(new Set([datasource.type]));
  });

  it('give every panel raw SQL and a format its visualisation reads', () => {
    for (const d of dashboards) {
      const types = new Map(
        (d.json.panels as Array<{ id: number; type: string }>).map((p) => [p.id, p.type]),
      );
      for (const p of d.panels) {
        const where = `${d.file} #${p.panelId} "${p.title}"`;
        expect(p.title, where).not.toBe('');
        expect(p.refId, where).toBe('A');
        expect(p.rawSql.trim(), where).toMatch(/^SELECT\b/);
        expect(p.format, where).toBe(types.get(p.panelId) === 'table' ? 'table' : 'time_series');
        // A time series names its time column "time", as Grafana's SQL sources want it.
        if (p.format === 'time_series')
          expect(p.rawSql, where).toMatch(/AS "time"|\$__time\w*Alias\(/);
      }
    }
  });

  it('define every variable their SQL uses, hidden, defaulting to the schema compose gives', () => {
    const compose = parse(read('docker-compose.yml')) as {
      services: Record<string, { environment?: Record<string, unknown> }>;
    };
    for (const d of dashboards) {
      const defined = new Map(d.variables.map((v) => [v.name, v]));
      const used = new Set(d.panels.flatMap((p) => variablesIn(p.rawSql)));
      expect(
        [...used].filter((name) => !defined.has(name)),
        d.file,
      ).toEqual([]);
      expect(
        [...defined.keys()].filter((name) => !used.has(name)),
        `${d.file} unused`,
      ).toEqual([]);
      for (const v of d.variables) {
        const owner = SCHEMA_OWNERS[v.name];
        expect(owner, `${d.file} variable ${v.name} has an owning service`).toBeDefined();
        expect(v.hide, `${d.file} ${v.name} hidden`).toBe(2);
        expect(['custom', 'constant'], v.name).toContain(v.type);
        const configured = compose.services[owner ?? '']?.environment?.DATABASE_SCHEMA;
        const fallback = /DATABASE_SCHEMA: z[\s\S]*?\.default\('([a-z_0-9]+)'\)/.exec(
          read(`services/${owner}/src/config.ts`),
        )?.[1];
        expect(v.value, `${d.file} ${v.name}`).toBe(String(configured ?? fallback));
      }
    }
  });

  it('read only tables and functions that the owning service’s migrations create', () => {
    const created = new Map(
      Object.entries(SCHEMA_OWNERS).map(([variable, service]) => [variable, migrationsOf(service)]),
    );
    expect(created.get('metrics_schema')).toContain('metric_counter_rates');
    let references = 0;
    for (const p of everyPanel) {
      const refs = schemaReferences(p.rawSql);
      expect(refs.length, `${p.where} reads a \${x_schema}.table`).toBeGreaterThan(0);
      // Nothing unqualified: Grafana's search_path is public, not the service's schema.
      const bare = [...p.rawSql.matchAll(/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b(?!\s*\()/gi)]
        .map((m) => m[1])
        .filter((name) => name !== undefined && !/^(?:select|lateral)$/i.test(name));
      expect(bare, `${p.where} unqualified tables`).toEqual([]);
      for (const { variable, name } of refs) {
        references++;
        expect(
          created.get(variable)?.has(name),
          `${p.where}: ${name} in ${SCHEMA_OWNERS[variable]}'s migrations`,
        ).toBe(true);
      }
    }
    expect(references).toBeGreaterThanOrEqual(everyPanel.length);
    expect(createdNames('CREATE TABLE IF NOT EXISTS x (a int); CREATE FUNCTION f()')).toEqual(
      new Set(['x', 'f']),
    );
  });

  it('read only metrics some service really emits', async () => {
    const sources = sourceTexts();
    const defaults = await defaultMetricNames();
    expect(defaults).toContain('process_resident_memory_bytes');
    const metrics = new Set(
      everyPanel.flatMap((p) =>
        [...p.rawSql.matchAll(/'((?:overfly|process|nodejs)_[a-z0-9_]+)'/g)].map((m) => m[1] ?? ''),
      ),
    );
    expect(metrics.size).toBeGreaterThan(10);
    for (const metric of metrics) {
      const base = metric.replace(/_(bucket|sum|count)$/, '');
      const emitted = metric.startsWith('overfly_')
        ? sources.some((s) => s.includes(`'${base}'`) || s.includes(`'${metric}'`))
        : defaults.has(metric) || defaults.has(base);
      expect(emitted, `${metric} is emitted by a service or prom-client's defaults`).toBe(true);
    }
  });

  it('use Grafana macros with plain arguments only', () => {
    const known = new Set([
      '__timeFilter',
      '__timeFrom',
      '__timeTo',
      '__timeGroup',
      '__timeGroupAlias',
    ]);
    for (const p of everyPanel) {
      for (const call of macroCalls(p.rawSql)) {
        expect(known.has(call.name), `${p.where} $${call.name}`).toBe(true);
        // Grafana's macro parser has stopped at the first ')' in some versions: keep
        // arguments free of parentheses (derive columns in a subquery instead).
        for (const arg of call.args) expect(arg, `${p.where} $${call.name}`).not.toMatch(/[()]/);
      }
    }
  });

  it('are provisioned by a file provider whose path is where compose mounts the JSON', () => {
    const compose = parse(read('docker-compose.yml')) as {
      services: { grafana: { volumes: string[] } };
    };
    const mount = compose.services.grafana.volumes
      .map((v) => v.split(':'))
      .find(([, target]) => target === '/etc/grafana/provisioning');
    expect(mount, 'grafana mounts its provisioning folder').toBeDefined();
    const [hostDir = '', containerDir = ''] = mount ?? [];
    expect(path.resolve(root, hostDir)).toBe(path.resolve(PROVISIONING_DIR));

    const provider = parse(read('infra/compose/grafana/provisioning/dashboards/overfly.yaml')) as {
      apiVersion: number;
      providers: Array<{ type: string; folder: string; options: { path: string } }>;
    };
    expect(provider.apiVersion).toBe(1);
    expect(provider.providers).toHaveLength(1);
    const [files] = provider.providers;
    expect(files).toMatchObject({ type: 'file', folder: 'Overfly' });
    expect(files?.options.path.startsWith(`${containerDir}/`), files?.options.path).toBe(true);
    // The container path, back on the host: the folder the dashboards are loaded from here.
    const onHost = path.join(hostDir, path.relative(containerDir, files?.options.path ?? ''));
    expect(`${path.resolve(root, onHost)}/`).toBe(`${path.resolve(DASHBOARDS_DIR)}/`);
    expect(readdirSync(path.resolve(root, onHost)).filter((f) => f.endsWith('.json'))).toEqual(
      dashboards.map((d) => d.file),
    );
  });
});
