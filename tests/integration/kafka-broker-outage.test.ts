// Issue 10, finding 5: a handler whose send fails because the broker is down. kafkajs gives
// up on such a send with a KafkaJSNonRetriableError (its `retriable: false` is about its own
// retries), which the consumer loop used to read as a bad message and dead-letter: the
// message's effect (a charge) was then missing. A broker that is away is never the
// message's fault: the message is not dead-lettered, and its effect happens once the
// broker is back.
import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { type OutageTimes, outage } from '../support/outage.js';
import { icao24Of, samplePosition } from '../support/positions.js';
import { waitFor } from '../support/wait-for.js';

const MESSAGES = 40;
/** The message whose handler finds the broker gone when it sends. */
const VICTIM = 20;

/** The handler's effect: the position as a state, keyed by the message's seq. */
function stateOf({ receivedAt, ...position }: PositionUpdate): AircraftState {
  return { ...position, firstSeen: receivedAt, lastSeen: receivedAt, updatedAt: receivedAt };
}

describe('a handler whose send fails because the broker is down', () => {
  it('is not dead-lettered, and its effect happens once the broker is back', {
    timeout: 300_000,
  }, async () => {
    const { runtime, prefix, open } = await isolatedRuntime('handler-outage');
    await (await runtime.producer()).send(
      'flights.updates',
      Array.from({ length: MESSAGES }, (_, i) => ({
        key: icao24Of(i % 5),
        value: samplePosition(i % 5, i),
        headers: { seq: String(i) },
      })),
    );

    const forwarder = open('forwarder');
    const forwarded = await forwarder.producer();
    let brokerStopped: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      brokerStopped = resolve;
    });
    const broker: { down: Promise<OutageTimes> | null } = { down: null };
    const loop = await forwarder.consume({
      groupId: `${prefix}forwarder`,
      topics: ['flights.updates'],
      fromBeginning: true,
      sessionTimeoutMs: 10_000,
      handle: async (message) => {
        if (!message.value) return;
        const seq = Number(message.headers.seq);
        if (seq === VICTIM && !broker.down) {
          // The broker goes away just as this handler is about to send its effect.
          broker.down = outage('kafka', 15_000, async () => brokerStopped());
          await stopped;
        }
        await forwarded.send('flights.state', [
          { key: `effect-${seq}`, value: stateOf(message.value) },
        ]);
      },
    });
    try {
      await waitFor(() => broker.down !== null, {
        timeoutMs: 60_000,
        message: 'the victim message',
      });
      const times = await broker.down!;
      console.log(`broker down for ${times.restartedAt - times.stoppedAt} ms`);

      const effects = new Map<string, string[]>();
      await waitFor(
        async () => {
          effects.clear();
          await runtime.readToEnd('flights.state', (m) => {
            if (!m.key || !m.value) return;
            effects.set(m.key, [...(effects.get(m.key) ?? []), JSON.stringify(m.value)]);
          });
          return effects.size === MESSAGES;
        },
        { timeoutMs: 180_000, intervalMs: 1_000, message: `the ${MESSAGES} effects` },
      );
      const letters = await runtime.readDeadLetters();
      expect(letters.letters.map((l) => `${l.letter.sourceOffset} ${l.letter.errorCode}`)).toEqual(
        [],
      );
      expect(loop.stats.deadLettered).toBe(0);
      // Once: whatever was delivered again (at least once in), each effect is one record,
      // or the very same record again (idempotent out).
      const victim = effects.get(`effect-${VICTIM}`) ?? [];
      expect(victim.length).toBeGreaterThanOrEqual(1);
      for (const [key, records] of effects) expect(new Set(records).size, key).toBe(1);
      console.log(
        `effects: ${MESSAGES} keys, ${[...effects.values()].reduce((n, r) => n + r.length, 0)} records; the victim's: ${victim.length}`,
      );
    } finally {
      await loop.stop();
    }
  });
});
