import { describe, expect, it } from 'vitest';
import { parseDoctorArgs } from '../../scripts/doctor/args.js';
import { formatResult, formatSummary, grouped, jsonReport } from '../../scripts/doctor/format.js';
import { runChecks } from '../../scripts/doctor/run.js';
import type { Check, CheckResult, DoctorContext } from '../../scripts/doctor/types.js';
import { errorLine, exitCodeOf, worstOf } from '../../scripts/doctor/verdict.js';

const result = (over: Partial<CheckResult>): CheckResult => ({
  name: 'broker',
  title: 'Kafka broker',
  status: 'pass',
  durationMs: 3,
  findings: [],
  ...over,
});

describe('doctor: verdicts', () => {
  it('a check is as bad as its worst finding; warnings and skips do not fail the run', () => {
    expect(worstOf([])).toBe('pass');
    expect(worstOf([{ status: 'pass' }, { status: 'warn' }])).toBe('warn');
    expect(worstOf([{ status: 'skip' }, { status: 'fail' }, { status: 'warn' }])).toBe('fail');
    expect(exitCodeOf([result({ status: 'warn' }), result({ status: 'skip' })])).toBe(0);
    expect(exitCodeOf([result({ status: 'pass' }), result({ status: 'fail' })])).toBe(1);
  });

  it('turns an error into one line, with what its causes add and no stack', () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:8081');
    const fetchFailed = new TypeError('fetch failed', { cause: refused });
    const ours = new Error('GET /subjects: the registry did not answer', { cause: fetchFailed });
    expect(errorLine(ours)).toBe(
      'GET /subjects: the registry did not answer: fetch failed: connect ECONNREFUSED 127.0.0.1:8081',
    );
    expect(errorLine(new Error('\nfirst\n    at x (file.ts:1:1)'))).toBe('first');
    expect(errorLine('a string')).toBe('a string');
  });
});

describe('doctor: text and JSON', () => {
  const failing = result({
    status: 'fail',
    findings: [
      { status: 'pass', subject: 'a', detail: 'fine', advice: 'not shown for a pass' },
      { status: 'fail', subject: 'b', detail: 'broken', advice: 'run pnpm provision' },
      { status: 'warn', subject: 'c', detail: 'odd' },
    ],
  });

  it('prints ✓ ! ✗ with the advice under the line it is for', () => {
    expect(formatResult(failing)).toEqual([
      'Kafka broker',
      '  ✓ a: fine',
      '  ✗ b: broken',
      '    → run pnpm provision',
      '  ! c: odd',
    ]);
  });

  it('sums up the checks', () => {
    expect(formatSummary([result({}), failing, result({ status: 'warn' })])).toBe(
      '3 checks: 1 passed, 1 with warnings, 1 failed',
    );
    expect(formatSummary([result({})])).toBe('1 check: 1 passed');
  });

  it('reports JSON with ok, the endpoints and every finding', () => {
    const report = JSON.parse(
      jsonReport([failing], { endpoints: { KAFKA_BROKERS: 'x' }, timeoutMs: 5000, maxLag: 10 }),
    );
    expect(report).toMatchObject({ ok: false, timeoutMs: 5000, maxLag: 10 });
    expect(report.checks[0].findings[1]).toEqual(failing.findings[1]);
  });

  it('groups big numbers', () => {
    expect(grouped(12345)).toBe('12,345');
    expect(grouped(10n ** 12n)).toBe('1,000,000,000,000');
  });
});

describe('doctor: command line', () => {
  it('defaults to every check, 5 s each and a lag of 10,000', () => {
    expect(parseDoctorArgs([])).toEqual({
      json: false,
      timeoutMs: 5000,
      only: ['toolchain', 'ports', 'broker', 'registry', 'postgres', 'topics', 'lag'],
      maxLag: 10_000,
      help: false,
    });
  });

  it('reads --json, --timeout as a duration, --only in check order, --max-lag', () => {
    expect(
      parseDoctorArgs([
        '--json',
        '--timeout',
        '1500ms',
        '--only',
        'topics,broker',
        '--only',
        'lag',
        '--max-lag',
        '50_000',
      ]),
    ).toEqual({
      json: true,
      timeoutMs: 1500,
      only: ['broker', 'topics', 'lag'],
      maxLag: 50_000,
      help: false,
    });
  });

  it('refuses what it cannot read, naming the option', () => {
    expect(() => parseDoctorArgs(['--timeout', '5000'])).toThrow(
      '--timeout: expected a duration like 250ms, 10s, 5m, 1h30m (a unit is required), got "5000"',
    );
    expect(() => parseDoctorArgs(['--only', 'brokers'])).toThrow('--only: unknown check "brokers"');
    expect(() => parseDoctorArgs(['--max-lag', 'many'])).toThrow(
      '--max-lag: expected a whole number',
    );
    expect(() => parseDoctorArgs(['--fast'])).toThrow(/--fast/);
  });
});

describe('doctor: running checks', () => {
  const ctx: Omit<DoctorContext, 'onClose'> = {
    env: {},
    services: { groups: [], migrations: [] },
    brokers: ['127.0.0.1:1'],
    registryUrl: 'http://127.0.0.1:1',
    databaseUrl: 'postgres://x@127.0.0.1:1/x',
    topicPrefix: '',
    timeoutMs: 200,
    maxLag: 10,
  };
  const check = (over: Partial<Check>): Check => ({
    name: 'broker',
    title: 'Kafka broker',
    target: (c) => c.brokers.join(','),
    advice: () => 'run pnpm infra:up',
    run: async () => [{ status: 'pass', subject: 'x', detail: 'ok' }],
    ...over,
  });

  it('fails a hung check after the timeout, with its advice, and still closes what it opened', async () => {
    let closed = false;
    const started = Date.now();
    const [hung] = await runChecks(
      [
        check({
          run: (c) => {
            c.onClose(() => {
              closed = true;
            });
            return new Promise(() => undefined);
          },
        }),
      ],
      ctx,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(hung?.findings).toEqual([
      {
        status: 'fail',
        subject: '127.0.0.1:1',
        detail: 'did not answer within 200 ms',
        advice: 'run pnpm infra:up',
      },
    ]);
    expect(closed).toBe(true);
  });

  it('does not wait for a close that hangs', async () => {
    const started = Date.now();
    await runChecks(
      [
        check({
          run: async (c) => {
            c.onClose(() => new Promise(() => {}));
            return [];
          },
        }),
      ],
      ctx,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('turns a throw into one failing line, and skips the checks that need a failed one', async () => {
    const results = await runChecks(
      [
        check({ run: () => Promise.reject(new Error('Connection error: connect ECONNREFUSED')) }),
        check({ name: 'topics', title: 'Topics', needs: 'broker' }),
        check({ name: 'registry', title: 'Schema registry' }),
      ],
      ctx,
    );
    expect(results.map((r) => r.status)).toEqual(['fail', 'skip', 'pass']);
    expect(results[0]?.findings[0]?.detail).toBe('Connection error: connect ECONNREFUSED');
    expect(results[1]?.findings[0]?.detail).toBe('skipped: the broker check failed');
  });
});
