import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/start-service.ts', import.meta.url));
// `--import tsx` resolves from the child's cwd, walking up to the workspace's tsx.
const packageDir = fileURLToPath(new URL('..', import.meta.url));

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
    cwd: packageDir,
    // Only PATH from the parent, so a developer's own KAFKA_BROKERS cannot leak in.
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a service starting with bad configuration', () => {
  it('starts when the configuration is valid', () => {
    const run = start({ HTTP_PORT: '8080' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ready on 8080\n');
    expect(run.code).toBe(0);
  });

  it('exits 1 naming a missing variable', () => {
    const run = start({});
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('ready');
    expect(run.stderr).toBe('Invalid configuration: HTTP_PORT: required but not set\n');
  });

  it('exits 1 naming every malformed variable', () => {
    const run = start({ HTTP_PORT: '99999', KAFKA_BROKERS: 'localhost' });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('ready');
    expect(run.stderr).toContain('HTTP_PORT: expected a TCP port 1-65535, got "99999"');
    expect(run.stderr).toContain('KAFKA_BROKERS: expected host:port[,host:port…], got "localhost"');
  });
});
