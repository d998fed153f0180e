/**
 * Follows fir.crossings, flight.events, charges.calculated and disruption.events through
 * packages/kafka, from now on, with a throw-away consumer group: the demo only watches, it
 * never moves a service's offsets.
 */
import { randomBytes } from 'node:crypto';
import { createKafkaRuntime, type KafkaRuntime } from '@overfly/kafka';
import type { ChargeCalculated, DisruptionEvent, FirCrossing, FlightEvent } from '@overfly/schemas';

export interface TailHandlers {
  crossing(crossing: FirCrossing): void;
  event(event: FlightEvent): void;
  charge(charge: ChargeCalculated): void;
  disruption(disruption: DisruptionEvent): void;
}

export interface Tail {
  groupId: string;
  stop(): Promise<void>;
}

type Tailed = FirCrossing | FlightEvent | ChargeCalculated | DisruptionEvent;
const isCharge = (value: Tailed): value is ChargeCalculated => 'chargeId' in value;
const isCrossing = (value: Tailed): value is FirCrossing => 'crossingId' in value;
const isDisruption = (value: Tailed): value is DisruptionEvent => 'disruptionId' in value;

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
    topics: ['fir.crossings', 'flight.events', 'charges.calculated', 'disruption.events'],
    // A new group starts at the end: what the services publish from now on.
    fromBeginning: false,
    onAssignment: () => joined(),
    handle: async (message) => {
      const value = message.value;
      if (value === null) return;
      const record = value as Tailed;
      if (isDisruption(record)) handlers.disruption(record);
      else if (isCharge(record)) handlers.charge(record);
      else if (isCrossing(record)) handlers.crossing(record);
      else handlers.event(record);
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
