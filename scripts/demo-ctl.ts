/**
 * pnpm demo:status — the running demo's services: pid, state, restarts, log, and whether
 * the api answers. pnpm demo:stop — stops the running demo as Ctrl-C would (SIGTERM to the
 * demo, which stops its services in order), waits for it, and kills what is left after
 * the deadline. Both read .overfly/demo/status.json, which the demo keeps.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { alive, readStatus, runningDemo, statusFile } from './demo/status-file.js';

const stateDir = fileURLToPath(new URL('../.overfly/demo', import.meta.url));
const file = statusFile(stateDir);
/** The demo's own stop waits 15 s per service at most; give it all that and some. */
const STOP_WAIT_MS = 60_000;

async function status(): Promise<number> {
  const demo = runningDemo(file);
  if (!demo) {
    const last = readStatus(file);
    console.log(
      last?.stoppedAt
        ? `No demo running (the last one stopped at ${last.stoppedAt}).`
        : 'No demo running.',
    );
    return 3;
  }
  console.log(`Demo pid ${demo.pid}, started ${demo.startedAt}; logs in ${demo.logDir}`);
  for (const s of demo.services) {
    const state = s.state === 'running' && !alive(s.pid) ? 'ended' : s.state;
    console.log(
      `  ${s.name.padEnd(22)} pid ${String(s.pid).padEnd(7)} ${state.padEnd(10)} ${s.restarts} restart(s)   ${s.log}`,
    );
  }
  if (demo.apiUrl) {
    const ready = await fetch(`${demo.apiUrl}/health/ready`, { signal: AbortSignal.timeout(3_000) })
      .then((r) => r.ok)
      .catch(() => false);
    console.log(`  api ${demo.apiUrl}/ ${ready ? 'ready' : 'not ready'}`);
  }
  return 0;
}

async function stop(): Promise<number> {
  const demo = runningDemo(file);
  if (!demo) {
    console.log('No demo running.');
    return 0;
  }
  console.log(`Stopping the demo (pid ${demo.pid})…`);
  process.kill(demo.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_WAIT_MS;
  while (alive(demo.pid) && Date.now() < deadline) await sleep(200);
  const left = [demo.pid, ...demo.services.map((s) => s.pid)].filter(alive);
  if (left.length === 0) {
    console.log('Stopped.');
    return 0;
  }
  console.log(`Still running after ${STOP_WAIT_MS / 1000} s: ${left.join(', ')} — SIGKILL`);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return 1;
}

const command = process.argv[2];
if (command !== 'status' && command !== 'stop') {
  console.error('usage: tsx scripts/demo-ctl.ts status|stop   (pnpm demo:status, pnpm demo:stop)');
  process.exit(2);
}
process.exit(command === 'status' ? await status() : await stop());
