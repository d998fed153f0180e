import type { TypedProducer } from '@overfly/kafka';
import {
  type CorrelatorOutboxRecord,
  type DisruptionEvent,
  type PassengerEvent,
  valueTypeFor,
} from '@overfly/schemas';
import { CorrelatorError } from './errors.js';

/** A record the correlator's evaluations made, waiting for the snapshot that holds it. */
export type Publication =
  | { topic: 'disruption.events'; key: string; value: DisruptionEvent }
  | { topic: 'passenger.events'; key: string; value: PassengerEvent };

/** As a snapshot chunk holds it. */
export function outboxRecordOf(p: Publication): CorrelatorOutboxRecord {
  return { topic: p.topic, key: p.key, value: JSON.stringify(p.value) };
}

/**
 * Back from a snapshot chunk, checked against the topic's schema: a record that could not
 * be sent as it was is STATE_INVALID, as a missing chunk is.
 */
export function publicationOf(r: CorrelatorOutboxRecord): Publication {
  if (r.topic !== 'disruption.events' && r.topic !== 'passenger.events')
    throw new CorrelatorError(
      'DISRUPTION_CORRELATOR_STATE_INVALID',
      `the snapshot's outbox names topic ${r.topic}, not disruption.events or passenger.events`,
    );
  let value: unknown;
  try {
    value = JSON.parse(r.value);
  } catch {
    value = undefined;
  }
  if (value === undefined || !valueTypeFor(r.topic).isValid(value))
    throw new CorrelatorError(
      'DISRUPTION_CORRELATOR_STATE_INVALID',
      `the snapshot's outbox holds a ${r.topic} record (key ${r.key}) its schema refuses`,
    );
  return r.topic === 'disruption.events'
    ? { topic: r.topic, key: r.key, value: value as DisruptionEvent }
    : { topic: r.topic, key: r.key, value: value as PassengerEvent };
}

/** Sends publications in their order, one send per run of the same topic. */
export async function sendPublications(
  producer: TypedProducer,
  publications: readonly Publication[],
  sent: { published(e: DisruptionEvent): void; decided(e: PassengerEvent): void },
): Promise<void> {
  let i = 0;
  while (i < publications.length) {
    const topic = (publications[i] as Publication).topic;
    let j = i;
    while (j < publications.length && (publications[j] as Publication).topic === topic) j++;
    const run = publications.slice(i, j);
    if (topic === 'disruption.events') {
      const events = run.map((p) => p.value as DisruptionEvent);
      await producer.send(
        topic,
        run.map((p, k) => ({ key: p.key, value: events[k] as DisruptionEvent })),
      );
      for (const e of events) sent.published(e);
    } else {
      const events = run.map((p) => p.value as PassengerEvent);
      await producer.send(
        topic,
        run.map((p, k) => ({ key: p.key, value: events[k] as PassengerEvent })),
      );
      for (const e of events) sent.decided(e);
    }
    i = j;
  }
}
