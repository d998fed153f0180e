import { describe, expect, it } from 'vitest';
import { DataClock } from './clock.js';

/** A wall clock the test moves by hand (ms). */
function wall() {
  let t = 1_000;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const T0 = 1_767_225_600_000;

describe('DataClock', () => {
  it('is 0 until it has seen a fix', () => {
    const w = wall();
    const clock = new DataClock(w.now);
    expect(clock.now()).toBe(0);
    w.advance(5_000);
    expect(clock.now()).toBe(0);
  });

  it('runs from the newest fix at wall-clock speed', () => {
    const w = wall();
    const clock = new DataClock(w.now);
    clock.observe(T0);
    expect(clock.now()).toBe(T0);
    w.advance(2_500);
    expect(clock.now()).toBe(T0 + 2_500);
  });

  it('never steps back: an older fix, or one behind the advanced clock, changes nothing', () => {
    const w = wall();
    const clock = new DataClock(w.now);
    clock.observe(T0);
    w.advance(3_000);
    clock.observe(T0 - 10_000);
    expect(clock.now()).toBe(T0 + 3_000);
    clock.observe(T0 + 2_000); // newer than the last fix, but behind the clock
    expect(clock.now()).toBe(T0 + 3_000);
    clock.observe(T0 + 10_000); // ahead: the clock jumps there
    expect(clock.now()).toBe(T0 + 10_000);
    w.advance(1_000);
    expect(clock.now()).toBe(T0 + 11_000);
  });

  it('set jumps (back too) and runs at the rate given; 0 pauses', () => {
    const w = wall();
    const clock = new DataClock(w.now);
    clock.observe(T0);
    clock.set(T0 - 3_600_000, 60);
    expect(clock.now()).toBe(T0 - 3_600_000);
    w.advance(1_000);
    expect(clock.now()).toBe(T0 - 3_600_000 + 60_000);

    clock.set(T0, 0);
    w.advance(10_000);
    expect(clock.now()).toBe(T0);

    clock.set(T0 + 5_000); // rate 1 by default
    w.advance(500);
    expect(clock.now()).toBe(T0 + 5_500);
  });

  it('keeps the set rate when a newer fix moves it on', () => {
    const w = wall();
    const clock = new DataClock(w.now);
    clock.set(T0, 10);
    clock.observe(T0 + 60_000);
    expect(clock.now()).toBe(T0 + 60_000);
    w.advance(1_000);
    expect(clock.now()).toBe(T0 + 70_000);
  });
});
