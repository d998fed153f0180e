import { describe, expect, it } from 'vitest';
import { InfraError } from './errors.js';
import {
  compareGo,
  findGo,
  GO_TOOLCHAIN_SWITCH_SINCE,
  parseGoVersion,
  toolchainFor,
} from './go.js';

describe('parseGoVersion', () => {
  it('reads what `go version` prints, patch level optional', () => {
    expect(parseGoVersion('go version go1.26.8 linux/amd64\n')).toEqual([1, 26, 8]);
    expect(parseGoVersion('go version go1.22 linux/amd64')).toEqual([1, 22, 0]);
    expect(parseGoVersion('go version go1.23rc1 linux/amd64')).toEqual([1, 23, 0]);
    // Debian 12's golang-go
    expect(parseGoVersion('go version go1.19.8 linux/amd64')).toEqual([1, 19, 8]);
    expect(parseGoVersion('bash: go: command not found')).toBeNull();
  });

  it('orders releases numerically, not as text', () => {
    expect(compareGo([1, 9, 0], [1, 10, 0])).toBeLessThan(0);
    expect(compareGo([1, 26, 0], [1, 26, 0])).toBe(0);
    expect(compareGo([1, 26, 8], [1, 26, 0])).toBeGreaterThan(0);
  });
});

describe('toolchainFor', () => {
  const needs = [1, 26, 0] as const;

  it('uses the machine Go when it is new enough', () => {
    expect(toolchainFor([1, 26, 8], needs)).toBe('local');
    expect(toolchainFor([1, 27, 0], needs)).toBe('local');
  });

  it('lets an older Go that can switch toolchains fetch the one the module asks for', () => {
    expect(toolchainFor([1, 25, 3], needs)).toBe('auto');
    expect(toolchainFor(GO_TOOLCHAIN_SWITCH_SINCE, needs)).toBe('auto');
  });

  it('fetches a toolchain when there is no Go or one too old to switch', () => {
    expect(toolchainFor(null, needs)).toBe('fetch');
    // Debian 12's golang-go
    expect(toolchainFor([1, 19, 8], needs)).toBe('fetch');
    expect(toolchainFor([1, 20, 14], needs)).toBe('fetch');
  });
});

describe('findGo', () => {
  it('finds nothing with OVERFLY_GO=none, whatever is installed', () => {
    expect(findGo({ ...process.env, OVERFLY_GO: 'none' })).toBeNull();
  });

  it('refuses an OVERFLY_GO it does not understand rather than guess', () => {
    expect(() => findGo({ ...process.env, OVERFLY_GO: '/opt/go/bin/go' })).toThrow(InfraError);
  });
});
