import { describe, expect, it } from 'vitest';
import { parseReplayArgs } from './args.js';

describe('replay command-line arguments', () => {
  it('plays at max speed and keeps the last states by default', () => {
    expect(parseReplayArgs(['a.json.gz'])).toMatchObject({
      topicPrefix: '',
      options: { files: ['a.json.gz'], speed: 'max', atEnd: 'keep', maxBackwardsMs: 60_000 },
    });
  });

  it('reads durations in the one grammar: compound, decimal, days', () => {
    const { options } = parseReplayArgs([
      'a.csv',
      '--start-offset',
      '1h30m',
      '--tolerance',
      '1d',
      '--state-throttle',
      '1.5s',
    ]);
    expect(options).toMatchObject({
      startOffsetMs: 5_400_000,
      maxBackwardsMs: 86_400_000,
      stateThrottleMs: 1_500,
      tombstoneAfterMs: 300_000,
    });
    expect(parseReplayArgs(['a.csv']).options.startOffsetMs).toBe(0);
  });

  it('reads every option', () => {
    const { options, topicPrefix } = parseReplayArgs([
      'a.csv',
      'b.csv',
      '--speed',
      '10',
      '--topic-prefix',
      'test.x.',
      '--format',
      'opensky-csv',
      '--start-offset',
      '30m',
      '--tolerance',
      'off',
      '--tombstone-after',
      '2m',
      '--tombstone-at-end',
    ]);
    expect(topicPrefix).toBe('test.x.');
    expect(options).toMatchObject({
      files: ['a.csv', 'b.csv'],
      speed: 10,
      format: 'opensky-csv',
      startOffsetMs: 1_800_000,
      maxBackwardsMs: null,
      tombstoneAfterMs: 120_000,
      atEnd: 'tombstone',
    });
  });

  it('reads the service variables, each overridden by its flag', () => {
    const env = { REPLAY_SPEED: '10', REPLAY_TIME_TOLERANCE: 'off', TOPIC_PREFIX: 'env.' };
    expect(parseReplayArgs(['a.csv'], env)).toMatchObject({
      topicPrefix: 'env.',
      options: { speed: 10, maxBackwardsMs: null },
    });
    expect(
      parseReplayArgs(['a.csv', '--speed', '2', '--tolerance', '30s', '--topic-prefix', 'f.'], env),
    ).toMatchObject({ topicPrefix: 'f.', options: { speed: 2, maxBackwardsMs: 30_000 } });
    expect(() => parseReplayArgs(['a.csv'], { REPLAY_SPEED: 'slow' })).toThrow(/REPLAY_SPEED/);
  });

  it.each([
    [[], /no file/],
    [['a.csv', '--speed', 'fast'], /--speed/],
    [['a.csv', '--format', 'kml'], /kml/],
    [['a.csv', '--colour'], /colour/],
    [
      ['a.csv', '--start-offset', '1500'],
      '--start-offset (REPLAY_START_OFFSET): expected a duration like 250ms, 10s, 5m, 1h30m (a unit is required), got "1500"',
    ],
    [
      ['a.csv', '--tombstone-after', '5 m'],
      /--tombstone-after \(STATE_TOMBSTONE_AFTER\): expected a duration/,
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parseReplayArgs(argv)).toThrow(message);
  });
});
