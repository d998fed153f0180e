import type { KafkaRuntime } from '@overfly/kafka';
import type { DisruptionEvent, PassengerEvent } from '@overfly/schemas';

/**
 * How far before the snapshot's writtenAt the outputs are read back on a restore: what was
 * sent between the snapshot's export and its writtenAt, with room for a slow write.
 */
export const SENT_LOOKBACK_MS = 60_000;

/** JSON with sorted keys and undefined as null: the same record compares equal however it was built. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === undefined) return null;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k] ?? null]),
    );
  });
}

/** What a publication says, without the wall-clock time it was sent at. */
function contentOf(event: DisruptionEvent | PassengerEvent | Omit<DisruptionEvent, 'detectedAt'>) {
  const { detectedAt: _at, ...rest } = event as DisruptionEvent;
  return canonical(rest);
}

/**
 * The outputs sent since a snapshot: a restore from it runs the evaluations after it again,
 * and the inputs may come in another order the second time (a late input folded before an
 * evaluation instead of after it, a channel idle or not), so the same evaluation may say
 * something else under the same eventId. What was sent stands: a publication derived again
 * is not sent again, whether it says the same or not (`check`). The correlator holds its
 * next snapshot until its evaluations have passed the last of these (`until`), so a second
 * restart reads them back from the same snapshot.
 */
export class SentSinceSnapshot {
  readonly #sent = new Map<string, string>();
  #until: number | null = null;

  static empty(): SentSinceSnapshot {
    return new SentSinceSnapshot();
  }

  /** disruption.events and passenger.events from `since` (epoch ms) to their end. */
  static async read(
    runtime: KafkaRuntime,
    since: number,
    deadlineMs: number,
  ): Promise<SentSinceSnapshot> {
    const sent = new SentSinceSnapshot();
    const options = { fromTimestamp: since, deadlineMs };
    await runtime.readToEnd(
      'disruption.events',
      (m) => m.value && sent.add(m.value.eventId, contentOf(m.value), m.value.windowEnd),
      options,
    );
    await runtime.readToEnd(
      'passenger.events',
      (m) => m.value && sent.add(m.value.eventId, contentOf(m.value), m.value.occurredAt),
      options,
    );
    return sent;
  }

  add(eventId: string, content: string, evaluatedAt: number): void {
    this.#sent.set(eventId, content);
    this.#until = Math.max(this.#until ?? evaluatedAt, evaluatedAt);
  }

  get size(): number {
    return this.#sent.size;
  }

  /** The latest evaluation among them; null when none. */
  get until(): number | null {
    return this.#until;
  }

  /** 'new' to send; 'same' or 'different' when it went out before the restart (not sent again). */
  check(
    eventId: string,
    event: DisruptionEvent | PassengerEvent | Omit<DisruptionEvent, 'detectedAt'>,
  ): 'new' | 'same' | 'different' {
    const before = this.#sent.get(eventId);
    if (before === undefined) return 'new';
    return before === contentOf(event) ? 'same' : 'different';
  }
}
