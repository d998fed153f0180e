import { describe, expect, it } from 'vitest';
import { Watermarks } from './watermark.js';

const L = 300_000;

describe('the watermark', () => {
  it('is the least of the channels’ latest event times, less the allowed lateness', () => {
    const w = new Watermarks();
    w.observe('a', 10_000_000);
    w.observe('b', 8_000_000);
    w.observe('a', 9_000_000); // an older event does not move its channel back
    expect(w.compute(L)).toBe(8_000_000 - L);
    expect(w.latest).toBe(10_000_000);
  });

  it('is held back by a registered channel that has delivered nothing yet, until it goes idle', () => {
    const w = new Watermarks();
    w.register('silent');
    w.observe('a', 10_000_000);
    expect(w.compute(L)).toBeNull();
    w.setIdle('silent', true);
    expect(w.compute(L)).toBe(10_000_000 - L);
  });

  it('leaves out idle channels until they deliver again, and never goes back', () => {
    const w = new Watermarks();
    w.observe('a', 10_000_000);
    w.observe('b', 2_000_000);
    expect(w.compute(L)).toBe(2_000_000 - L);
    w.setIdle('b', true);
    expect(w.compute(L)).toBe(10_000_000 - L);
    // b wakes up far behind: the watermark stays where it was; b's input is late.
    w.observe('b', 3_000_000);
    expect(w.compute(L)).toBe(10_000_000 - L);
  });

  it('is the latest event time less the lateness when every channel is idle', () => {
    const w = new Watermarks();
    w.observe('a', 10_000_000);
    w.observe('b', 12_000_000);
    w.setIdle('a', true);
    w.setIdle('b', true);
    expect(w.compute(L)).toBe(12_000_000 - L);
  });

  it('comes back from its export', () => {
    const w = new Watermarks();
    w.observe('b', 8_000_000);
    w.observe('a', 10_000_000);
    const restored = new Watermarks();
    restored.import(w.export());
    expect(restored.export()).toEqual([
      { channel: 'a', maxEventTime: 10_000_000 },
      { channel: 'b', maxEventTime: 8_000_000 },
    ]);
    expect(restored.compute(L)).toBe(8_000_000 - L);
  });
});
