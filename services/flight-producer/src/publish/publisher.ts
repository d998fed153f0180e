import type { OutgoingRecord } from '@overfly/kafka';
import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import { createStateTracker } from '../state/state-tracker.js';
import { noPublishCounters, type PublishCounters, type PublishStats } from './counters.js';
import { type Clock, createPacer, type ReplaySpeed } from './pacer.js';
import type { PositionSink } from './sink.js';

/** How positions are paced and batched, and how flights.state is kept (replay and simulate). */
export interface PublishOptions {
  speed: ReplaySpeed;
  /** Event-time gaps longer than this are waited as this long; null waits them in full. */
  maxGapMs: number | null;
  /** See PacerOptions.maxLeadMs; unset: no limit. */
  maxLeadMs?: number | null;
  /** Positions per send (at max speed, sends are full batches). */
  batchSize: number;
  stateThrottleMs: number;
  /**
   * The same limit in wall-clock time (default: stateThrottleMs): at 1000x a fix every
   * 5 s of event time would otherwise be a state every 5 ms of real time.
   */
  stateWallThrottleMs?: number;
  tombstoneAfterMs: number;
  /** Pacing anchored at this (wall, event) pair (see PacerOptions.anchor). */
  anchor?: { wall: number; event: number };
}

export interface PositionPublisher {
  /**
   * Waits until the position is due (its positionTime ÷ speed after the first one's),
   * stamps its receivedAt with the wall clock then, queues it for flights.updates and its
   * state for flights.state (throttled per aircraft), and sends when a batch is full.
   */
  publish(update: PositionUpdate): Promise<void>;
  /** Something to await with the next send (a dead letter), so a batch is durable as a whole. */
  alongside(work: Promise<void>): void;
  /** Anchors pacing at the next position (a new replay file plays at once). */
  resetPacing(): void;
  /** Sends what is queued, with the tombstones of aircraft idle past tombstoneAfterMs. */
  flush(): Promise<void>;
  /** End of input: the throttled latest states, a last send, then (if asked) a tombstone for all. */
  finish(atEnd: 'keep' | 'tombstone'): Promise<void>;
}

/** How long a due position may wait in the queue for more to share its send. */
export const MAX_QUEUE_WAIT_MS = 20;

/**
 * The publishing core of replay and simulate: event time drives pacing, throttling and
 * tombstones (never the wall clock), so a run at any speed writes the same records.
 */
export function createPositionPublisher(
  options: PublishOptions,
  deps: {
    sink: PositionSink;
    clock: Clock;
    counters?: PublishCounters;
    signal?: AbortSignal;
    stats: PublishStats;
  },
): PositionPublisher {
  const { sink, clock, signal, stats } = deps;
  const counters = deps.counters ?? noPublishCounters;
  const pacer = createPacer({
    speed: options.speed,
    maxGapMs: options.maxGapMs,
    maxLeadMs: options.maxLeadMs ?? null,
    ...(options.anchor ? { anchor: options.anchor } : {}),
  });
  const tracker = createStateTracker({
    throttleMs: options.stateThrottleMs,
    wallThrottleMs: options.stateWallThrottleMs ?? options.stateThrottleMs,
    tombstoneAfterMs: options.tombstoneAfterMs,
  });
  let updates: OutgoingRecord<PositionUpdate>[] = [];
  let states: OutgoingRecord<AircraftState>[] = [];
  let side: Array<Promise<void>> = [];
  let eventNow = Number.NEGATIVE_INFINITY;
  let oldestQueuedAt = 0;

  const flush = async () => {
    const gone = tracker.expire(eventNow);
    for (const icao24 of gone) states.push({ key: icao24, value: null });
    const [u, s, w] = [updates, states, side];
    updates = [];
    states = [];
    side = [];
    await sink.sendUpdates(u);
    await sink.sendStates(s);
    await Promise.all(w);
    stats.published += u.length;
    counters.published(u.length);
    const tombstones = gone.length;
    stats.states += s.length - tombstones;
    stats.tombstones += tombstones;
    counters.states('state', s.length - tombstones);
    counters.states('tombstone', tombstones);
  };

  return {
    async publish(update) {
      const t = update.positionTime;
      const now = clock.now();
      const delay = pacer.delayFor(t, now);
      if (delay > 0) {
        // Send what is queued before a wait, unless the wait is short and the queue young:
        // 25,000 aircraft at real time are a position every 0.4 ms, and a send per position
        // would cost more CPU than everything else together. A queued position waits at
        // most MAX_QUEUE_WAIT_MS beyond its due time.
        if (
          updates.length > 0 &&
          (delay >= MAX_QUEUE_WAIT_MS || now - oldestQueuedAt >= MAX_QUEUE_WAIT_MS)
        )
          await flush();
        await clock.sleep(delay, signal);
      }
      update.receivedAt = clock.now();
      if (updates.length === 0) oldestQueuedAt = update.receivedAt;
      updates.push({ key: update.icao24, value: update });
      eventNow = Math.max(eventNow, t);
      const state = tracker.observe(update, update.receivedAt);
      if (state) states.push({ key: state.icao24, value: state });
      if (updates.length >= options.batchSize) await flush();
    },
    alongside(work) {
      side.push(work);
    },
    resetPacing() {
      pacer.reset();
    },
    flush,
    async finish(atEnd) {
      for (const state of tracker.drainPending(clock.now()))
        states.push({ key: state.icao24, value: state });
      await flush();
      if (atEnd === 'tombstone') {
        const all = tracker.clear();
        await sink.sendStates(all.map((icao24) => ({ key: icao24, value: null })));
        stats.tombstones += all.length;
        counters.states('tombstone', all.length);
      }
    },
  };
}
