import { createLogger } from '@overfly/observability';
import type { ScenarioControl } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { createScenarioController, type ScenarioRun } from './scenario-control.js';

const logger = createLogger({ service: 'test', level: 'silent' });

const record = (commandId: string, over: Partial<ScenarioControl> = {}): ScenarioControl => ({
  commandId,
  action: 'START',
  scenario: 'network-normal',
  seed: null,
  startTime: 0,
  speed: 10,
  issuedAt: 0,
  issuedBy: 'test',
  ...over,
});

/** A controller over fake runs that write what happens to `log`. */
function harness() {
  const log: string[] = [];
  const runs = new Map<string, { finish(): void }>();
  const controller = createScenarioController<string>({
    logger,
    prepare(r) {
      if (r.action === 'STOP') return 'stop';
      if (r.scenario === 'nope') {
        throw Object.assign(new Error('no such scenario'), { code: 'SCENARIOS_NOT_FOUND' });
      }
      return r.scenario ?? '';
    },
    start(scenario, r): ScenarioRun {
      log.push(`start ${scenario} (${r.commandId})`);
      let finish = () => {};
      const ended = new Promise<void>((resolve) => {
        finish = resolve;
      });
      runs.set(r.commandId, { finish });
      return {
        ended,
        async stop() {
          log.push(`stop ${scenario}`);
          finish();
        },
      };
    },
  });
  return { controller, log, runs };
}

describe('createScenarioController', () => {
  it('starts, switches (the old run stopped first) and stops', async () => {
    const { controller, log } = harness();
    expect(await controller.apply(record('1', { scenario: 'x' }))).toEqual({ kind: 'started' });
    expect(controller.status()).toEqual({ commandId: '1', state: 'running' });
    expect(await controller.apply(record('2', { scenario: 'y' }))).toEqual({ kind: 'switched' });
    expect(await controller.apply(record('3', { action: 'STOP' }))).toEqual({ kind: 'stopped' });
    expect(log).toEqual(['start x (1)', 'stop x', 'start y (2)', 'stop y']);
    expect(controller.status()).toEqual({ commandId: '3', state: 'idle' });
  });

  it('ignores a record it already applied (at-least-once delivery)', async () => {
    const { controller, log } = harness();
    await controller.apply(record('1', { scenario: 'x' }));
    expect(await controller.apply(record('1', { scenario: 'x' }))).toEqual({ kind: 'duplicate' });
    expect(log).toEqual(['start x (1)']);
  });

  it('refuses a command that does not prepare, and keeps running what ran', async () => {
    const { controller, log } = harness();
    await controller.apply(record('1', { scenario: 'x' }));
    expect(await controller.apply(record('2', { scenario: 'nope' }))).toEqual({
      kind: 'refused',
      code: 'SCENARIOS_NOT_FOUND',
      message: 'no such scenario',
    });
    expect(log).toEqual(['start x (1)']);
    expect(controller.status()).toEqual({ commandId: '1', state: 'running' });
  });

  it('does not stop a run that has finished by itself, and says it finished', async () => {
    const { controller, log, runs } = harness();
    await controller.apply(record('1', { scenario: 'x' }));
    runs.get('1')?.finish();
    await Promise.resolve();
    expect(controller.status().state).toBe('finished');
    expect(await controller.apply(record('2', { scenario: 'y' }))).toEqual({ kind: 'started' });
    expect(log).toEqual(['start x (1)', 'start y (2)']);
  });

  it('at start-up applies the latest record that prepares, or says there is none', async () => {
    const h = harness();
    const history = [record('1', { scenario: 'x' }), record('2', { scenario: 'y' })];
    expect(await h.controller.applyLatest([...history, record('3', { scenario: 'nope' })])).toBe(
      true,
    );
    expect(h.log).toEqual(['start y (2)']);
    const none = harness();
    expect(await none.controller.applyLatest([])).toBe(false);
    expect(await none.controller.applyLatest([record('9', { scenario: 'nope' })])).toBe(false);
    const stopped = harness();
    expect(
      await stopped.controller.applyLatest([...history, record('3', { action: 'STOP' })]),
    ).toBe(true);
    expect(stopped.log).toEqual([]);
    expect(stopped.controller.status()).toEqual({ commandId: '3', state: 'idle' });
  });

  it('stops an adopted run (the environment’s scenario) on the first command', async () => {
    const { controller, log } = harness();
    controller.adopt({
      ended: new Promise(() => {}),
      async stop() {
        log.push('stop env');
      },
    });
    expect(controller.status()).toEqual({ commandId: null, state: 'running' });
    expect(await controller.apply(record('1', { scenario: 'x' }))).toEqual({ kind: 'switched' });
    expect(log).toEqual(['stop env', 'start x (1)']);
  });

  it('after close stops what runs and ignores every record', async () => {
    const { controller, log } = harness();
    await controller.apply(record('1', { scenario: 'x' }));
    await controller.close();
    expect(await controller.apply(record('2', { scenario: 'y' }))).toEqual({ kind: 'closed' });
    expect(log).toEqual(['start x (1)', 'stop x']);
  });
});
