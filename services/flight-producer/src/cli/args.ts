import { parseArgs } from 'node:util';
import { DURATION_FORMAT, parseDuration } from '@overfly/config';
import { parseFormat, TrajectoryError, type TrajectoryFormat } from '@overfly/trajectories';
import type { ReplaySpeed } from '../publish/pacer.js';
import type { ReplayOptions } from '../replay/run-replay.js';

export const USAGE = `usage: replay <file...> [--speed 1|10|max] [--topic-prefix P] [--format F]
                     [--start-offset 30m] [--tolerance 60s|off] [--batch-size 500]
                     [--tombstone-after 5m] [--state-throttle 5s] [--tombstone-at-end]`;

export interface ReplayCliArgs {
  options: ReplayOptions;
  topicPrefix: string;
}

function duration(name: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new UsageError(`--${name}: expected ${DURATION_FORMAT}, got "${text}"`);
  return ms;
}

function speed(text: string): ReplaySpeed {
  if (text.trim().toLowerCase() === 'max') return 'max';
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError('--speed: expected a number > 0 or max');
  return value;
}

export class UsageError extends Error {}

/** Command-line arguments → replay options (max speed and keep-at-end by default). */
export function parseReplayArgs(argv: readonly string[]): ReplayCliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('no file to replay');
  let format: TrajectoryFormat | undefined;
  if (values.format !== undefined) {
    try {
      format = parseFormat(values.format);
    } catch (error) {
      if (error instanceof TrajectoryError) throw new UsageError(error.message);
      throw error;
    }
  }
  const batchSize = Number(values['batch-size'] ?? '500');
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UsageError('--batch-size: expected an integer >= 1');
  const tolerance = values.tolerance ?? '60s';
  return {
    topicPrefix: values['topic-prefix'] ?? '',
    options: {
      files: positionals,
      speed: speed(values.speed ?? 'max'),
      startOffsetMs: duration('start-offset', values['start-offset'] ?? '0s'),
      loop: false,
      maxGapMs: null,
      batchSize,
      ...(format ? { format } : {}),
      maxBackwardsMs: tolerance === 'off' ? null : duration('tolerance', tolerance),
      stateThrottleMs: duration('state-throttle', values['state-throttle'] ?? '5s'),
      tombstoneAfterMs: duration('tombstone-after', values['tombstone-after'] ?? '5m'),
      atEnd: values['tombstone-at-end'] ? 'tombstone' : 'keep',
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      speed: { type: 'string' },
      'topic-prefix': { type: 'string' },
      format: { type: 'string' },
      'start-offset': { type: 'string' },
      tolerance: { type: 'string' },
      'batch-size': { type: 'string' },
      'tombstone-after': { type: 'string' },
      'state-throttle': { type: 'string' },
      'tombstone-at-end': { type: 'boolean' },
    },
  });
}
