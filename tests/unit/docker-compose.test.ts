// docker-compose.yml checked against the project's own sources: the config package's
// defaults, infra/'s ports and settings, and the topic catalogue. No Docker engine is needed;
// `docker compose config` runs too when the compose plugin is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMON_DEFAULTS, commonDefaults, LOCAL_PORTS, parseDuration } from '@overfly/config';
import { topicCreationPlan, topicSpecs } from '@overfly/kafka';
import { topicCatalogue } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAILPIT_VERSION, mailpitArgs } from '../../infra/src/mailpit.js';
import {
  infraPorts,
  PORT_ENV,
  POSTGRES_DATABASES,
  POSTGRES_PASSWORD,
  POSTGRES_USER,
} from '../../infra/src/ports.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const composeFile = path.join(root, 'docker-compose.yml');
const composeText = fs.readFileSync(composeFile, 'utf8');

type Scalar = string | number | boolean | null;
interface PortMapping {
  target: number;
  published: string;
  host_ip?: string;
}
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string[] | string;
  init?: boolean;
  stop_grace_period?: string;
  restart?: string;
  environment?: Record<string, Scalar>;
  ports?: Array<PortMapping | string>;
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  'x-overfly-env'?: Record<string, string>;
}

// `merge: true`: the file shares settings through YAML merge keys (`<<: *service`), which
// Compose supports and YAML 1.2 parsers only apply when asked.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = compose.services;

/** Compose's interpolation of `${VAR:-default}`, `${VAR}` and `$$`, with `env` as the shell. */
function interpolate(value: Scalar | undefined, env: Record<string, string> = {}): string {
  return String(value ?? '')
    .replace(/\$\{([A-Za-z0-9_]+)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const set = env[name];
      return set !== undefined && set !== '' ? set : (fallback ?? '');
    })
    .replaceAll('$$', '$');
}

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function env(name: string): Record<string, Scalar> {
  return service(name).environment ?? {};
}

function portMappings(name: string): PortMapping[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === 'object') return port;
    // "HOST_IP:PUBLISHED:TARGET", each side possibly ${VAR:-default}.
    const match = /^(\$\{[A-Z_]+:-[^}]+\}|[\d.]+):(\$\{[A-Z_]+:-\d+\}|\d+):(\d+)$/.exec(
      String(port),
    );
    if (!match) throw new Error(`${name}: port "${port}" is not HOST_IP:PUBLISHED:TARGET`);
    return { host_ip: match[1]!, published: match[2]!, target: Number(match[3]) };
  });
}

function onlyPort(name: string): PortMapping {
  const ports = portMappings(name);
  expect(ports, `${name} publishes exactly one port`).toHaveLength(1);
  return ports[0]!;
}

/** `${OVERFLY_X_PORT:-1234}` → { variable, fallback }. */
function portVariable(published: string): { variable: string; fallback: number } {
  const match = /^\$\{([A-Z0-9_]+):-(\d+)\}$/.exec(String(published));
  if (!match) throw new Error(`published port "${published}" is not \${VARIABLE:-default}`);
  return { variable: match[1]!, fallback: Number(match[2]) };
}

/** Compose's own durations (Docker's grammar) as the file writes them: `20s`, `1m30s`, `500ms`. */
function durationMs(value: string | undefined): number {
  const parts = [...String(value ?? '').matchAll(/(\d+)(ms|s|m|h)/g)];
  expect(parts.length, `duration "${value}"`).toBeGreaterThan(0);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u as keyof typeof unit], 0);
}

/** Services built from the repository's Dockerfile: the Overfly image. */
const overflyServices = Object.keys(services).filter((name) => services[name]?.build !== undefined);

/**
 * One-shot services: run to completion (`restart: "no"`), then others start on
 * `condition: service_completed_successfully`. No health check: they are not meant to stay up.
 */
const oneShot = new Set(
  Object.entries(services)
    .filter(([, s]) => s.restart === 'no')
    .map(([name]) => name),
);

/** Services that run a given image repository, e.g. `postgres` or `apache/kafka`. */
function servicesRunning(repository: string): string[] {
  return Object.entries(services)
    .filter(([, s]) => s.image?.split(':')[0] === repository)
    .map(([name]) => name);
}

/** The `key: value,` lines of the object literal that follows `marker` in a source file. */
function objectLiteral(file: string, marker: string): Map<string, string> {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  const start = source.indexOf(marker);
  if (start < 0) throw new Error(`${file}: "${marker}" not found; update this test`);
  const block = source.slice(start, source.indexOf('\n  };', start));
  const entries = new Map<string, string>();
  for (const match of block.matchAll(/^\s+'?([A-Za-z0-9_.]+)'?: (.+?),\s*(?:\/\/.*)?$/gm)) {
    entries.set(match[1]!, match[2]!);
  }
  return entries;
}

/** A source literal's value: `'x'` → x, `3` → 3, `false` → false; anything else → undefined. */
function literal(source: string): Scalar | undefined {
  if (/^'[^']*'$/.test(source)) return source.slice(1, -1);
  if (/^-?\d+$/.test(source)) return Number(source);
  if (source === 'true' || source === 'false') return source === 'true';
  return undefined;
}

const databaseUrl = new URL(COMMON_DEFAULTS.DATABASE_URL);

describe('docker-compose.yml', () => {
  it('says what it runs and how, with the Docker-free alternative', () => {
    const header = composeText.slice(0, composeText.indexOf('\nname:'));
    expect(header).toContain('docker compose up -d');
    expect(header).toContain('pnpm infra:up');
    // The header's list names every service the file runs.
    for (const name of Object.keys(services))
      expect(header).toMatch(new RegExp(`^#   ${name} `, 'm'));
    expect(Object.keys(services).sort()).toEqual(
      [
        ...['grafana', 'kafka', 'postgres', 'registry', 'mailpit'],
        ...['provision', 'flight-producer', 'fir-analyser', 'fee-calculator', 'invoice-writer'],
        'ops-feed',
        'disruption-correlator',
        'notifier',
        'metrics-sink',
        'api',
        'api-worker',
      ].sort(),
    );
  });

  it('pins every image to a version tag', () => {
    for (const [name, s] of Object.entries(services)) {
      // Built here, not pulled: tests below check it (one name, one Dockerfile).
      if (overflyServices.includes(name)) continue;
      const match = /^([a-z0-9./_-]+):([A-Za-z0-9._-]+)$/.exec(s.image ?? '');
      expect(match, `${name}: image "${s.image}" has a tag`).not.toBeNull();
      expect(match![2], `${name}: tag`).not.toBe('latest');
      // Mailpit tags its images v1.2.3.
      expect(match![2], `${name}: tag names a version`).toMatch(/^v?\d+(\.\d+)*/);
    }
    // Kafka 4 removed the protocol versions kafkajs speaks (KIP-896): stay on 3.9.
    expect(service('kafka').image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(service('postgres').image).toMatch(/^postgres:\d+/);
    expect(service('grafana').image).toMatch(/^grafana\/grafana-oss:\d+\.\d+\.\d+$/);
    // The same Apicurio release `pnpm infra:up` fetches from Maven Central.
    const pom = fs.readFileSync(path.join(root, 'infra/registry/pom.xml'), 'utf8');
    const apicurio = /<apicurio\.version>([^<]+)<\/apicurio\.version>/.exec(pom)?.[1];
    expect(apicurio).toBeDefined();
    expect(service('registry').image).toBe(`apicurio/apicurio-registry:${apicurio}`);
    // The same Mailpit release `pnpm infra:up` builds from the Go module proxy.
    expect(service('mailpit').image).toBe(`axllent/mailpit:${MAILPIT_VERSION}`);
  });

  it('gives every service a health check and a restart policy', () => {
    expect([...oneShot], 'one-shot services').toEqual(['provision']);
    for (const [name, s] of Object.entries(services)) {
      if (oneShot.has(name)) {
        expect(s.healthcheck, `${name}: one-shot, no health check`).toBeUndefined();
        continue;
      }
      expect(s.restart, `${name}: restart`).toBe('unless-stopped');
      const test = s.healthcheck?.test;
      expect(Array.isArray(test) && test.length > 1, `${name}: healthcheck.test`).toBe(true);
      expect(['CMD', 'CMD-SHELL'], `${name}: healthcheck form`).toContain((test as string[])[0]);
      expect(s.healthcheck?.disable, `${name}: healthcheck enabled`).not.toBe(true);
    }
  });

  it('waits for healthy dependencies (or finished one-shots), only on services that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.depends_on === undefined) continue;
      expect(Array.isArray(s.depends_on), `${name}: depends_on uses conditions`).toBe(false);
      for (const [dependency, spec] of Object.entries(s.depends_on)) {
        expect(Object.keys(services), `${name} depends on a known service`).toContain(dependency);
        if (oneShot.has(dependency)) {
          // Docker Compose v2 and docker-compose 1.29 (1.29.2 checked) both know this condition.
          expect(spec.condition, `${name} → ${dependency}`).toBe('service_completed_successfully');
          continue;
        }
        expect(spec.condition, `${name} → ${dependency}`).toBe('service_healthy');
        expect(services[dependency]?.healthcheck, `${dependency} can become healthy`).toBeDefined();
      }
    }
    // The registry stores its schemas in PostgreSQL; Grafana reads it.
    expect(Object.keys(service('registry').depends_on ?? {})).toContain('postgres');
    expect(Object.keys(service('grafana').depends_on ?? {})).toContain('postgres');
  });

  it('publishes the local infra ports under the same variable names', () => {
    const defaults = infraPorts({});
    const expected = [
      { name: 'kafka', variable: PORT_ENV.kafka, port: defaults.kafka },
      { name: 'registry', variable: PORT_ENV.registry, port: defaults.registry },
      { name: 'postgres', variable: PORT_ENV.postgres, port: defaults.postgres },
      { name: 'grafana', variable: 'OVERFLY_GRAFANA_PORT', port: 3001 },
    ];
    for (const { name, variable, port } of expected) {
      const published = portVariable(onlyPort(name).published);
      expect(published.variable, `${name}: port variable`).toBe(variable);
      expect(published.fallback, `${name}: default host port`).toBe(port);
      if (variable in LOCAL_PORTS) {
        expect(published.fallback).toBe(LOCAL_PORTS[variable as keyof typeof LOCAL_PORTS]);
      }
    }
    // ...and those are the ports the services' default URLs point at.
    expect(COMMON_DEFAULTS.KAFKA_BROKERS).toBe(`127.0.0.1:${defaults.kafka}`);
    expect(Number(new URL(COMMON_DEFAULTS.SCHEMA_REGISTRY_URL).port)).toBe(defaults.registry);
    expect(Number(databaseUrl.port)).toBe(defaults.postgres);
    // The container side: Apicurio listens on 8080, the others on their usual ports.
    expect(onlyPort('registry').target).toBe(8080);
    expect(onlyPort('postgres').target).toBe(5432);
    expect(onlyPort('kafka').target).toBe(9092);
  });

  it('publishes no host port twice by default (Grafana beside the api on 3000)', () => {
    const owners = new Map<number, string[]>();
    for (const name of Object.keys(services))
      for (const port of portMappings(name)) {
        const { fallback } = portVariable(port.published);
        owners.set(fallback, [...(owners.get(fallback) ?? []), name]);
      }
    const twice = [...owners].filter(([, names]) => names.length > 1);
    expect(twice, 'host ports published by more than one mapping').toEqual([]);
    expect(portVariable(onlyPort('grafana').published).fallback).not.toBe(3000);
  });

  it('runs Mailpit as infra/src/mailpit.ts does, SMTP and web page on the same variables', () => {
    const defaults = infraPorts({});
    const published = portMappings('mailpit').map((port) => ({
      ...portVariable(port.published),
      target: port.target,
      host_ip: port.host_ip,
    }));
    expect(published).toEqual([
      {
        variable: PORT_ENV.smtp,
        fallback: defaults.smtp,
        target: 1025,
        host_ip: onlyPort('postgres').host_ip,
      },
      {
        variable: PORT_ENV.mailpit,
        fallback: defaults.mailpit,
        target: 8025,
        host_ip: onlyPort('postgres').host_ip,
      },
    ]);
    // Each setting of mailpitArgs as the MP_* variable Mailpit reads (--smtp-disable-rdns →
    // MP_SMTP_DISABLE_RDNS), apart from the bind addresses and the database path.
    const mailpit = env('mailpit');
    const args = mailpitArgs(defaults, '/state/mailpit.db');
    let compared = 0;
    for (const [i, arg] of args.entries()) {
      if (!arg.startsWith('--') || ['--smtp', '--listen', '--database'].includes(arg)) continue;
      const variable = `MP_${arg.slice(2).toUpperCase().replaceAll('-', '_')}`;
      const value = args[i + 1]?.startsWith('--') === false ? args[i + 1] : 'true';
      expect(String(mailpit[variable]), `${variable} (${arg})`).toBe(value);
      compared += 1;
    }
    expect(compared, 'settings read from mailpitArgs').toBeGreaterThanOrEqual(4);
    expect(String(mailpit.MP_DATABASE)).toMatch(/^\/data\//);
    expect(service('mailpit').volumes).toContain('mailpit-data:/data');
    expect(Object.keys(compose.volumes ?? {})).toContain('mailpit-data');
  });

  it('advertises to the host the Kafka address the services default to, on any port', () => {
    const kafka = env('kafka');
    const advertised = (shell: Record<string, string>) =>
      Object.fromEntries(
        interpolate(kafka.KAFKA_ADVERTISED_LISTENERS, shell)
          .split(',')
          .map((l) => /^([A-Z_]+):\/\/(.+)$/.exec(l)!.slice(1, 3) as [string, string]),
      );
    expect(advertised({}).EXTERNAL).toBe(COMMON_DEFAULTS.KAFKA_BROKERS);
    const moved = { OVERFLY_KAFKA_PORT: '19092' };
    expect(advertised(moved).EXTERNAL).toBe(commonDefaults(moved).KAFKA_BROKERS);
    // The host listener is the one the published port reaches inside the container.
    const listeners = String(kafka.KAFKA_LISTENERS);
    expect(listeners).toContain(`EXTERNAL://0.0.0.0:${onlyPort('kafka').target}`);
    // Containers use the internal listener, the health check too (it holds on any host port).
    const internal = advertised({}).INTERNAL;
    expect(internal).toBe('kafka:29092');
    expect(listeners).toContain('INTERNAL://0.0.0.0:29092');
    expect(compose['x-overfly-env']?.KAFKA_BROKERS).toBe(internal);
    expect(String(service('kafka').healthcheck?.test)).toContain(`--bootstrap-server ${internal}`);
    expect(String(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS)).toMatch(/^\d+@kafka:9093$/);
    expect(listeners).toContain('CONTROLLER://0.0.0.0:9093');
  });

  it('runs PostgreSQL with the credentials and databases the services and registry use', () => {
    const pg = env('postgres');
    expect(pg.POSTGRES_USER).toBe(decodeURIComponent(databaseUrl.username));
    expect(pg.POSTGRES_PASSWORD).toBe(decodeURIComponent(databaseUrl.password));
    expect(pg.POSTGRES_DB).toBe(databaseUrl.pathname.slice(1));
    expect(pg.POSTGRES_USER).toBe(POSTGRES_USER);
    expect(pg.POSTGRES_PASSWORD).toBe(POSTGRES_PASSWORD);
    const test = [service('postgres').healthcheck?.test ?? []].flat().join(' ');
    expect(test).toContain('pg_isready');
    expect(test).toContain(`-U ${POSTGRES_USER}`);

    // Every database infra/ creates exists here too: POSTGRES_DB, or an init script's.
    const init = (service('postgres').volumes ?? []).find((v) =>
      v.includes(':/docker-entrypoint-initdb.d'),
    );
    expect(init, 'postgres mounts an init folder').toBeDefined();
    const initDir = path.join(root, init!.split(':')[0]!);
    const sql = fs
      .readdirSync(initDir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => fs.readFileSync(path.join(initDir, f), 'utf8'))
      .join('\n')
      .replace(/--.*$/gm, '');
    for (const database of POSTGRES_DATABASES) {
      if (database === pg.POSTGRES_DB) continue;
      expect(sql, `init SQL creates ${database}`).toMatch(
        new RegExp(`create\\s+database\\s+"?${database}"?`, 'i'),
      );
    }
  });

  it('stores the registry in the compose PostgreSQL, database apicurio, like infra/', () => {
    const registry = env('registry');
    const jdbc = /^jdbc:postgresql:\/\/([^:/]+):(\d+)\/([^?]+)$/.exec(
      String(registry.APICURIO_DATASOURCE_URL),
    );
    expect(jdbc, 'APICURIO_DATASOURCE_URL').not.toBeNull();
    const [, host, port, database] = jdbc!;
    expect(servicesRunning('postgres')).toEqual([host]);
    expect(Number(port)).toBe(onlyPort(host!).target);
    expect(database).toBe('apicurio');
    expect(POSTGRES_DATABASES).toContain(database);
    expect(registry.APICURIO_DATASOURCE_USERNAME).toBe(env(host!).POSTGRES_USER);
    expect(registry.APICURIO_DATASOURCE_PASSWORD).toBe(env(host!).POSTGRES_PASSWORD);

    // Every APICURIO_/QUARKUS_ setting of infra/src/registry.ts, with the same value; only the
    // bind address and port differ (the image listens on 0.0.0.0:8080).
    const infra = objectLiteral('infra/src/registry.ts', 'function registryEnv(');
    const identifiers: Record<string, string> = { POSTGRES_USER, POSTGRES_PASSWORD };
    const compared = [...infra.entries()].filter(
      ([key]) => /^(APICURIO|QUARKUS)_/.test(key) && !/^QUARKUS_HTTP_(HOST|PORT)$/.test(key),
    );
    expect(compared.length, 'settings read from infra/src/registry.ts').toBeGreaterThan(5);
    for (const [key, source] of compared) {
      const expected =
        literal(source) ??
        identifiers[source] ??
        source
          .replace(/^`|`$/g, '')
          .replace(/\$\{HOST\}/, host!)
          .replace(/\$\{ports\.postgres\}/, port!);
      expect(String(registry[key]), key).toBe(String(expected));
    }

    // Healthy means the Confluent-compatible API answers, at the path the services use.
    const ccompat = new URL(COMMON_DEFAULTS.SCHEMA_REGISTRY_URL).pathname;
    expect(String(service('registry').healthcheck?.test)).toContain(`GET ${ccompat}/subjects`);
  });

  it('configures Kafka as infra/src/kafka.ts does, apart from listeners and paths', () => {
    const kafka = env('kafka');
    const infra = objectLiteral('infra/src/kafka.ts', 'function serverProperties(');
    // Two listeners here (containers and host) against one there: names and map differ.
    const differsByDesign = new Set([
      'inter.broker.listener.name',
      'listener.security.protocol.map',
    ]);
    let compared = 0;
    for (const [property, source] of infra) {
      const value = literal(source);
      if (value === undefined || differsByDesign.has(property)) continue;
      const variable = `KAFKA_${property.toUpperCase().replaceAll('.', '_')}`;
      expect(String(kafka[variable]), `${variable} (${property})`).toBe(String(value));
      compared += 1;
    }
    expect(compared, 'settings read from infra/src/kafka.ts').toBeGreaterThan(10);
    expect(kafka.KAFKA_HEAP_OPTS).toMatch(/-Xmx\d+[mg]/);
  });

  it('is one broker without auto-created topics, and the catalogue fits it once clamped', async () => {
    const kafka = env('kafka');
    const brokers = servicesRunning('apache/kafka').filter((name) =>
      String(env(name).KAFKA_PROCESS_ROLES).split(',').includes('broker'),
    ).length;
    expect(brokers).toBe(1);
    expect(String(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS).split(',')).toHaveLength(1);
    expect(String(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS)).toMatch(
      new RegExp(`^${kafka.KAFKA_NODE_ID}@`),
    );
    // Topics come from the catalogue only: a typo'd topic name must fail, not appear.
    expect(kafka.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    // Internal topics and defaults must be satisfiable by the brokers there are.
    for (const key of [
      'KAFKA_DEFAULT_REPLICATION_FACTOR',
      'KAFKA_MIN_INSYNC_REPLICAS',
      'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
      'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
      'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
    ]) {
      expect(Number(kafka[key]), key).toBeGreaterThanOrEqual(1);
      expect(Number(kafka[key]), key).toBeLessThanOrEqual(brokers);
    }

    // The catalogue asks for production replication; without the clamp it could not be
    // created here. Plan the topics as the provisioner's ensureTopics creates them on a
    // cluster of `brokers` nodes.
    expect(topicCatalogue.some((t) => t.replicationFactor > brokers)).toBe(true);
    const plan = topicCreationPlan(topicSpecs(), brokers);
    expect(plan.clampedReplication).toBe(brokers);
    const created = plan.topics;
    expect(created.map((t) => t.topic).sort()).toEqual(topicCatalogue.map((t) => t.name).sort());
    for (const topic of created) {
      const replication = topic.replicationFactor ?? 0;
      const minIsr = Number(
        topic.configEntries?.find((e) => e.name === 'min.insync.replicas')?.value,
      );
      expect(replication, `${topic.topic} replication`).toBeGreaterThanOrEqual(1);
      expect(replication, `${topic.topic} replication`).toBeLessThanOrEqual(brokers);
      expect(minIsr, `${topic.topic} min.insync.replicas`).toBeGreaterThanOrEqual(1);
      expect(minIsr, `${topic.topic} min.insync.replicas`).toBeLessThanOrEqual(replication);
    }
  });

  it('provisions Grafana with the overfly database of the compose PostgreSQL', () => {
    const mount = (service('grafana').volumes ?? []).find((v) =>
      v.includes(':/etc/grafana/provisioning'),
    );
    expect(mount, 'grafana mounts its provisioning folder').toBeDefined();
    const file = path.join(root, mount!.split(':')[0]!, 'datasources', 'overfly.yaml');
    expect(fs.existsSync(file), file).toBe(true);
    const { datasources } = parse(fs.readFileSync(file, 'utf8')) as {
      datasources: Array<{
        type: string;
        url: string;
        user: string;
        database?: string;
        jsonData?: { database?: string };
        secureJsonData?: { password?: string };
      }>;
    };
    const pgSources = datasources.filter((d) =>
      ['postgres', 'grafana-postgresql-datasource'].includes(d.type),
    );
    expect(pgSources).toHaveLength(1);
    const source = pgSources[0]!;
    const [host, port] = source.url.split(':');
    expect(servicesRunning('postgres')).toEqual([host]);
    expect(Number(port)).toBe(onlyPort(host!).target);
    expect(source.jsonData?.database ?? source.database).toBe(databaseUrl.pathname.slice(1));
    expect(source.user).toBe(env(host!).POSTGRES_USER);
    expect(source.secureJsonData?.password).toBe(env(host!).POSTGRES_PASSWORD);

    const grafana = env('grafana');
    expect(interpolate(grafana.GF_AUTH_ANONYMOUS_ENABLED)).toBe('false');
    // The admin password comes from the environment, with a demo default.
    expect(String(grafana.GF_SECURITY_ADMIN_PASSWORD)).toMatch(/^\$\{[A-Z0-9_]+:-.+\}$/);
  });

  it('gives the Overfly containers the in-network addresses of the infrastructure', () => {
    const overfly = compose['x-overfly-env'] ?? {};
    const registryUrl = new URL(COMMON_DEFAULTS.SCHEMA_REGISTRY_URL);
    expect(overfly.SCHEMA_REGISTRY_URL).toBe(
      `http://registry:${onlyPort('registry').target}${registryUrl.pathname}`,
    );
    const inNetwork = new URL(COMMON_DEFAULTS.DATABASE_URL);
    inNetwork.host = `postgres:${onlyPort('postgres').target}`;
    expect(overfly.DATABASE_URL).toBe(inNetwork.toString());
    expect(overfly.KAFKA_BROKERS).toBe('kafka:29092');
    // Every Overfly container gets all of them, unchanged.
    expect(overflyServices.length).toBeGreaterThan(0);
    for (const name of overflyServices) {
      for (const [key, value] of Object.entries(overfly)) {
        expect(env(name)[key], `${name}: ${key}`).toBe(value);
      }
    }
  });

  // Compose v2 (`docker compose`) where installed, else Debian's docker-compose 1.29, which
  // .ci/run installs: either validates the file against its schema without an engine.
  const linters: Array<[string, string[]]> = [
    ['docker', ['compose']],
    ['docker-compose', []],
  ];
  const linter = linters.find(
    ([cmd, sub]) => spawnSync(cmd, [...sub, 'version'], { encoding: 'utf8' }).status === 0,
  );
  it.skipIf(!linter)(
    `passes \`${linter ? [linter[0], ...linter[1]].join(' ') : 'docker compose'} config\``,
    () => {
      const [cmd, sub] = linter!;
      const run = spawnSync(cmd, [...sub, '-f', composeFile, 'config', '-q'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// The Overfly containers: one image built from the repository (Dockerfile), each container
// starting one service of services/ (or the one-shot provision script).

const dockerfileText = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
// The processes of services/: each folder's src/main.ts, named for the folder (services/web,
// an index.html: the web page, built into the image and served by the api at /, runs in no
// container of its own), and any src/**/<x>-main.ts, named <folder>-<x> (the api's batch
// worker, services/api/src/batch/worker-main.ts, is api-worker). Each reads the config schema
// of <x>-config.ts beside it, else its folder's src/config.ts.
interface Process {
  dir: string;
  entry: string;
  config: string;
}
const processes = new Map<string, Process>();
for (const dir of fs.readdirSync(path.join(root, 'services')).sort()) {
  const src = path.join(root, 'services', dir, 'src');
  if (!fs.existsSync(path.join(src, 'main.ts'))) continue;
  if (fs.existsSync(path.join(root, 'services', dir, 'index.html'))) continue;
  const config = `services/${dir}/src/config.ts`;
  processes.set(dir, { dir, entry: `services/${dir}/src/main.ts`, config });
  for (const file of fs.readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    const extra = /^(?:.*\/)?([a-z0-9]+(?:-[a-z0-9]+)*)-main\.ts$/.exec(file);
    if (!extra) continue;
    const own = `services/${dir}/src/${path.dirname(file)}/${extra[1]}-config.ts`;
    processes.set(`${dir}-${extra[1]}`, {
      dir,
      entry: `services/${dir}/src/${file}`,
      config: fs.existsSync(path.join(root, own)) ? own : config,
    });
  }
}
const serviceDirs = [...processes.keys()].sort();
const longRunning = overflyServices.filter((name) => !oneShot.has(name));

function commandOf(name: string): string[] {
  const command = service(name).command;
  expect(Array.isArray(command), `${name}: command in exec form (a list)`).toBe(true);
  return command as string[];
}

/**
 * What a container of the image starts, resolved as the image's entrypoint does
 * (Dockerfile, overfly-entrypoint): services/<arg>/src/main.ts, else scripts/<arg>.ts, else
 * the command as given, which must then start exactly one service's main.ts itself.
 */
function started(name: string): { kind: 'service' | 'script'; target: string } {
  const command = commandOf(name);
  const first = command[0] ?? '';
  if (/^[a-z0-9-]+$/.test(first)) {
    if (fs.existsSync(path.join(root, 'services', first, 'src/main.ts'))) {
      return { kind: 'service', target: first };
    }
    const script = path.join(root, 'scripts', `${first}.ts`);
    if (fs.existsSync(script)) {
      // A script that starts one service's main.ts (scripts/demo-producer.ts) runs that service.
      const text = fs.readFileSync(script, 'utf8');
      const mains = new Set(
        [...text.matchAll(/services\/([a-z0-9-]+)\/src\/main\.ts/g)].map((m) => m[1]!),
      );
      if (mains.size === 1) return { kind: 'service', target: [...mains][0]! };
      return { kind: 'script', target: first };
    }
  }
  const text = command.join('\n');
  const entries = [...processes].filter(([, p]) => text.includes(p.entry)).map(([n]) => n);
  expect(entries, `${name}: the process its command starts`).toHaveLength(1);
  return { kind: 'service', target: entries[0]! };
}

/** The variable names a process's config schema (see `processes`) reads. */
async function configVariables(processName: string): Promise<Set<string>> {
  const file = processes.get(processName)?.config;
  expect(file, `${processName}: a process of services/`).toBeDefined();
  const module = (await import(path.join(root, file!))) as Record<string, unknown>;
  const schemas = Object.values(module).filter(
    (value): value is { shape: Record<string, unknown> } =>
      typeof value === 'object' &&
      value !== null &&
      'shape' in value &&
      typeof value.shape === 'object' &&
      value.shape !== null &&
      'KAFKA_BROKERS' in value.shape,
  );
  expect(schemas, `${file} exports one config schema`).toHaveLength(1);
  return new Set(Object.keys(schemas[0]!.shape));
}

describe('docker-compose.yml: the Overfly services', () => {
  it('builds one image from the repository Dockerfile and runs every Overfly container on it', () => {
    expect(fs.existsSync(path.join(root, 'Dockerfile'))).toBe(true);
    expect(overflyServices.sort()).toEqual([...longRunning, 'provision'].sort());
    const images = new Set(overflyServices.map((name) => service(name).image));
    expect(images.size, 'one image name for all of them').toBe(1);
    const [image] = [...images];
    expect(image).toMatch(/^[a-z0-9./_-]+:[A-Za-z0-9._-]+$/);
    expect(image).not.toMatch(/:latest$/);
    for (const name of overflyServices) {
      const { build } = service(name);
      const context = typeof build === 'string' ? build : build?.context;
      expect(context, `${name}: build context`).toBe('.');
      if (typeof build === 'object') expect(build.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
      expect(service(name).init, `${name}: init in front of node`).toBe(true);
    }
    // Nothing else claims that name (it would be pulled, not built).
    for (const [name, s] of Object.entries(services)) {
      if (!overflyServices.includes(name)) expect(s.image, name).not.toBe(image);
    }
  });

  it('runs each service of services/ in a container of the same name', () => {
    for (const name of longRunning) {
      expect(started(name), name).toEqual({ kind: 'service', target: name });
    }
    // A new service under services/ (or a new *-main.ts) must be added here, or `docker compose
    // up` runs less than the product (and docs/docker-compose.md should say what it does).
    expect([...longRunning].sort(), 'the processes of services/, the web page apart').toEqual(
      serviceDirs,
    );
  });

  it('provisions topics and schemas once, as `pnpm provision` does, before any service starts', () => {
    expect(started('provision')).toEqual({ kind: 'script', target: 'provision' });
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.provision).toBe('tsx scripts/provision.ts');
    expect(service('provision').restart).toBe('no');
    expect(service('provision').depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      registry: { condition: 'service_healthy' },
    });
    for (const name of longRunning) {
      const dependsOn = service(name).depends_on as Record<string, { condition?: string }>;
      expect(dependsOn.provision?.condition, `${name} → provision`).toBe(
        'service_completed_successfully',
      );
    }
  });

  it('waits for PostgreSQL exactly where the service uses the database', () => {
    for (const name of longRunning) {
      const pkg = JSON.parse(
        fs.readFileSync(
          path.join(root, 'services', processes.get(name)!.dir, 'package.json'),
          'utf8',
        ),
      ) as { dependencies?: Record<string, string> };
      const usesDb = '@overfly/db' in (pkg.dependencies ?? {});
      const dependsOn = service(name).depends_on as Record<string, { condition?: string }>;
      expect(dependsOn.postgres?.condition, `${name} → postgres`).toBe(
        usesDb ? 'service_healthy' : undefined,
      );
    }
  });

  it('sets only variables the started service reads', async () => {
    for (const name of longRunning) {
      const variables = await configVariables(started(name).target);
      for (const key of Object.keys(env(name))) {
        expect(variables, `${name}: ${key} is in its config schema`).toContain(key);
      }
    }
    // provision reads the shared Kafka and registry settings (kafkaEndpointsFromEnv).
    const { commonConfig } = await import('@overfly/config');
    for (const key of Object.keys(env('provision'))) {
      expect(Object.keys(commonConfig), `provision: ${key}`).toContain(key);
    }
  });

  it('publishes each service’s /metrics and /health port, and checks its health there', () => {
    const handlers = fs.readFileSync(
      path.join(root, 'packages/observability/src/ops-handlers.ts'),
      'utf8',
    );
    const routes = new Set([...handlers.matchAll(/route !== '([^']+)'/g)].map((m) => m[1]!));
    expect(routes).toContain('/health/ready');
    const defaults = new Map<number, string>();
    const infraHostPorts = ['kafka', 'registry', 'postgres', 'grafana', 'mailpit'].flatMap((name) =>
      portMappings(name).map((port) => portVariable(port.published).fallback),
    );
    for (const name of longRunning) {
      const metricsPort = Number(env(name).METRICS_PORT);
      expect(Number.isInteger(metricsPort) && metricsPort > 0, `${name}: METRICS_PORT`).toBe(true);
      // The api publishes its REST and WebSocket port (API_PORT) beside METRICS_PORT.
      const mappings = portMappings(name);
      const apiPort = Number(env(name).API_PORT);
      expect(
        mappings.filter((p) => p.target !== apiPort),
        `${name}: one METRICS_PORT mapping`,
      ).toHaveLength(1);
      const port = mappings.find((p) => p.target !== apiPort)!;
      expect(port.target, `${name}: publishes METRICS_PORT`).toBe(metricsPort);
      const published = portVariable(port.published);
      expect(published.variable).toBe(
        `OVERFLY_${name.toUpperCase().replaceAll('-', '_')}_METRICS_PORT`,
      );
      expect(
        defaults.get(published.fallback),
        `${name}: host port ${published.fallback} free`,
      ).toBe(undefined);
      expect(infraHostPorts).not.toContain(published.fallback);
      defaults.set(published.fallback, name);
      // The infrastructure's bind address: 127.0.0.1 unless the user asks otherwise.
      expect(port.host_ip).toBe(onlyPort('postgres').host_ip);

      const test = [service(name).healthcheck?.test ?? []].flat().join(' ');
      const path = /'(\/[a-z/]+)'\)/.exec(test)?.[1];
      expect(routes, `${name}: healthcheck path`).toContain(path);
      expect(path).toMatch(/^\/health\//);
      expect(test).toContain('process.env.METRICS_PORT');
      // Enough time to finish the batch, checkpoint and leave before Docker sends SIGKILL.
      expect(
        durationMs(service(name).stop_grace_period),
        `${name}: stop_grace_period`,
      ).toBeGreaterThan(parseDuration(COMMON_DEFAULTS.SHUTDOWN_TIMEOUT) ?? Number.NaN);
    }
  });

  it('runs flight-producer as `pnpm demo` does, through scripts/demo-producer.ts', async () => {
    expect(commandOf('flight-producer')).toEqual(['demo-producer']);
    const script = fs.readFileSync(path.join(root, 'scripts/demo-producer.ts'), 'utf8');
    // Live as soon as OpenSky credentials (or OPENSKY_MODE=mock) are in the shell or .env.
    const { livePlan } = await import('../../scripts/demo/services.js');
    expect(livePlan({})).toBeNull();
    for (const key of [
      'OPENSKY_CLIENT_ID',
      'OPENSKY_CLIENT_SECRET',
      'OPENSKY_MODE',
      'REPLAY_SPEED',
    ]) {
      expect(env('flight-producer')[key], key).toBe(`\${${key}:-}`);
    }
    // The replay clock goes in the image's one writable folder, kept in a volume.
    const workdir = [...dockerfileText.matchAll(/^WORKDIR (\S+)$/gm)].at(-1)?.[1];
    expect(dockerfileText).toContain('chown node:node .overfly');
    expect(script).toContain('.overfly/demo`');
    const [volume, target] = (service('flight-producer').volumes ?? [])[0]!.split(':');
    expect(target).toBe(`${workdir}/.overfly`);
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });
});
