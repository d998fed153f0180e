/**
 * flight-producer as `pnpm demo` runs it, for a container (docker-compose.yml runs
 * `overfly-entrypoint demo-producer`):
 * - with OPENSKY_CLIENT_ID and OPENSKY_CLIENT_SECRET, or OPENSKY_MODE=mock: OpenSky live
 *   over OPENSKY_BBOX;
 * - otherwise the recordings of data/trajectories/, re-timed to fly together from now, at
 *   REPLAY_SPEED (default 60), looped.
 * The replay clock (.overfly/demo/clock.json) is saved every 5 s and on exit, so a restart
 * starts after everything an earlier run played: fir-analyser keeps its per-aircraft state
 * and would reject older times as LATE. Blank variables count as unset, as in packages/config.
 * Signals are passed on to the service, which shuts down gracefully; its exit code is ours.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clockCeiling, clockFile, prepareReplay, writeClock } from './demo/samples.js';
import { livePlan, replayPlan } from './demo/services.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const stateDir = `${root}.overfly/demo`;

const env: NodeJS.ProcessEnv = {};
for (const [name, value] of Object.entries(process.env)) if (value?.trim()) env[name] = value;

let saveClock = async () => {};
if (livePlan(env)) {
  env.MODE = 'live';
} else {
  const clock = clockFile(stateDir, env.TOPIC_PREFIX);
  const replay = await prepareReplay(`${root}data/trajectories`, stateDir, clock);
  const { speed } = replayPlan(env, replay.file);
  Object.assign(env, {
    MODE: 'replay',
    REPLAY_FILES: replay.file,
    REPLAY_SPEED: speed,
    REPLAY_LOOP: 'true',
  });
  // "max" has no pace; any large factor keeps the next run's clock safely ahead.
  const pace = speed === 'max' ? 10_000 : Number(speed) || 1;
  const started = Date.now();
  saveClock = () =>
    writeClock(clock, replay.startsAt, Date.now() - started, pace, clockCeiling(env));
  setInterval(() => void saveClock(), 5_000).unref();
  console.log(
    JSON.stringify({
      level: 'info',
      time: new Date().toISOString(),
      service: 'flight-producer',
      msg: 'replaying the bundled recordings, re-timed',
      positions: replay.positions,
      startsAt: new Date(replay.startsAt).toISOString(),
      speed,
    }),
  );
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', `${root}services/flight-producer/src/main.ts`],
  { env, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  void saveClock().finally(() => process.exit(code ?? (signal ? 128 + 15 : 1)));
});
