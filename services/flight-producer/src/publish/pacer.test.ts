import { describe, expect, it } from 'vitest';
import { createPacer } from './pacer.js';

describe('pacing a replay by event time', () => {
  it('plays the first position at once and later ones (t - t0) / speed later', () => {
    const pacer = createPacer({ speed: 10, maxGapMs: null });
    expect(pacer.delayFor(1_000_000, 500)).toBe(0);
    expect(pacer.delayFor(1_010_000, 500)).toBe(1_000); // 10 s of event time at ×10
    expect(pacer.delayFor(1_010_000, 1_500)).toBe(0); // due now
    expect(pacer.delayFor(1_020_000, 1_800)).toBe(700);
  });

  it('with an anchor, plays on that clock from the first position (scenario.control)', () => {
    const pacer = createPacer({ speed: 10, maxGapMs: null, anchor: { wall: 1_000, event: 0 } });
    // The first position, 60 s into the day, plays 6 s after the anchor, not at once.
    expect(pacer.delayFor(60_000, 2_000)).toBe(5_000);
    expect(pacer.delayFor(70_000, 7_000)).toBe(1_000);
  });

  it('at speed 1 keeps real time', () => {
    const pacer = createPacer({ speed: 1, maxGapMs: null });
    pacer.delayFor(0, 0);
    expect(pacer.delayFor(5_000, 0)).toBe(5_000);
  });

  it('never waits at max speed', () => {
    const pacer = createPacer({ speed: 'max', maxGapMs: null });
    expect([0, 60_000, 3_600_000].map((t) => pacer.delayFor(t, 0))).toEqual([0, 0, 0]);
  });

  it('plays a position earlier than one already played at once', () => {
    const pacer = createPacer({ speed: 1, maxGapMs: null });
    pacer.delayFor(100_000, 0);
    pacer.delayFor(160_000, 0);
    expect(pacer.delayFor(50_000, 60_000)).toBe(0);
  });

  it('shortens event-time gaps longer than maxGap, and only those', () => {
    const pacer = createPacer({ speed: 1, maxGapMs: 60_000 });
    pacer.delayFor(0, 0);
    expect(pacer.delayFor(30_000, 0)).toBe(30_000);
    // Three days later: waited as one minute after the previous position.
    expect(pacer.delayFor(3 * 86_400_000, 30_000)).toBe(60_000);
    expect(pacer.delayFor(3 * 86_400_000 + 10_000, 90_000)).toBe(10_000);
  });

  it('re-anchors at "now" after reset (the next file starts at once)', () => {
    const pacer = createPacer({ speed: 2, maxGapMs: null });
    pacer.delayFor(0, 0);
    pacer.reset();
    expect(pacer.delayFor(-1_000_000, 10_000)).toBe(0);
    expect(pacer.delayFor(-998_000, 10_000)).toBe(1_000);
  });

  it('never plays further ahead of the wall clock than maxLead: then it goes on at real time', () => {
    const HOUR = 3_600_000;
    const pacer = createPacer({ speed: 60, maxGapMs: null, maxLeadMs: 12 * HOUR });
    // A re-timed recording starting now, at 60×: an hour of event time per wall minute.
    expect(pacer.delayFor(0, 0)).toBe(0);
    expect(pacer.delayFor(6 * HOUR, 0)).toBe(6 * 60_000);
    expect(pacer.delayFor(12 * HOUR, 12 * 60_000)).toBe(0);
    // At the lead: 13 h of event time is due when the wall clock reaches 1 h, not at 13 min.
    expect(pacer.delayFor(13 * HOUR, 13 * 60_000)).toBe(HOUR - 13 * 60_000);
    expect(pacer.delayFor(13 * HOUR + 10_000, HOUR)).toBe(10_000);
    // max speed is held by it too.
    const max = createPacer({ speed: 'max', maxGapMs: null, maxLeadMs: HOUR });
    expect(max.delayFor(3 * HOUR, 0)).toBe(2 * HOUR);
  });

  it('never holds a recording replayed with its own past times', () => {
    const pacer = createPacer({ speed: 'max', maxGapMs: null, maxLeadMs: 0 });
    const recorded = Date.UTC(2018, 9, 1);
    expect(pacer.delayFor(recorded, Date.now())).toBe(0);
    expect(pacer.delayFor(recorded + 86_400_000, Date.now())).toBe(0);
  });
});
