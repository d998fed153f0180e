import { parseArgs } from 'node:util';
import { ConfigError, commonConfig, defineConfig, loadToolConfig } from '@overfly/config';
import { replayConfig, stateConfig } from '../config.js';
import { replayOptionsFrom } from '../replay/mode.js';
import type { ReplayOptions } from '../replay/run-replay.js';

export const USAGE = `usage: replay <file...> [--speed 1|10|max] [--topic-prefix P] [--format F]
                     [--start-offset 30m] [--order time|file] [--tolerance 60s|off]
                     [--batch-size 500]
                     [--tombstone-after 5m] [--state-throttle 5s] [--tombstone-at-end]`;

export interface ReplayCliArgs {
  options: ReplayOptions;
  topicPrefix: string;
}

export class UsageError extends Error {}

const replayToolSchema = defineConfig({
  TOPIC_PREFIX: commonConfig.TOPIC_PREFIX,
  ...replayConfig,
  ...stateConfig,
});

/**
 * A one-shot replay plays its files once, as fast as Kafka takes them, and leaves the last
 * states on flights.state: where its defaults differ from the service's. The environment
 * (the service's variables) beats these, and a flag beats both.
 */
const ONE_SHOT_DEFAULTS = {
  REPLAY_SPEED: 'max',
  REPLAY_LOOP: 'false',
  REPLAY_MAX_GAP: '0s',
  REPLAY_AT_END: 'keep',
};

/** Command-line arguments → replay options, through the service's own variables. */
export function parseReplayArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ReplayCliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('no file to replay');
  try {
    const config = loadToolConfig(
      replayToolSchema,
      {
        TOPIC_PREFIX: { flag: '--topic-prefix', value: values['topic-prefix'] },
        REPLAY_SPEED: { flag: '--speed', value: values.speed },
        REPLAY_FORMAT: { flag: '--format', value: values.format },
        REPLAY_START_OFFSET: { flag: '--start-offset', value: values['start-offset'] },
        REPLAY_ORDER: { flag: '--order', value: values.order },
        REPLAY_TIME_TOLERANCE: { flag: '--tolerance', value: values.tolerance },
        REPLAY_BATCH_SIZE: { flag: '--batch-size', value: values['batch-size'] },
        REPLAY_AT_END: {
          flag: '--tombstone-at-end',
          value: values['tombstone-at-end'] ? 'tombstone' : undefined,
        },
        STATE_TOMBSTONE_AFTER: { flag: '--tombstone-after', value: values['tombstone-after'] },
        STATE_THROTTLE: { flag: '--state-throttle', value: values['state-throttle'] },
      },
      { env, defaults: ONE_SHOT_DEFAULTS },
    );
    // The files are the arguments (a path may hold a comma, which REPLAY_FILES splits on).
    const options = { ...replayOptionsFrom(config), files: positionals };
    return { topicPrefix: config.TOPIC_PREFIX, options };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
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
      order: { type: 'string' },
      tolerance: { type: 'string' },
      'batch-size': { type: 'string' },
      'tombstone-after': { type: 'string' },
      'state-throttle': { type: 'string' },
      'tombstone-at-end': { type: 'boolean' },
    },
  });
}
