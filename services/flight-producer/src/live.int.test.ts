import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@overfly/config';
import { createLogger, createMetrics } from '@overfly/observability';
import { openTrajectory } from '@overfly/trajectories';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { configSchema } from './config.js';
import { runLive } from './live/mode.js';

describe('live mode on simulated OpenSky traffic, recording as it goes', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;

  beforeAll(async () => {
    ctx = await isolatedRuntime('live');
  });

  it('publishes positions, and records them in a JSONL file the replay reader reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overfly-live-'));
    const config = loadConfig(configSchema, {
      OPENSKY_MODE: 'mock',
      // The simulated fleet flies over all of Europe; a small box may hold no aircraft.
      OPENSKY_BBOX: '35,-10,60,30',
      POLL_INTERVAL: '300ms',
      RECORD_DIR: dir,
    });
    const metrics = createMetrics({ service: 'test-live', instance: 'i', collectDefaults: false });
    const published = metrics.counter('overfly_positions_published_total', 'x', ['source']);
    const controller = new AbortController();
    const running = runLive(config, {
      runtime: ctx.runtime,
      logger: createLogger({
        service: 'test-live',
        level: process.env.TEST_LOG ? 'debug' : 'silent',
      }),
      metrics,
      signal: controller.signal,
    });
    await waitFor(async () => ((await published.get()).values[0]?.value ?? 0) > 0, {
      timeoutMs: 30_000,
      message: 'positions published from the simulated feed',
    });
    controller.abort();
    await running;

    const [file] = readdirSync(dir);
    expect(file).toMatch(/^positions-\d{4}-\d{2}-\d{2}T\d{2}\.jsonl$/);
    const trajectory = await openTrajectory(join(dir, file ?? ''));
    let rows = 0;
    for await (const row of trajectory.rows()) {
      expect(row.ok).toBe(true);
      rows += 1;
    }
    expect(rows).toBe((await published.get()).values[0]?.value);
  });
});
