// One run of the whole billing pipeline on its own topics and tables, and the waits a test
// needs around it: until every stage has durably processed all its input, and until the
// invoice-writer has written every charge there is.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  createPool,
  type Pool,
  uniqueSchema,
} from '../../../services/invoice-writer/src/test-support/db.js';
import { testEndpoints } from '../endpoints.js';
import { committedTotal, isolatedRuntime, withAdmin } from '../kafka-runtime.js';
import { waitFor } from '../wait-for.js';
import { readDocuments, storedProgress } from './documents.js';
import { type PipelineOptions, type Supervised, startPipeline } from './supervisor.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface PipelineRun {
  prefix: string;
  schema: string;
  pool: Pool;
  runtime: Awaited<ReturnType<typeof isolatedRuntime>>['runtime'];
  pipeline: Supervised;
}

export async function startRun(
  label: string,
  options: Omit<PipelineOptions, 'prefix' | 'schema'>,
): Promise<PipelineRun> {
  const { runtime, prefix } = await isolatedRuntime(label);
  const schema = uniqueSchema(label.replace(/[^a-z0-9]/g, '_'));
  const pool = createPool({ url: testEndpoints().databaseUrl, schema, max: 2 });
  const pipeline = startPipeline({ ...options, prefix, schema });
  return { prefix, schema, pool, runtime, pipeline };
}

async function endTotal(topic: string): Promise<number> {
  return withAdmin(async (admin) =>
    (await admin.topicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0),
  );
}

/** Every stage has made all of its input durable: committed (or stored) at the end offsets. */
export async function drained(run: PipelineRun, timeoutMs: number): Promise<void> {
  const stage = async (group: string, topic: string) => {
    await waitFor(async () => (await committedTotal(group, topic)) === (await endTotal(topic)), {
      timeoutMs,
      intervalMs: 500,
      message: `${group} to commit the end of ${topic}`,
    });
  };
  await stage(`${run.prefix}fir-analyser`, `${run.prefix}flights.updates`);
  await stage(`${run.prefix}fee-calculator`, `${run.prefix}fir.crossings`);
  await writerCaughtUp(run, timeoutMs);
}

/** invoice-writer has stored, with its lines, the end of charges.calculated as it is now. */
async function writerCaughtUp(run: PipelineRun, timeoutMs: number): Promise<void> {
  const topic = `${run.prefix}charges.calculated`;
  await waitFor(
    async () => {
      const stored = await storedProgress(run.pool, topic).catch(() => -1);
      return stored === (await endTotal(topic));
    },
    { timeoutMs, intervalMs: 500, message: `invoice-writer to store the end of ${topic}` },
  );
}

/** The end offsets of these topics have not moved for `quietMs`, and the writer is caught up. */
export async function settled(run: PipelineRun, quietMs: number, timeoutMs: number) {
  const topics = ['flights.updates', 'fir.crossings', 'charges.calculated'].map(
    (t) => `${run.prefix}${t}`,
  );
  let last = '';
  let since = Date.now();
  await waitFor(
    async () => {
      const now = (await Promise.all(topics.map(endTotal))).join(',');
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    },
    { timeoutMs, intervalMs: 500, message: 'the topics to stop growing' },
  );
  await writerCaughtUp(run, timeoutMs);
}

/** `pnpm overfly runs consolidate --as-of`, as a child process the test may kill. */
export function consolidation(run: PipelineRun, asOf: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/overfly.ts', 'runs', 'consolidate', '--as-of', asOf],
    {
      cwd: root,
      env: { ...process.env, DATABASE_SCHEMA: run.schema, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    output: () => output,
    async finished(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
      const [code, signal] = await exited;
      return { code, signal };
    },
  };
}

/** How many consolidation runs have started: one more means a new one has. */
export async function consolidationRuns(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM processing_runs WHERE job = 'consolidation'`,
  );
  return rows[0]?.n ?? 0;
}

/** Invoices issued so far (a consolidation cut short leaves some of its invoices issued). */
export async function invoicesIssued(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices`);
  return rows[0]?.n ?? 0;
}

/**
 * Consolidation runs that never reached their end: still RUNNING, or closed by the next
 * run as cut short (its one failure says so).
 */
export async function interruptedConsolidations(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM processing_runs r
      WHERE r.job = 'consolidation'
        AND (r.status = 'RUNNING' OR EXISTS (
              SELECT 1 FROM processing_failures f
               WHERE f.run_id = r.run_id AND f.message LIKE 'cut short%'))`,
  );
  return rows[0]?.n ?? 0;
}

/** Dead letters on the run's topic, as `sourceTopic errorCode` strings, sorted. */
export async function deadLetters(run: PipelineRun): Promise<string[]> {
  const out: string[] = [];
  await run.runtime.readToEnd('dead.letter', (m) => {
    if (m.value) out.push(`${m.value.sourceTopic.replace(run.prefix, '')} ${m.value.errorCode}`);
  });
  return out.sort();
}

export { readDocuments };
