import { describe, expect, it } from 'vitest';
import { parseReplayArgs } from './args.js';

describe('replay command-line arguments', () => {
  it('plays at max speed and keeps the last states by default', () => {
    expect(parseReplayArgs(['a.json.gz'])).toMatchObject({
      topicPrefix: '',
      options: { files: ['a.json.gz'], speed: 'max', atEnd: 'keep', maxBackwardsMs: 60_000 },
    });
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
  ])('refuses %j', (argv, message) => {
    expect(() => parseReplayArgs(argv)).toThrow(message);
  });
});
