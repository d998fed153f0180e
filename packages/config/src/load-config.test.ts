import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMON_DEFAULTS, commonConfig } from './common-config.js';
import { ConfigError } from './errors.js';
import { bool, brokers, csv, duration, enumOf, int, port, secret, url } from './fields.js';
import { defineConfig, loadConfig } from './load-config.js';

function problems(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const service = defineConfig({ ...commonConfig, HTTP_PORT: port() });

describe('loadConfig', () => {
  it('stops start-up naming a missing required variable', () => {
    const error = problems(() => loadConfig(service, {}));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.retriable).toBe(false);
    expect(error.message).toBe('Invalid configuration: HTTP_PORT: required but not set');
    expect(error.issues).toEqual([{ variable: 'HTTP_PORT', problem: 'required but not set' }]);
  });

  it('treats a blank variable as unset', () => {
    const error = problems(() => loadConfig(service, { HTTP_PORT: '  ' }));
    expect(error.issues[0]?.problem).toBe('required but not set');
  });

  it('names a malformed port with the value it got', () => {
    const error = problems(() => loadConfig(service, { HTTP_PORT: '99999' }));
    expect(error.message).toBe(
      'Invalid configuration: HTTP_PORT: expected a TCP port 1-65535, got "99999"',
    );
  });

  it('names malformed brokers as in the design example', () => {
    const error = problems(() =>
      loadConfig(service, { HTTP_PORT: '8080', KAFKA_BROKERS: 'localhost' }),
    );
    expect(error.message).toBe(
      'Invalid configuration: KAFKA_BROKERS: expected host:port[,host:port…], got "localhost"',
    );
  });

  it('names a malformed url and a malformed duration', () => {
    const error = problems(() =>
      loadConfig(service, {
        HTTP_PORT: '8080',
        SCHEMA_REGISTRY_URL: 'registry:8081',
        SHUTDOWN_TIMEOUT: '10 parsecs',
      }),
    );
    expect(error.issues.map((issue) => issue.variable)).toEqual([
      'SCHEMA_REGISTRY_URL',
      'SHUTDOWN_TIMEOUT',
    ]);
    expect(error.message).toContain('SCHEMA_REGISTRY_URL: expected a http/https URL');
    expect(error.message).toContain('got "registry:8081"');
    expect(error.message).toContain('SHUTDOWN_TIMEOUT: expected a duration');
    expect(error.message).toContain('got "10 parsecs"');
  });

  it('reports every problem at once, not just the first', () => {
    const error = problems(() =>
      loadConfig(service, { KAFKA_BROKERS: 'kafka', METRICS_PORT: '-1', LOG_LEVEL: 'loud' }),
    );
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'HTTP_PORT',
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'METRICS_PORT',
    ]);
    expect(error.message).toMatch(/^Invalid configuration \(4 problems\):\n {2}- /);
  });

  it('never echoes a secret, nor a password inside a URL', () => {
    const schema = defineConfig({
      OPENSKY_CLIENT_SECRET: secret(),
      WEBHOOK_KEY: secret().refine((value) => value.length > 20, 'expected 20+ characters'),
      SMTP_PASSWORD: z.string().min(12),
      DATABASE_URL: url({ protocols: ['postgres'] }),
    });
    const error = problems(() =>
      loadConfig(schema, {
        WEBHOOK_KEY: 'hunter2',
        SMTP_PASSWORD: 'hunter3',
        DATABASE_URL: 'mysql://app:hunter4@db/overfly',
      }),
    );
    expect(error.issues).toEqual([
      { variable: 'OPENSKY_CLIENT_SECRET', problem: 'required but not set' },
      { variable: 'WEBHOOK_KEY', problem: 'expected 20+ characters' },
      { variable: 'SMTP_PASSWORD', problem: expect.stringContaining('at least 12') },
      {
        variable: 'DATABASE_URL',
        problem: 'expected a postgres URL like postgres://host:port/path',
        received: '"mysql://app:***@db/overfly"',
      },
    ]);
    expect(error.message).not.toMatch(/hunter/);
  });

  it('returns a deep-frozen object that throws when assigned', () => {
    const config = loadConfig(service, { HTTP_PORT: '8080', KAFKA_BROKERS: 'a:1,b:2' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
    // ES modules run in strict mode, where writing to a frozen object throws.
    expect(() => {
      (config as { HTTP_PORT: number }).HTTP_PORT = 1;
    }).toThrow(TypeError);
    expect(() => (config.KAFKA_BROKERS as string[]).push('c:3')).toThrow(TypeError);
  });

  it('applies the local-demo defaults', () => {
    const config = loadConfig(service, { HTTP_PORT: '8080' });
    expect(config).toMatchObject({
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      SCHEMA_REGISTRY_URL: COMMON_DEFAULTS.SCHEMA_REGISTRY_URL,
      DATABASE_URL: 'postgres://overfly:overfly@127.0.0.1:5432/overfly',
      METRICS_PUBLISH_INTERVAL: 15_000,
      SHUTDOWN_TIMEOUT: 10_000,
    });
    expect(config.METRICS_PORT).toBeUndefined();
    expect(config.KAFKA_CLIENT_ID).toBeUndefined();
  });

  it('derives local defaults from the ports infra chose', () => {
    const config = loadConfig(service, {
      HTTP_PORT: '8080',
      OVERFLY_KAFKA_PORT: '19092',
      OVERFLY_REGISTRY_PORT: '18081',
      OVERFLY_POSTGRES_PORT: '15432',
    });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092']);
    expect(config.SCHEMA_REGISTRY_URL).toBe('http://127.0.0.1:18081/apis/ccompat/v7');
    expect(config.DATABASE_URL).toBe('postgres://overfly:overfly@127.0.0.1:15432/overfly');
  });

  it('prefers an explicit variable over a derived default', () => {
    const config = loadConfig(service, {
      HTTP_PORT: '8080',
      OVERFLY_KAFKA_PORT: '19092',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
    });
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
  });

  it('says which variable a bad derived default came from', () => {
    const error = problems(() =>
      loadConfig(service, { HTTP_PORT: '8080', OVERFLY_KAFKA_PORT: 'nine' }),
    );
    expect(error.message).toContain('OVERFLY_KAFKA_PORT: expected a TCP port');
    expect(error.message).toContain(
      'KAFKA_BROKERS: expected host:port[,host:port…], got "127.0.0.1:nine" (default derived from OVERFLY_KAFKA_PORT)',
    );
  });

  it('ignores variables the schema does not name', () => {
    const config = loadConfig(defineConfig({ HTTP_PORT: port() }), {
      HTTP_PORT: '80',
      PATH: '/usr/bin',
    });
    expect(config).toEqual({ HTTP_PORT: 80 });
  });
});

describe('field builders', () => {
  const parse = <T extends z.ZodTypeAny>(field: T, value: string) =>
    loadConfig(defineConfig({ VALUE: field }), { VALUE: value }).VALUE as z.infer<T>;

  it.each([
    ['250ms', 250],
    ['10s', 10_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
  ])('reads the duration %s as %d ms', (text, ms) => {
    expect(parse(duration(), text)).toBe(ms);
  });

  // One grammar for config, scenarios and command lines: a bare number was read as ms here
  // (and refused in scenarios); now it is refused everywhere, with the forms that work.
  it('refuses a duration without unit, saying a unit is required', () => {
    expect(() => parse(duration(), '1500')).toThrow(
      'VALUE: expected a duration like 250ms, 10s, 5m, 1h30m (a unit is required), got "1500"',
    );
  });

  it.each([
    ['true', true],
    ['YES', true],
    ['1', true],
    ['false', false],
    ['no', false],
    ['0', false],
  ])('reads the boolean %s as %s', (text, value) => {
    expect(parse(bool(), text)).toBe(value);
  });

  it('rejects a boolean it cannot read', () => {
    expect(() => parse(bool(), 'maybe')).toThrow('VALUE: expected true/false, 1/0 or yes/no');
  });

  it('bounds integers', () => {
    expect(parse(int({ min: 1, max: 10 }), '10')).toBe(10);
    expect(() => parse(int({ min: 1, max: 10 }), '11')).toThrow('expected an integer 1-10');
    expect(() => parse(int(), '1.5')).toThrow('expected an integer');
  });

  it('matches enum values case-insensitively and returns the declared spelling', () => {
    expect(parse(enumOf(['live', 'replay', 'simulate']), 'REPLAY')).toBe('replay');
    expect(() => parse(enumOf(['live', 'replay']), 'fake')).toThrow(
      'expected one of live, replay, got "fake"',
    );
  });

  it('splits csv and brokers lists', () => {
    expect(parse(csv(), ' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(parse(brokers(), '[::1]:9092,10.0.0.1:9093')).toEqual(['[::1]:9092', '10.0.0.1:9093']);
    expect(() => parse(brokers(), 'a:9092,b:99999')).toThrow('VALUE: expected host:port');
  });

  it('accepts port 0 only when asked', () => {
    expect(parse(port({ allowZero: true }), '0')).toBe(0);
    expect(() => parse(port(), '0')).toThrow('expected a TCP port 1-65535');
  });

  it('accepts typed defaults', () => {
    const config = loadConfig(
      defineConfig({
        A: port().default(8080),
        B: duration().default(250),
        C: bool().default(false),
        D: csv().default('x,y'),
      }),
      {},
    );
    expect(config).toEqual({ A: 8080, B: 250, C: false, D: ['x', 'y'] });
  });
});
