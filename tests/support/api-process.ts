// The api as its own process (`node --import tsx services/api/src/main.ts`) on a test's
// topics and schema, listening on a free port: REST as a client meets it.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

const main = fileURLToPath(new URL('../../services/api/src/main.ts', import.meta.url));

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the api and resolves once it answers /health/ready. */
export async function startApiProcess(
  prefix: string,
  schema: string,
  env: Record<string, string> = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}api`,
      DATABASE_SCHEMA: schema,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit').then(() => {
    throw new Error(`the api exited while starting: ${output}`);
  });
  await Promise.race([
    exited,
    waitFor(async () => (await fetch(`${url}/health/ready`)).ok, {
      timeoutMs: 60_000,
      message: 'the api to be ready',
    }),
  ]);
  exited.catch(() => {});
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
