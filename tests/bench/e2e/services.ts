/**
 * bench:e2e's services: started as children on the run's topic prefix and schemas, and the
 * test of the run's end — every stage has durably processed everything its input holds.
 */
import type { Pool } from '@overfly/db';
import { committedTotal, withAdmin } from '../../support/kafka-admin.js';
import { storedProgress } from '../../support/pipeline/documents.js';
import { freePort } from '../support/processes.js';
import { failedChild, startChild } from './children.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A topic's end offsets, summed over its partitions. */
export const endTotal = (prefix: string, topic: string) =>
  withAdmin(async (admin) =>
    (await admin.topicOffsets(`${prefix}${topic}`)).reduce((s, p) => s + Number(p.high), 0),
  );

async function ready(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    return r.status === 200;
  } catch {
    return false;
  }
}

export interface Run {
  prefix: string;
  schema: string;
  notifierSchema: string;
}

/** invoice-writer, notifier, fee-calculator, fir-analyser, downstream first; resolves once all are ready. */
export async function startServices({ prefix, schema, notifierSchema }: Run, registry: string) {
  // Far from now, so the writer's own daily consolidation never runs during the bench.
  const awayHour = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0');
  const common = { TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' };
  const specs: Array<[string, string, Record<string, string>]> = [
    [
      'invoice-writer',
      'services/invoice-writer/src/main.ts',
      { DATABASE_SCHEMA: schema, CONSOLIDATION_AT: `${awayHour}:00` },
    ],
    [
      'notifier',
      'services/notifier/src/main.ts',
      {
        DATABASE_SCHEMA: notifierSchema,
        NOTIFIER_RATE_LIMITS: 'off',
        SMS_MODE: 'mock',
        WEBHOOK_MODE: 'mock',
      },
    ],
    [
      'fee-calculator',
      'services/fee-calculator/src/main.ts',
      { AIRCRAFT_REGISTRY: registry, CHECKPOINT_INTERVAL: '1s' },
    ],
    ['fir-analyser', 'services/fir-analyser/src/main.ts', { CHECKPOINT_INTERVAL: '1s' }],
  ];
  const ports: number[] = [];
  for (const [name, script, env] of specs) {
    const port = await freePort();
    ports.push(port);
    startChild(name, script, {
      ...common,
      ...env,
      KAFKA_GROUP_ID: `${prefix}${name}`,
      METRICS_PORT: String(port),
    });
  }
  const deadline = Date.now() + 120_000;
  for (const port of ports)
    while (!(await ready(port))) {
      const gone = failedChild();
      if (gone) throw new Error(`${gone.name} exited while starting:\n${gone.tail()}`);
      if (Date.now() > deadline) throw new Error('services not ready after 120 s');
      await sleep(250);
    }
}

/** Replay ended, every stage committed the end of its input, the writer stored its. */
export async function drained(prefix: string, pool: Pool): Promise<boolean> {
  const [updates, crossings, charges] = await Promise.all(
    ['flights.updates', 'fir.crossings', 'charges.calculated'].map((t) => endTotal(prefix, t)),
  );
  return (
    (await committedTotal(`${prefix}fir-analyser`, `${prefix}flights.updates`)) === updates &&
    (await committedTotal(`${prefix}fee-calculator`, `${prefix}fir.crossings`)) === crossings &&
    (await storedProgress(pool, `${prefix}charges.calculated`)) === charges
  );
}
