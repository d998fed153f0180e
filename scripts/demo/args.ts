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
  /** Where the api serves the web page and REST: --api-port, else API_PORT, else 3000; 0 picks a free port. */
  apiPort: number;
  help: boolean;
}

export const USAGE = `usage: pnpm demo [--exit-after N] [--timeout 120s] [--api-port N] [--no-services]

  --exit-after N   exit 0 once N charges of this run's FINAL crossings were printed (scripts, tests)
  --timeout D      exit 1 if that has not happened within D (e.g. 90s, 5m, 1m30s)
  --api-port N     the api (the web page at /, REST at /v1, /docs) on port N; 0 picks a free one
                   (default: API_PORT, else 3000; the demo stops at once if it is taken)
  --no-services    bring up and provision the platform only, start no service

Environment: OPENSKY_CLIENT_ID + OPENSKY_CLIENT_SECRET (or OPENSKY_MODE=mock) switch the
producer to live OpenSky over OPENSKY_BBOX; REPLAY_SPEED (default 60) sets the replay pace;
API_PORT the api's port (as --api-port); API_WEB_DIR a page built elsewhere, served as it is
(else the demo builds services/web into services/web/dist when its sources changed).

Ctrl-C (or pnpm demo:stop) stops the services; pnpm demo:status lists them.`;

export class UsageError extends Error {}

/** "150s", "2m", "1m30s": the one duration grammar of @overfly/config (a unit is required). */
function timeoutOf(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new UsageError(`--timeout: expected ${DURATION_FORMAT}, got "${text}"`);
  return ms;
}

/** The api's port when neither --api-port nor API_PORT names one. */
const DEFAULT_API_PORT = 3000;

/** A TCP port, 0 meaning any free one. */
function portOf(text: string, what = '--api-port'): number {
  const port = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535)
    throw new UsageError(`${what}: expected a port 0-65535 (0: any free one), got "${text}"`);
  return port;
}

export function parseDemoArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): DemoArgs {
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
  if (!services && values['api-port'] !== undefined) {
    throw new UsageError('--api-port needs the services: drop --no-services');
  }
  const apiPort =
    values['api-port'] !== undefined
      ? portOf(values['api-port'])
      : services && env.API_PORT?.trim()
        ? portOf(env.API_PORT, 'API_PORT')
        : DEFAULT_API_PORT;
  return { exitAfter, timeoutMs, services, apiPort, help: values.help === true };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      'exit-after': { type: 'string' },
      timeout: { type: 'string' },
      'api-port': { type: 'string' },
      'no-services': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
