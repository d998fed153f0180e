// `pnpm overfly scenario` arguments → what to do, checked before anything touches Kafka.
import { parseArgs } from 'node:util';

export const usage = `usage: pnpm overfly scenario start <scenario> [--speed N|max] [--seed N] [--start ISO|now] [--topic-prefix P]
       pnpm overfly scenario stop [--topic-prefix P]
       pnpm overfly scenario status [--json] [--topic-prefix P]`;

export type ScenarioRequest =
  | {
      action: 'start';
      scenario: string;
      /** Simulated time per wall time, or 'max'. */
      speed: number | 'max';
      seed: number | undefined;
      /** Epoch ms, or 'now' (the time the command is sent). */
      start: number | 'now';
      topicPrefix: string | undefined;
    }
  | { action: 'stop'; topicPrefix: string | undefined }
  | { action: 'status'; json: boolean; topicPrefix: string | undefined }
  | { action: 'help' };

/** The default speed: an 8-hour day in 48 minutes, as ops-feed's OPS_FEED_SPEED. */
export const DEFAULT_SPEED = 10;

/** Throws an Error whose message says what is wrong (the caller prints it with the usage). */
export function parseScenarioArgs(argv: readonly string[]): ScenarioRequest {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      speed: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      json: { type: 'boolean', default: false },
      'topic-prefix': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) return { action: 'help' };
  const topicPrefix = values['topic-prefix'];
  const only = (allowed: string[]) => {
    for (const flag of ['speed', 'seed', 'start', 'json'] as const) {
      const given = flag === 'json' ? values.json : values[flag] !== undefined;
      if (given && !allowed.includes(flag))
        throw new Error(`--${flag} is not an option of ${action}`);
    }
  };
  switch (action) {
    case 'start': {
      only(['speed', 'seed', 'start']);
      if (rest.length !== 1) throw new Error('start takes one scenario: a built-in name or a path');
      return {
        action: 'start',
        scenario: rest[0]!,
        speed: parseSpeed(values.speed),
        seed: parseSeed(values.seed),
        start: parseStart(values.start),
        topicPrefix,
      };
    }
    case 'stop':
    case 'status':
      only(action === 'status' ? ['json'] : []);
      if (rest.length > 0) throw new Error(`${action} takes no argument, got ${rest.join(' ')}`);
      return action === 'stop'
        ? { action, topicPrefix }
        : { action, json: values.json ?? false, topicPrefix };
    default:
      throw new Error(`unknown subcommand "${action}": start, stop or status`);
  }
}

function parseSpeed(raw: string | undefined): number | 'max' {
  if (raw === undefined) return DEFAULT_SPEED;
  const text = raw.trim().toLowerCase();
  if (text === 'max') return 'max';
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value <= 0)
    throw new Error(`--speed: expected a number > 0 or max, got "${raw}"`);
  return value;
}

function parseSeed(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > 4_294_967_295)
    throw new Error(`--seed: expected an integer 0–4294967295, got "${raw}"`);
  return value;
}

function parseStart(raw: string | undefined): number | 'now' {
  if (raw === undefined || raw.trim().toLowerCase() === 'now') return 'now';
  const text = raw.trim();
  const ms = Date.parse(text);
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(text) || !Number.isFinite(ms))
    throw new Error(
      `--start: expected an ISO 8601 time with its zone, like 2024-09-17T06:00:00Z, or now; got "${raw}"`,
    );
  return ms;
}
