/**
 * What the pipeline published, read back after it has drained, and the latencies matched
 * from it. A crossing record carries, in its `overfly.source-timestamp` header, the Kafka
 * timestamp of the position that produced it; a charge names the crossing it priced; an
 * invoice line names its charge. So for each charge: position (publish) → charge (its record
 * timestamp), and for each line: the same position → the line seen committed.
 */
import { AvroSerde, createRegistryClient, type KafkaRuntime, tailTopics } from '@overfly/kafka';
import { SOURCE_TIMESTAMP_HEADER } from '../../../services/fir-analyser/src/outputs.js';
import type { SeenLine } from './lines.js';
import { latestAtOrBefore } from './stats.js';

export interface Published {
  positions: number;
  firstPositionAt: number;
  lastPositionAt: number;
  crossingRecords: number;
  chargeRecords: number;
  /** chargeId → position publish time of the crossing record it came from. */
  positionOfCharge: Map<string, number>;
  positionToChargeMs: number[];
}

export interface Endpoints {
  brokers: string[];
  registryUrl: string;
  prefix: string;
  /** Records fir.crossings holds (its end offsets summed). */
  crossingsEnd: number;
}

/**
 * crossingId → its records (record time, source position time), read raw: the runtime's
 * readToEnd leaves headers out, and the source time is a header. Read until as many records
 * as the topic holds have come.
 */
async function crossingSources(
  endpoints: Endpoints,
  expected: number,
): Promise<Map<string, Array<{ at: number; source: number }>>> {
  const serde = new AvroSerde(createRegistryClient(endpoints.registryUrl));
  const crossings = new Map<string, Array<{ at: number; source: number }>>();
  let seen = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  if (expected === 0) done();
  const tail = await tailTopics({
    brokers: endpoints.brokers,
    clientId: 'bench-e2e-crossings',
    groupId: `${endpoints.prefix}bench-crossings`,
    topics: [`${endpoints.prefix}fir.crossings`],
    fromBeginning: true,
    onMessage: async (m) => {
      seen++;
      if (m.value) {
        const { crossingId } = (await serde.decodeAsync(m.value)) as { crossingId: string };
        const source = Number(m.headers[SOURCE_TIMESTAMP_HEADER]);
        if (Number.isFinite(source)) {
          const list = crossings.get(crossingId) ?? [];
          list.push({ at: m.timestamp, source });
          crossings.set(crossingId, list);
        }
      }
      if (seen >= expected) done();
    },
  });
  const timer = setTimeout(done, 60_000);
  await all;
  clearTimeout(timer);
  await tail.stop();
  return crossings;
}

export async function readPublished(
  runtime: KafkaRuntime,
  endpoints: Endpoints,
): Promise<Published> {
  let positions = 0;
  let firstPositionAt = Number.POSITIVE_INFINITY;
  let lastPositionAt = 0;
  await runtime.readToEnd('flights.updates', (m) => {
    positions++;
    if (m.timestamp < firstPositionAt) firstPositionAt = m.timestamp;
    if (m.timestamp > lastPositionAt) lastPositionAt = m.timestamp;
  });

  const crossings = await crossingSources(endpoints, endpoints.crossingsEnd);
  const crossingRecords = [...crossings.values()].reduce((n, l) => n + l.length, 0);
  for (const list of crossings.values()) list.sort((a, b) => a.at - b.at);

  const positionOfCharge = new Map<string, number>();
  const positionToChargeMs: number[] = [];
  let chargeRecords = 0;
  await runtime.readToEnd('charges.calculated', (m) => {
    if (!m.value) return;
    chargeRecords++;
    const from = latestAtOrBefore(crossings.get(m.value.crossingId) ?? [], m.timestamp);
    if (!from || positionOfCharge.has(m.value.chargeId)) return;
    positionOfCharge.set(m.value.chargeId, from.source);
    positionToChargeMs.push(m.timestamp - from.source);
  });
  return {
    positions,
    firstPositionAt,
    lastPositionAt,
    crossingRecords,
    chargeRecords,
    positionOfCharge,
    positionToChargeMs,
  };
}

/** Position → line committed (seen by the poll) and → its transaction's start, per line. */
export function lineLatencies(
  published: Published,
  lines: Iterable<SeenLine>,
): { seen: number[]; created: number[]; unmatched: number } {
  const seen: number[] = [];
  const created: number[] = [];
  let unmatched = 0;
  for (const line of lines) {
    const at = published.positionOfCharge.get(line.chargeId);
    if (at === undefined) {
      unmatched++;
      continue;
    }
    seen.push(line.seenAt - at);
    created.push(line.createdAt - at);
  }
  return { seen, created, unmatched };
}
