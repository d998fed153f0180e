import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { restartDelayMs, Supervisor } from '../../scripts/demo/supervisor.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the demo supervisor', () => {
  it('waits 1 s, then doubles to at most 30 s between restarts of a service that keeps failing', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(restartDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('reports a service that ends by itself, starts it again, and restarts none once stopping', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'overfly-supervisor-'));
    // Fails at once the first time; the second process runs until stopped.
    const marker = path.join(dir, 'ran-once');
    const entry = path.join(dir, 'service.mjs');
    writeFileSync(
      entry,
      `import { existsSync, writeFileSync } from 'node:fs';
if (!existsSync(${JSON.stringify(marker)})) { writeFileSync(${JSON.stringify(marker)}, 'x'); process.exit(3); }
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);`,
    );
    const lines: string[] = [];
    let changes = 0;
    const supervisor = new Supervisor(
      root,
      dir,
      (l) => lines.push(l),
      () => changes++,
    );
    const first = supervisor.start({ name: 'flaky', entry, env: {} });
    await expect
      .poll(() => supervisor.status()[0]?.restarts, { timeout: 10_000, interval: 100 })
      .toBe(1);
    const second = supervisor.current('flaky');
    expect(second?.pid).not.toBe(first.pid);
    expect(lines[0]).toMatch(
      new RegExp(`^flaky \\(pid ${first.pid}\\) ended: exit 3 after [\\d.]+ s — restarting in 1 s`),
    );
    expect(lines[1]).toBe(`flaky restarted (pid ${second?.pid}, restart 1)`);
    expect(supervisor.status()[0]).toMatchObject({ name: 'flaky', state: 'running', restarts: 1 });

    await supervisor.stopAll(5_000);
    expect(lines).toContain(`  flaky (pid ${second?.pid}) stopped`);
    expect(supervisor.status()[0]?.state).toBe('stopped');
    // Stopped for good: nothing comes back.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(supervisor.current('flaky')?.pid).toBe(second?.pid);
    expect(changes).toBeGreaterThanOrEqual(4);
  });
});
