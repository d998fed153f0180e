/**
 * Follows fir.crossings and flight.events through packages/kafka, from now on, with a
 * throw-away consumer group: the demo only watches, it never moves a service's offsets.
 */
import { randomBytes } from 'node:crypto';
import { createKafkaRuntime, type KafkaRuntime } from '@overfly/kafka';
import type { FirCrossing, FlightEvent } from '@overfly/schemas';

export interface TailHandlers {
  crossing(crossing: FirCrossing): void;
  event(event: FlightEvent): void;
}

export interface Tail {
  groupId: string;
  stop(): Promise<void>;
}

const isCrossing = (value: FirCrossing | FlightEvent): value is FirCrossing =>
  'crossingId' in value;

export async function startTail(
  endpoints: { brokers: string[]; registryUrl: string; topicPrefix?: string },
  handlers: TailHandlers,
  joinTimeoutMs = 30_000,
): Promise<Tail> {
  const groupId = `demo-${randomBytes(4).toString('hex')}`;
  const runtime: KafkaRuntime = createKafkaRuntime({ ...endpoints, service: 'demo-tail' });
  let joined: () => void = () => {};
  const assigned = new Promise<void>((resolve) => {
    joined = resolve;
  });
  await runtime.consume({
    groupId,
    topics: ['fir.crossings', 'flight.events'],
    // A new group starts at the end: what the services publish from now on.
    fromBeginning: false,
    onAssignment: () => joined(),
    handle: async (message) => {
      const value = message.value;
      if (value === null) return;
      if (isCrossing(value)) handlers.crossing(value);
      else handlers.event(value);
    },
  });
  // Wait for the partitions before the services start, so their first records are seen.
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`tail: no partitions assigned within ${joinTimeoutMs} ms`)),
      joinTimeoutMs,
    ).unref(),
  );
  try {
    await Promise.race([assigned, timeout]);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  return { groupId, stop: () => runtime.close() };
}
