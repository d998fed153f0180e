import { valueTypeFor } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { outboxRecordOf, type Publication, publicationOf, sendPublications } from './outbox.js';
import { Harness, onTopic } from './test-support/harness.js';
import { at, manifestOf, schedule } from './test-support/records.js';

/** A leg three hours late with a passenger on it: disruptions and a passenger decision. */
function dayPublications(): Publication[] {
  const leg = { flight: 'LH1', from: 'EDDM', to: 'EDDF', dep: '07:00', arr: '08:00' };
  const h = new Harness();
  h.feedAll([
    onTopic.schedule(schedule(leg)),
    onTopic.manifest(manifestOf(schedule(leg), '05:00', [{ passengerId: 'p1' }])),
    onTopic.schedule(schedule({ ...leg, estDep: '10:00', estArr: '11:00', updatedAt: '06:30' })),
  ]);
  const outputs = h.until(at('08:00'));
  return [
    ...outputs.map(
      (o): Publication => ({
        topic: 'disruption.events',
        key: o.disruptionId,
        value: { ...o, detectedAt: 1_700_000_000_123 },
      }),
    ),
    ...h.decisions.map(
      (d): Publication => ({ topic: 'passenger.events', key: d.passengerId, value: d }),
    ),
  ];
}

describe('the outbox', () => {
  it('gives back, through a snapshot chunk, exactly the records the evaluations made', () => {
    const publications = dayPublications();
    expect(new Set(publications.map((p) => p.topic)).size).toBe(2);
    for (const p of publications) {
      expect(valueTypeFor(p.topic).isValid(p.value)).toBe(true);
      expect(publicationOf(outboxRecordOf(p))).toEqual(p);
    }
  });

  it('refuses a record its topic’s schema refuses, or another topic (STATE_INVALID)', () => {
    const [first] = dayPublications();
    if (!first) throw new Error('the hand-made day publishes');
    const broken = { ...outboxRecordOf(first), value: JSON.stringify({ eventId: 1 }) };
    for (const r of [
      broken,
      { ...broken, value: '{not json' },
      { ...outboxRecordOf(first), topic: 'invoices.events' },
    ])
      expect(() => publicationOf(r)).toThrow(
        expect.objectContaining({ code: 'DISRUPTION_CORRELATOR_STATE_INVALID' }),
      );
  });

  it('sends in order, one send per run of the same topic', async () => {
    const publications = dayPublications();
    const a = publications.find((p) => p.topic === 'disruption.events');
    const b = publications.find((p) => p.topic === 'passenger.events');
    const c = publications.findLast((p) => p.topic === 'disruption.events');
    if (!a || !b || !c) throw new Error('disruptions and a passenger decision');
    const order: Publication[] = [b, a, a, c];
    const sends: Array<{ topic: string; keys: string[] }> = [];
    const producer = {
      send: async (topic: string, records: Array<{ key: string }>) => {
        sends.push({ topic, keys: records.map((r) => r.key) });
      },
    };
    const seen: string[] = [];
    await sendPublications(producer as never, order, {
      published: (e) => seen.push(e.eventId),
      decided: (e) => seen.push(e.eventId),
    });
    const runs: Array<{ topic: string; keys: string[] }> = [];
    for (const p of order) {
      const last = runs.at(-1);
      if (last?.topic === p.topic) last.keys.push(p.key);
      else runs.push({ topic: p.topic, keys: [p.key] });
    }
    expect(sends).toEqual(runs);
    expect(seen).toEqual(order.map((p) => p.value.eventId));
  });
});
