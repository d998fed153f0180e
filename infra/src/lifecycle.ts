import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Driver } from './driver.js';
import { InfraError } from './errors.js';
import { kafkaDriver } from './kafka.js';
import { withLock } from './lock.js';
import { mailpitDriver } from './mailpit.js';
import { infraStateDir } from './paths.js';
import { infraEndpoints, infraPorts, portOpen } from './ports.js';
import { postgresDriver } from './postgres.js';
import { isAlive, livePid, stopProcess, tail } from './process.js';
import { registryDriver } from './registry.js';
import {
  COMPONENTS,
  type Component,
  type ComponentStatus,
  type InfraEndpoints,
  type Log,
} from './types.js';

function drivers(env: NodeJS.ProcessEnv = process.env): Driver[] {
  const ports = infraPorts(env);
  const stateDir = infraStateDir(env);
  const byName: Record<Component, Driver> = {
    postgres: postgresDriver(ports, stateDir),
    kafka: kafkaDriver(ports, stateDir),
    registry: registryDriver(ports, stateDir),
    mailpit: mailpitDriver(ports, stateDir),
  };
  return COMPONENTS.map((component) => byName[component]);
}

const quiet: Log = () => undefined;
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function logTails(driver: Driver): string {
  return driver.logFiles.map((file) => `--- last lines of ${file}\n${tail(file)}`).join('\n');
}

/** Polls `answers()` until it says yes; stops early when the process dies. */
async function waitReady(driver: Driver, pid: number): Promise<'ready' | 'exited' | 'timeout'> {
  const end = Date.now() + driver.readyTimeoutMs;
  while (Date.now() < end) {
    if (await driver.answers()) return 'ready';
    if (!isAlive(pid)) return (await driver.answers()) ? 'ready' : 'exited';
    await sleep(500);
  }
  return 'timeout';
}

async function assertPortsFree(driver: Driver): Promise<void> {
  const ports = [{ port: driver.port, env: driver.portEnv }, ...driver.extraPorts];
  for (const { port, env } of ports) {
    if (await portOpen(port)) {
      throw new InfraError(
        'INFRA_PORT_TAKEN',
        `${driver.component} needs 127.0.0.1:${port}, which another program holds ` +
          `(find it with \`ss -ltnp 'sport = :${port}'\`); stop it, or set ${env} to a free port`,
      );
    }
  }
}

type UpOutcome = 'started' | 'reused';

async function upOne(driver: Driver, log: Log): Promise<UpOutcome> {
  const name = driver.component;
  const pid = livePid(driver.paths.pidFile, driver.isOurs);
  if (pid !== null) {
    if ((await driver.answers()) || (await waitReady(driver, pid)) === 'ready') {
      log(`${name}: already running (pid ${pid}, port ${driver.port}), reusing it`);
      return 'reused';
    }
    log(`${name}: pid ${pid} does not answer; stopping it and starting afresh`);
    await stopProcess(pid, 'SIGKILL', 5_000);
  } else if (await portOpen(driver.port)) {
    if (await driver.answers()) {
      log(
        `${name}: something not started from this checkout answers on port ${driver.port}; ` +
          'reusing it (it will not be stopped by `infra down`)',
      );
      return 'reused';
    }
    await assertPortsFree(driver);
  } else {
    await assertPortsFree(driver);
  }

  const started = Date.now();
  fs.mkdirSync(driver.paths.dir, { recursive: true });
  await driver.prepare(log);
  const newPid = await driver.spawn(log);
  log(`${name}: starting (pid ${newPid}, port ${driver.port}) ...`);
  const outcome = await waitReady(driver, newPid);
  if (outcome !== 'ready') {
    if (outcome === 'timeout') await stopProcess(newPid, 'SIGKILL', 5_000);
    fs.rmSync(driver.paths.pidFile, { force: true });
    const code = outcome === 'exited' ? 'INFRA_EXITED' : 'INFRA_NOT_READY';
    const why =
      outcome === 'exited'
        ? `${name} (pid ${newPid}) exited after ${seconds(started)}`
        : `${name} did not answer within ${driver.readyTimeoutMs / 1000} s`;
    throw new InfraError(code, `${why}\n${logTails(driver)}`);
  }
  log(`${name}: answering after ${seconds(started)}`);
  return 'started';
}

export async function infraUp(
  opts: { log?: (line: string) => void } = {},
): Promise<{ started: Component[]; reused: Component[]; endpoints: InfraEndpoints }> {
  const log = opts.log ?? quiet;
  const result = { started: [] as Component[], reused: [] as Component[] };
  await withLock(infraStateDir(), async () => {
    const all = drivers();
    // Fail before starting anything when a component will need starting and its tool
    // (java, go) is absent.
    for (const driver of all) {
      if (!livePid(driver.paths.pidFile, driver.isOurs)) driver.preflight();
    }
    const bringUp = async (driver: Driver) => {
      const outcome = await upOne(driver, log);
      result[outcome].push(driver.component);
      await driver.configure(log);
    };
    const chain = async () => {
      for (const driver of all.filter((d) => !d.independent)) await bringUp(driver);
    };
    // Independent components (mailpit) come up alongside the chain; every branch is awaited
    // before a failure is reported, so nothing is left starting behind the caller's back.
    const outcomes = await Promise.allSettled([
      chain(),
      ...all.filter((d) => d.independent).map(bringUp),
    ]);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  });
  // In COMPONENTS order, whatever finished first.
  const order = (list: Component[]) =>
    list.sort((a, b) => COMPONENTS.indexOf(a) - COMPONENTS.indexOf(b));
  order(result.started);
  order(result.reused);
  return { ...result, endpoints: infraEndpoints() };
}

export async function infraDown(
  opts: { wipe?: boolean; only?: Component[]; log?: (line: string) => void } = {},
): Promise<void> {
  const log = opts.log ?? quiet;
  const selected = drivers()
    .filter((driver) => !opts.only || opts.only.includes(driver.component))
    .reverse();
  await withLock(infraStateDir(), async () => {
    for (const driver of selected) {
      const name = driver.component;
      const pid = livePid(driver.paths.pidFile, driver.isOurs);
      if (pid === null) {
        log(`${name}: not running`);
      } else {
        const since = Date.now();
        const how = await stopProcess(pid, driver.stopSignal, driver.stopTimeoutMs);
        if (how === 'stuck') throw new InfraError('INFRA_STOP_FAILED', `${name} pid ${pid}`);
        fs.rmSync(driver.paths.pidFile, { force: true });
        log(`${name}: ${how === 'killed' ? 'killed (SIGKILL)' : 'stopped'} in ${seconds(since)}`);
      }
      if (opts.wipe) {
        for (const dir of driver.dataDirs) {
          fs.rmSync(dir, { recursive: true, force: true });
          log(`${name}: wiped ${dir}`);
        }
      }
    }
  });
}

export async function infraStatus(): Promise<ComponentStatus[]> {
  return Promise.all(
    drivers().map(async (driver) => {
      const pid = livePid(driver.paths.pidFile, driver.isOurs);
      return {
        component: driver.component,
        pid,
        port: driver.port,
        running: pid !== null,
        answering: await driver.answers(),
      };
    }),
  );
}

/** Who holds one of the ports infra uses. */
export interface PortState {
  component: Component;
  port: number;
  /** The variable that moves it, e.g. OVERFLY_KAFKA_PORT. */
  env: string;
  /**
   * `ours`: open, and the component answers as ours does (started from this checkout or
   * another: `up` would reuse it); `other`: open, but what listens is not the component;
   * `free`: nothing listens (not started).
   */
  state: 'ours' | 'other' | 'free';
}

/**
 * Every port of every component (Kafka's controller and Mailpit's SMTP included), with who
 * holds it: what a diagnosis says before `up` would refuse a taken port.
 */
export async function infraPortStates(env: NodeJS.ProcessEnv = process.env): Promise<PortState[]> {
  const perDriver = await Promise.all(
    drivers(env).map(async (driver) => {
      const ports = [{ port: driver.port, env: driver.portEnv }, ...driver.extraPorts];
      const open = await Promise.all(ports.map((p) => portOpen(p.port)));
      const answers = open.some(Boolean) ? await driver.answers() : false;
      return ports.map(
        (p, i): PortState => ({
          component: driver.component,
          port: p.port,
          env: p.env,
          state: !open[i] ? 'free' : answers ? 'ours' : 'other',
        }),
      );
    }),
  );
  return perDriver.flat();
}
