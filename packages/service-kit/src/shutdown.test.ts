import type { LoggerLike } from '@overfly/kafka';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installGracefulShutdown, type ShutdownOptions } from './shutdown.js';

// A signal nobody else in the test process listens to; emitted with process.emit, so no
// real signal is ever sent.
const SIGNAL = 'SIGUSR2';

const removeListeners: Array<() => void> = [];

afterEach(() => {
  for (const remove of removeListeners.splice(0)) remove();
  vi.useRealTimers();
});

interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

function recordingLogger(lines: LogLine[]): LoggerLike {
  const logger: LoggerLike = {
    debug: (obj, msg) => lines.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
    child: () => logger,
  };
  return logger;
}

/** Installs with an injected exit and SIGNAL only; the listeners it adds go after the test. */
function install(
  steps: ShutdownOptions['steps'],
  options: Partial<ShutdownOptions> = {},
): { shutdown: () => Promise<void>; exits: number[]; events: string[]; log: LogLine[] } {
  const signals = options.signals ?? [SIGNAL];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const exits: number[] = [];
  const events: string[] = [];
  const log: LogLine[] = [];
  const shutdown = installGracefulShutdown({
    steps,
    deadlineMs: 10_000,
    logger: recordingLogger(log),
    exit: (code) => {
      exits.push(code);
      events.push(`exit ${code}`);
    },
    signals,
    ...options,
  });
  for (const signal of signals) {
    const added = process.listeners(signal).filter((l) => !before.get(signal)?.has(l));
    removeListeners.push(() => {
      for (const listener of added) process.off(signal, listener);
    });
  }
  return { shutdown, exits, events, log };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A step that records when it starts and ends, and yields to the event loop in between. */
function step(name: string, events: string[]): ShutdownOptions['steps'][number] {
  return {
    name,
    close: async () => {
      events.push(`${name} start`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`${name} end`);
    },
  };
}

describe('installGracefulShutdown', () => {
  it('on the signal closes the steps one after another, in order, then exits 0', async () => {
    const events: string[] = [];
    const installed = install([
      step('consumer', events),
      step('producer', events),
      step('pool', events),
    ]);
    expect(installed.exits).toEqual([]);

    process.emit(SIGNAL);
    await vi.waitFor(() => expect(installed.exits).toEqual([0]));
    expect([...events, ...installed.events]).toEqual([
      'consumer start',
      'consumer end',
      'producer start',
      'producer end',
      'pool start',
      'pool end',
      'exit 0',
    ]);
  });

  it('runs the later steps when one fails, logs the failed one and exits 1', async () => {
    const events: string[] = [];
    const installed = install([
      step('consumer', events),
      {
        name: 'producer',
        close: async () => {
          throw new Error('broker gone');
        },
      },
      step('pool', events),
    ]);

    process.emit(SIGNAL);
    await vi.waitFor(() => expect(installed.exits).toEqual([1]));
    expect(events).toEqual(['consumer start', 'consumer end', 'pool start', 'pool end']);
    expect(installed.log).toContainEqual({
      level: 'error',
      obj: { step: 'producer', error: 'Error: broker gone' },
      msg: 'shutdown step failed',
    });
  });

  it('exits 1 when the deadline passes with a step hanging, naming that step', async () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const hang = deferred();
    const installed = install(
      [
        step('consumer', events),
        { name: 'producer', close: () => hang.promise },
        step('pool', events),
      ],
      { deadlineMs: 5_000 },
    );

    void installed.shutdown();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(installed.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(installed.exits).toEqual([1]);
    expect(installed.log).toContainEqual({
      level: 'error',
      obj: { step: 'producer', deadlineMs: 5_000 },
      msg: 'shutdown deadline passed while closing producer',
    });
    hang.resolve();
  });

  it('does not fire the deadline when the steps finish in time', async () => {
    vi.useFakeTimers();
    const installed = install([{ name: 'quick', close: async () => {} }], { deadlineMs: 5_000 });
    await installed.shutdown();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(installed.exits).toEqual([0]);
  });

  it('exits 130 at once on a second signal while the steps still run', async () => {
    const hang = deferred();
    const installed = install([{ name: 'consumer', close: () => hang.promise }]);

    process.emit(SIGNAL);
    expect(installed.exits).toEqual([]);
    process.emit(SIGNAL);
    expect(installed.exits).toEqual([130]);
    expect(installed.log.some((line) => line.level === 'warn')).toBe(true);

    hang.resolve();
    await installed.shutdown();
  });

  it('returns a function that runs the same shutdown, once however often it is called', async () => {
    let closes = 0;
    const installed = install([{ name: 'consumer', close: async () => void closes++ }]);

    const first = installed.shutdown();
    const second = installed.shutdown();
    expect(second).toBe(first);
    await first;
    await installed.shutdown();
    expect(closes).toBe(1);
    expect(installed.exits).toEqual([0]);

    // A signal after a programmatic shutdown counts as the second one.
    process.emit(SIGNAL);
    expect(installed.exits).toEqual([0, 130]);
    expect(closes).toBe(1);
  });

  it('listens to SIGTERM and SIGINT when no signals are given', () => {
    const defaults = ['SIGTERM', 'SIGINT'] as const;
    const before = new Map(defaults.map((s) => [s, new Set(process.listeners(s))]));
    installGracefulShutdown({ steps: [], deadlineMs: 1_000, exit: () => {} });
    for (const signal of defaults) {
      const added = process.listeners(signal).filter((l) => !before.get(signal)?.has(l));
      removeListeners.push(() => {
        for (const listener of added) process.off(signal, listener);
      });
      expect(added, signal).toHaveLength(1);
    }
  });
});
