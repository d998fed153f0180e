import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface WriterProcess {
  child: ChildProcess;
  /** Its ops server: /health/ready, /metrics. */
  opsPort: number;
  /** Everything it wrote on stdout and stderr so far. */
  output(): string;
  /** Its exit code, or null while it runs (a signal's name when one ended it). */
  exited(): number | string | null;
}

export interface ReadyAnswer {
  status: number;
  failing: string[];
  checks: Array<{ name: string; status: string; error?: string }>;
}

/** A port free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * invoice-writer as its own process (`node --import tsx src/main.ts`), on a test's topics
 * (`TOPIC_PREFIX`, group `<prefix>invoice-writer`) and schema, with its ops server on a free
 * port: what an exit, a crash loop or a stack trace can only be seen on.
 */
export async function spawnWriter(
  prefix: string,
  schema: string,
  env: Record<string, string> = {},
): Promise<WriterProcess> {
  const opsPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}invoice-writer`,
      DATABASE_SCHEMA: schema,
      METRICS_PORT: String(opsPort),
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
  return {
    child,
    opsPort,
    output: () => output,
    exited: () => child.exitCode ?? child.signalCode,
  };
}

/** GET /health/ready; null while the ops server does not answer. */
export async function readiness(writer: WriterProcess): Promise<ReadyAnswer | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${writer.opsPort}/health/ready`);
    const body = (await response.json()) as Omit<ReadyAnswer, 'status'>;
    return { status: response.status, failing: body.failing, checks: body.checks };
  } catch {
    return null;
  }
}

/** SIGTERM and its exit code (a graceful stop is 0); SIGKILL if it has not ended in 30 s. */
export async function stopWriter(writer: WriterProcess): Promise<number | string | null> {
  if (writer.exited() !== null) return writer.exited();
  const exit = once(writer.child, 'exit');
  writer.child.kill('SIGTERM');
  const timer = setTimeout(() => writer.child.kill('SIGKILL'), 30_000);
  try {
    await exit;
  } finally {
    clearTimeout(timer);
  }
  return writer.exited();
}

/** Lines of a stack trace (`    at fn (file:line)`), or a Node crash banner, in a process's output. */
export function stackTraces(output: string): string[] {
  return output
    .split('\n')
    .filter(
      (line) => /^\s+at .+[(:]\S+:\d+/.test(line) || /Unhandled|uncaught|\\n\s+at /i.test(line),
    );
}

/** Log lines (pino JSON) whose `msg` matches. */
export function logLines(output: string, msg: RegExp): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (typeof parsed.msg === 'string' && msg.test(parsed.msg)) out.push(parsed);
    } catch {
      // not a log line
    }
  }
  return out;
}
