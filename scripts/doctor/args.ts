/** `pnpm run doctor`'s command line (node:util parseArgs). */
import { parseArgs } from 'node:util';
import { DURATION_FORMAT, parseDuration } from '@overfly/config';
import { CHECK_NAMES, type CheckName } from './types.js';

export interface DoctorArgs {
  json: boolean;
  timeoutMs: number;
  only: CheckName[];
  maxLag: number;
  help: boolean;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_LAG = 10_000;

export const USAGE = `usage: pnpm run doctor [--json] [--timeout 5s] [--only names] [--max-lag N]

Checks, in order: ${CHECK_NAMES.join(', ')}.
Each line is ✓ (fine), ! (a warning: does not fail the run) or ✗ (fails it), with what
to do under it. Exit code 0 when nothing failed, 1 otherwise, 2 for a bad command line.

  --json          the report as JSON on stdout (nothing else is printed there)
  --timeout D     how long each check may take (default 5s; e.g. 2s, 1500ms)
  --only names    only these checks, comma-separated (e.g. --only broker,topics)
  --max-lag N     records a consumer group may be behind per topic (default 10000)

Reads KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL, TOPIC_PREFIX and OVERFLY_*_PORT as
the services do.`;

export class UsageError extends Error {}

function onlyOf(values: readonly string[]): CheckName[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(CHECK_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--only: unknown check "${name}" (expected ${CHECK_NAMES.join(', ')})`);
    }
  }
  if (names.length === 0) throw new UsageError('--only: name at least one check');
  return CHECK_NAMES.filter((name) => names.includes(name));
}

export function parseDoctorArgs(argv: readonly string[]): DoctorArgs {
  let values: {
    json?: boolean;
    timeout?: string;
    only?: string[];
    'max-lag'?: string;
    help?: boolean;
  };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        json: { type: 'boolean' },
        timeout: { type: 'string' },
        only: { type: 'string', multiple: true },
        'max-lag': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (values.timeout !== undefined) {
    const ms = parseDuration(values.timeout);
    if (ms === null || ms <= 0) {
      throw new UsageError(`--timeout: expected ${DURATION_FORMAT}, got "${values.timeout}"`);
    }
    timeoutMs = ms;
  }
  let maxLag = DEFAULT_MAX_LAG;
  if (values['max-lag'] !== undefined) {
    const text = values['max-lag'].replaceAll('_', '');
    maxLag = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(maxLag)) {
      throw new UsageError(`--max-lag: expected a whole number ≥ 0, got "${values['max-lag']}"`);
    }
  }
  return {
    json: values.json === true,
    timeoutMs,
    only: values.only === undefined ? [...CHECK_NAMES] : onlyOf(values.only),
    maxLag,
    help: values.help === true,
  };
}
