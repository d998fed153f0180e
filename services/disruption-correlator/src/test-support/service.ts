import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KafkaRuntime } from '@overfly/kafka';
import type { DisruptionEvent, TopicValue } from '@overfly/schemas';
import type { DisruptionOutput } from '../engine/finding.js';
import type { PassengerOutput } from '../engine/passengers/stage.js';
import { eventTimeOfRecord, keyOf } from './day.js';
import { Harness, type InputRecord } from './harness.js';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));

/**
 * Publishes records to their topics keyed as their producers key them, each topic's in
 * event-time order (so each partition is in order, as a live feed's would be).
 */
export async function publishRecords(
  runtime: KafkaRuntime,
  records: readonly InputRecord[],
): Promise<void> {
  const producer = await runtime.producer();
  const sorted = [...records].sort((a, b) => eventTimeOfRecord(a) - eventTimeOfRecord(b));
  for (const topic of [
    'flight.schedules',
    'passenger.manifests',
    'external.weather',
    'flight.events',
  ] as const) {
    const mine = sorted.filter((r) => r.topic === topic);
    if (mine.length === 0) continue;
    await producer.send(
      topic,
      mine.map((r) => ({ key: keyOf(r), value: r.value })) as Parameters<
        typeof producer.send<typeof topic>
      >[1],
    );
  }
}

/** The service as a child process on its own topics and group. */
export function startCorrelatorProcess(
  prefix: string,
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  /** The last 4,000 characters it wrote, for a failure message. */
  output: () => string;
  /** How many times it has written this so far. */
  count: (text: string) => number;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}disruption-correlator`,
      CHECKPOINT_INTERVAL: '300ms',
      DISRUPTION_IDLE_TIMEOUT: '5s',
      // The broker's minimum: a killed member's partitions move on after 6 s, not 30.
      KAFKA_SESSION_TIMEOUT: '6s',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    output: () => output.slice(-4_000),
    count: (text) => output.split(text).length - 1,
  };
}

/** A publication without its wall-clock time, as JSON: what two runs must agree on. */
function withoutDetectedAt({ detectedAt: _at, ...rest }: DisruptionEvent): string {
  return JSON.stringify(rest);
}

/** Every record of an output topic by eventId, and the ids sent again saying something else. */
interface ReadBack {
  byEventId: Map<string, string>;
  records: number;
  conflicts: string[];
}

async function readBack<T extends 'disruption.events' | 'passenger.events'>(
  runtime: KafkaRuntime,
  topic: T,
  contentOf: (event: TopicValue[T]) => string,
): Promise<ReadBack> {
  const byEventId = new Map<string, string>();
  const conflicts: string[] = [];
  let records = 0;
  await runtime.readToEnd(topic, (m) => {
    if (!m.value) return;
    records++;
    const event = m.value as TopicValue[T];
    const json = contentOf(event);
    const earlier = byEventId.get(event.eventId);
    if (earlier !== undefined && earlier !== json) conflicts.push(event.eventId);
    byEventId.set(event.eventId, json);
  });
  return { byEventId, records, conflicts };
}

/**
 * Every disruption.events record, by eventId. A record sent again (after a restart) must
 * say exactly what it said the first time (but its wall-clock `detectedAt`).
 */
export function readDisruptions(runtime: KafkaRuntime): Promise<ReadBack> {
  return readBack(runtime, 'disruption.events', withoutDetectedAt);
}

/**
 * Every passenger.events record, by eventId, as sent (its time is event time: a record
 * sent again must be byte for byte the same).
 */
export function readPassengerEvents(runtime: KafkaRuntime): Promise<ReadBack> {
  return readBack(runtime, 'passenger.events', (event) => JSON.stringify(event));
}

/** What the engine alone publishes for these records (the service's default settings). */
export function expectedOutputs(records: readonly InputRecord[]): {
  disruptions: DisruptionOutput[];
  passengers: PassengerOutput[];
} {
  const h = new Harness();
  h.feedAll([...records].sort((a, b) => eventTimeOfRecord(a) - eventTimeOfRecord(b)));
  h.engine.setIdle('main', true);
  h.published.push(...h.engine.advance());
  h.decisions.push(...h.engine.takePassengerEvents());
  return { disruptions: h.published, passengers: h.decisions };
}

export function expectedDisruptions(records: readonly InputRecord[]): DisruptionOutput[] {
  return expectedOutputs(records).disruptions;
}
