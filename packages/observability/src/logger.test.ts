import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes one JSON line with service, pid, hostname, level name and ISO time', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'fee-calculator', destination }).info('charge calculated');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 'info',
      service: 'fee-calculator',
      pid: process.pid,
      hostname: hostname(),
      msg: 'charge calculated',
    });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('carries topic, partition, offset and flight id on child loggers', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'fir-analyser', destination });
    logger
      .child({ topic: 'flights.updates', partition: 3, offset: '1042', flightId: 'a1b2c3-1' })
      .warn('track gap');
    expect(lines[0]).toMatchObject({
      service: 'fir-analyser',
      topic: 'flights.updates',
      partition: 3,
      offset: '1042',
      flightId: 'a1b2c3-1',
      level: 'warn',
    });
  });

  it('respects the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 's', level: 'warn', destination });
    logger.info('hidden');
    logger.error('shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it('redacts secrets at the top level, one level down and in headers', () => {
    const { lines, destination } = capture();
    createLogger({ service: 's', destination }).info(
      {
        password: 'p1',
        token: 't1',
        auth: { clientSecret: 'c1', authorization: 'Bearer x' },
        request: { headers: { authorization: 'Bearer y', accept: 'json' } },
        user: 'kept',
      },
      'calling',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['p1', 't1', 'c1', 'Bearer']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      password: '[redacted]',
      user: 'kept',
      request: { headers: { accept: 'json' } },
    });
  });
});
