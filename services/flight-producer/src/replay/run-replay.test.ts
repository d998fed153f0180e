import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../../tests/support/data-files.js';
import type { Clock } from '../publish/pacer.js';
import { runReplay } from './run-replay.js';
import {
  baseOptions,
  jsonlLine,
  memorySink,
  tempFile,
  twoAircraftJsonl,
} from './test-support/memory-sink.js';

/** A clock whose sleep moves time forward at once and remembers how long it slept. */
function fakeClock(start = 0): Clock & { slept: number } {
  let now = start;
  return {
    slept: 0,
    now: () => now,
    async sleep(ms) {
      this.slept += ms;
      now += ms;
    },
  };
}

describe('replaying a file', () => {
  it('publishes every elal747 position as REPLAY, in SI, keyed by icao24', async () => {
    const { sink, updates, states } = memorySink();
    const stats = await runReplay(
      { ...baseOptions, files: [dataFile('trajectories/elal747.json.gz')] },
      { sink, clock: fakeClock(1_000) },
    );
    expect(stats).toMatchObject({ rowsRead: 2_110, published: 2_110, invalid: 0 });
    expect(updates).toHaveLength(2_110);
    expect(updates[999]).toMatchObject({
      icao24: '738043',
      positionTime: 1_572_783_280_000,
      source: 'REPLAY',
      receivedAt: 1_000,
      onGround: null,
    });
    expect(updates[999]?.baroAltitudeM).toBeCloseTo(4_488.18, 6);
    // One aircraft at one report per 10 s: each report is a state, none is throttled.
    expect(states.filter((s) => s.value !== null)).toHaveLength(2_110);
  });

  it('waits event time ÷ speed in all, in event order', async () => {
    const clock = fakeClock();
    const { sink } = memorySink();
    await runReplay(
      { ...baseOptions, speed: 60, files: [dataFile('trajectories/flight_a319_opensky.csv')] },
      { sink, clock },
    );
    // 116 rows one minute apart: 115 minutes of event time at ×60 is 115 s.
    expect(clock.slept).toBe(115_000);
  });

  it('plays a recording kept aircraft by aircraft in time order', async () => {
    const t0 = 1_700_000_000_000;
    const path = tempFile(
      'by-aircraft.jsonl',
      [0, 10_000, 20_000].map((dt) => jsonlLine('aaaaaa', t0 + dt)).join('') +
        [5_000, 15_000].map((dt) => jsonlLine('bbbbbb', t0 + dt)).join(''),
    );
    const { sink, updates } = memorySink();
    const stats = await runReplay({ ...baseOptions, order: 'time', files: [path] }, { sink });
    expect(updates.map((u) => [u.icao24, u.positionTime - t0])).toEqual([
      ['aaaaaa', 0],
      ['bbbbbb', 5_000],
      ['aaaaaa', 10_000],
      ['bbbbbb', 15_000],
      ['aaaaaa', 20_000],
    ]);
    expect(stats.invalid).toBe(0);
  });

  it('dead-letters invalid rows with their line and goes on', async () => {
    const path = tempFile(
      'bad.jsonl',
      `${jsonlLine('aaaaaa', 1_000)}{not json\n${jsonlLine('xyz', 2_000)}${jsonlLine('aaaaaa', 3_000, 95)}${jsonlLine('aaaaaa', 4_000)}`,
    );
    const { sink, updates, letters } = memorySink();
    const stats = await runReplay({ ...baseOptions, files: [path] }, { sink, clock: fakeClock() });
    expect(updates.map((u) => u.positionTime)).toEqual([1_000, 4_000]);
    expect(letters.map(({ row }) => [row.line, row.reason])).toEqual([
      [2, 'UNPARSEABLE'],
      [3, 'BAD_ICAO24'],
      [4, 'POSITION_OUT_OF_RANGE'],
    ]);
    expect(stats.invalidByReason).toEqual({
      UNPARSEABLE: 1,
      BAD_ICAO24: 1,
      POSITION_OUT_OF_RANGE: 1,
    });
  });

  it('tombstones an aircraft once event time passes its idle limit, and only that one', async () => {
    const path = tempFile('two.jsonl', twoAircraftJsonl(0));
    const { sink, states } = memorySink();
    const stats = await runReplay(
      { ...baseOptions, batchSize: 1, tombstoneAfterMs: 300_000, files: [path] },
      { sink, clock: fakeClock() },
    );
    const tombstoneAt = states.findIndex((s) => s.value === null);
    expect(states[tombstoneAt]?.key).toBe('aaaaaa');
    // aaaaaa was last seen at 60 s: the first state after its tombstone is bbbbbb at 360 s.
    expect(states[tombstoneAt - 1]?.value?.positionTime).toBe(360_000);
    expect(stats.tombstones).toBe(1);
    expect(states.filter((s) => s.key === 'bbbbbb' && s.value === null)).toEqual([]);
  });

  it('skips what comes before the start offset', async () => {
    const { sink, updates } = memorySink();
    const stats = await runReplay(
      {
        ...baseOptions,
        startOffsetMs: 60 * 60_000,
        files: [dataFile('trajectories/flight_a319_opensky.csv')],
      },
      { sink, clock: fakeClock() },
    );
    expect(stats.skipped).toBe(60);
    expect(updates[0]?.positionTime).toBe(Date.UTC(2018, 0, 2, 20, 53));
  });

  it('loops with times shifted to keep increasing, and stops when aborted', async () => {
    const path = tempFile('loop.jsonl', jsonlLine('aaaaaa', 0) + jsonlLine('aaaaaa', 10_000));
    const { sink, updates } = memorySink();
    const controller = new AbortController();
    const clock = fakeClock();
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (ms) => {
      await sleep(ms);
      if (updates.length >= 5) controller.abort();
    };
    await runReplay(
      { ...baseOptions, speed: 1, batchSize: 1, loop: true, files: [path] },
      { sink, clock, signal: controller.signal },
    );
    expect(updates.map((u) => u.positionTime).slice(0, 6)).toEqual(
      [0, 10_000, 11_000, 21_000, 22_000, 32_000].slice(0, updates.length),
    );
  });

  it('tombstones every aircraft at the end when asked to', async () => {
    const { sink, states } = memorySink();
    await runReplay(
      {
        ...baseOptions,
        atEnd: 'tombstone',
        files: [dataFile('trajectories/dreamliner_airfrance.json.gz')],
      },
      { sink, clock: fakeClock() },
    );
    expect(states.slice(-2).map((s) => [s.key, s.value])).toEqual(
      expect.arrayContaining([
        ['39c424', null],
        ['3900fb', null],
      ]),
    );
  });

  it('fails with TRAJECTORIES_UNKNOWN_FORMAT before publishing anything', async () => {
    const { sink, updates } = memorySink();
    const path = tempFile('notes.txt', 'just words\n');
    await expect(runReplay({ ...baseOptions, files: [path] }, { sink })).rejects.toMatchObject({
      code: 'TRAJECTORIES_UNKNOWN_FORMAT',
    });
    expect(updates).toEqual([]);
  });
});
