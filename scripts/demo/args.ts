/** The demo's command line (node:util parseArgs), checked before anything is started. */
import { parseArgs } from 'node:util';
import { DURATION_FORMAT, parseDuration } from '@overfly/config';

export interface DemoArgs {
  /** Exit 0 once this many distinct FINAL crossings were printed; null: run until Ctrl-C. */
  exitAfter: number | null;
  /** With exitAfter: give up (exit 1) after this many ms. */
  timeoutMs: number | null;
  /** Platform only (infra + topics + schemas), as before the services existed. */
  services: boolean;
  help: boolean;
}

export const USAGE = `usage: pnpm demo [--exit-after N] [--timeout 120s] [--no-services]

  --exit-after N   exit 0 once N charges of this run's FINAL crossings were printed (scripts, tests)
  --timeout D      exit 1 if that has not happened within D (e.g. 90s, 5m, 1m30s)
  --no-services    bring up and provision the platform only, start no service

Environment: OPENSKY_CLIENT_ID + OPENSKY_CLIENT_SECRET (or OPENSKY_MODE=mock) switch the
producer to live OpenSky over OPENSKY_BBOX; REPLAY_SPEED (default 60) sets the replay pace.`;

export class UsageError extends Error {}

/** "150s", "2m", "1m30s": the one duration grammar of @overfly/config (a unit is required). */
function timeoutOf(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new UsageError(`--timeout: expected ${DURATION_FORMAT}, got "${text}"`);
  return ms;
}

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  let exitAfter: number | null = null;
  if (values['exit-after'] !== undefined) {
    exitAfter = Number(values['exit-after']);
    if (!Number.isInteger(exitAfter) || exitAfter < 1) {
      throw new UsageError(
        `--exit-after: expected a whole number ≥ 1, got "${values['exit-after']}"`,
      );
    }
  }
  const timeoutMs = values.timeout === undefined ? null : timeoutOf(values.timeout);
  const services = !values['no-services'];
  if (!services && exitAfter !== null) {
    throw new UsageError('--exit-after needs the services: drop --no-services');
  }
  return { exitAfter, timeoutMs, services, help: values.help === true };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      'exit-after': { type: 'string' },
      timeout: { type: 'string' },
      'no-services': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
