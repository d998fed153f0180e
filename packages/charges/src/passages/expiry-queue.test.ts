import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from './expiry-queue.js';

describe('ExpiryQueue', () => {
  it('returns the keys before a time earliest first, ties by key, and keeps the rest', () => {
    const q = new ExpiryQueue();
    for (const [key, time] of [
      ['c', 30],
      ['a', 10],
      ['b', 30],
      ['d', 5],
      ['e', 50],
    ] as const)
      q.push(key, time);
    expect(q.earliest()).toBe(5);
    expect(q.popBefore(31).map((e) => `${e.key}@${e.time}`)).toEqual([
      'd@5',
      'a@10',
      'b@30',
      'c@30',
    ]);
    expect(q.popBefore(31)).toEqual([]);
    expect(q.earliest()).toBe(50);
    expect(q.popBefore(51).map((e) => e.key)).toEqual(['e']);
    expect(q.earliest()).toBe(Number.POSITIVE_INFINITY);
  });

  it('orders a thousand random times as a sort would', () => {
    const q = new ExpiryQueue();
    const times = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009);
    for (const [i, t] of times.entries()) q.push(`k${i}`, t);
    const popped = q.popBefore(Number.POSITIVE_INFINITY).map((e) => e.time);
    expect(popped).toEqual([...times].sort((a, b) => a - b));
  });
});
