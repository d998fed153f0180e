import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from './driver.js';
import { requireJava } from './java.js';
import { fetchOnce, mavenLocalRepository, pomProperty } from './maven.js';
import { componentPaths } from './paths.js';
import { HOST, type InfraPorts, PORT_ENV, POSTGRES_PASSWORD, POSTGRES_USER } from './ports.js';
import { spawnDetached } from './process.js';

// Quarkus on a small heap: SerialGC has the lowest footprint, and C1-only JIT starts faster
// on two busy cores (the registry is not on any hot path).
const REGISTRY_JVM = [
  '-Xms64m',
  '-Xmx384m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Djava.awt.headless=true',
];

/** The global compatibility level of DESIGN.md rule 2, set on every `up`. */
const GLOBAL_COMPATIBILITY = 'BACKWARD';

function registryEnv(ports: InfraPorts): NodeJS.ProcessEnv {
  return {
    ...process.env,
    QUARKUS_HTTP_HOST: HOST,
    QUARKUS_HTTP_PORT: String(ports.registry),
    QUARKUS_HTTP_ACCESS_LOG_ENABLED: 'false',
    // SQL storage on our PostgreSQL, so schema ids survive a registry restart
    // (the in-memory default would hand out new ids, orphaning every message in Kafka).
    APICURIO_STORAGE_KIND: 'sql',
    APICURIO_STORAGE_SQL_KIND: 'postgresql',
    APICURIO_DATASOURCE_URL: `jdbc:postgresql://${HOST}:${ports.postgres}/apicurio`,
    APICURIO_DATASOURCE_USERNAME: POSTGRES_USER,
    APICURIO_DATASOURCE_PASSWORD: POSTGRES_PASSWORD,
    // The default pool holds 20 connections open; a local registry needs a few.
    APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MIN_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MAX_SIZE: '10',
    // ccompat ids are Apicurio content ids (not global ids): one id per distinct schema text,
    // like Confluent, and `GET /schemas/ids/{id}` resolves the same kind of id `POST` returned.
    APICURIO_CCOMPAT_LEGACY_ID_MODE_ENABLED: 'false',
    // Let tests and tools delete subjects and versions through the ccompat API.
    APICURIO_REST_DELETION_ARTIFACT_ENABLED: 'true',
    APICURIO_REST_DELETION_ARTIFACT_VERSION_ENABLED: 'true',
    APICURIO_REST_DELETION_GROUP_ENABLED: 'true',
  };
}

export function registryDriver(ports: InfraPorts, stateDir: string): Driver {
  const paths = componentPaths('registry', stateDir);
  const distDir = path.join(paths.dir, 'dist');
  /** Quarkus names the jar `<artifact>-<version>-runner.jar` (legacy layout, 3.0.x). */
  const runnerJar = () => {
    const jar = fs.readdirSync(distDir).find((name) => name.endsWith('-runner.jar'));
    return path.join(distDir, jar ?? 'quarkus-run.jar');
  };
  const marker = `-Doverfly.infra=registry:${paths.dir}`;
  const base = `http://${HOST}:${ports.registry}/apis/ccompat/v7`;

  return {
    component: 'registry',
    port: ports.registry,
    portEnv: PORT_ENV.registry,
    extraPorts: [],
    paths,
    logFiles: [paths.logFile],
    // Its data lives in PostgreSQL (database `apicurio`) and goes with postgres's wipe.
    dataDirs: [],
    independent: false,
    isOurs: (cmdline) => cmdline.includes(marker),
    preflight: requireJava,
    async prepare(log) {
      requireJava();
      const version = pomProperty('registry', 'apicurio.version');
      const tarball = path.join(
        mavenLocalRepository,
        'io/apicurio/apicurio-registry-app',
        version,
        `apicurio-registry-app-${version}-all.tar.gz`,
      );
      await fetchOnce({
        what: `Apicurio Registry ${version} (~110 MB)`,
        pomFolder: 'registry',
        goal: 'dependency:get',
        properties: { 'maven.repo.local': mavenLocalRepository },
        outputDir: distDir,
        version,
        log,
        after: () => execFileSync('tar', ['-xzf', tarball, '-C', distDir], { stdio: 'pipe' }),
      });
    },
    async spawn() {
      return spawnDetached({
        command: 'java',
        args: [...REGISTRY_JVM, marker, '-jar', runnerJar()],
        cwd: paths.dir,
        env: registryEnv(ports),
        logFile: paths.logFile,
        pidFile: paths.pidFile,
      });
    },
    async answers() {
      try {
        const response = await fetch(`${base}/subjects`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        return response.status === 200;
      } catch {
        return false;
      }
    },
    async configure(log) {
      const response = await fetch(`${base}/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ compatibility: GLOBAL_COMPATIBILITY }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = await response.text();
      if (!response.ok) {
        throw new Error(`registry: PUT /config answered ${response.status}: ${body}`);
      }
      log(`registry: global compatibility ${GLOBAL_COMPATIBILITY}`);
    },
    readyTimeoutMs: 180_000,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 30_000,
  };
}
