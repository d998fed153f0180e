import { describe, expect, it } from 'vitest';
import {
  engineMinimum,
  javaFinding,
  meetsMinimum,
  nodeFinding,
  pinnedPnpm,
  pnpmFinding,
  versionParts,
} from '../../scripts/doctor/toolchain.js';

describe('doctor: version parsing', () => {
  it('reads versions with or without a v and missing parts', () => {
    expect(versionParts('20.19.4')).toEqual([20, 19, 4]);
    expect(versionParts('v22')).toEqual([22, 0, 0]);
    expect(versionParts('9.15.9-beta.1')).toEqual([9, 15, 9]);
    expect(versionParts('none')).toBeNull();
  });

  it('compares part by part, not as text', () => {
    expect(meetsMinimum('20.0.0', '20')).toBe(true);
    expect(meetsMinimum('20.19.4', '20.11')).toBe(true);
    expect(meetsMinimum('100.0.0', '20')).toBe(true);
    expect(meetsMinimum('18.20.1', '20')).toBe(false);
    expect(meetsMinimum('20.10.9', '20.11')).toBe(false);
    expect(meetsMinimum('garbage', '20')).toBe(false);
  });

  it("takes Node's minimum from package.json's engines, and pnpm's pin from packageManager", () => {
    expect(engineMinimum('>=20')).toBe('20');
    expect(engineMinimum('>= 20.11.1')).toBe('20.11.1');
    expect(engineMinimum('^20 || ^22')).toBeNull();
    expect(engineMinimum(undefined)).toBeNull();
    expect(pinnedPnpm('pnpm@9.15.9+sha512.abc')).toBe('9.15.9');
    expect(pinnedPnpm('yarn@4.0.0')).toBeNull();
  });
});

describe('doctor: toolchain verdicts', () => {
  it('passes Java 17 and 21, fails 11, an unreadable one and none, saying what to install', () => {
    expect(javaFinding('openjdk version "17.0.9" 2023-10-17').status).toBe('pass');
    expect(javaFinding('openjdk version "21" 2023-09-19').detail).toBe('21 (infra needs 17+)');
    const old = javaFinding('openjdk version "11.0.21"');
    expect(old).toMatchObject({ status: 'fail', detail: '11, infra needs 17+' });
    expect(old.advice).toContain('apt-get install openjdk-17-jre-headless');
    expect(javaFinding('something else').detail).toBe('its version is unreadable');
    expect(javaFinding(null)).toMatchObject({ status: 'fail', detail: 'not found on PATH' });
  });

  it('fails a Node below the engines minimum', () => {
    expect(nodeFinding('20.19.4', '20').status).toBe('pass');
    const finding = nodeFinding('18.20.1', '20');
    expect(finding.status).toBe('fail');
    expect(finding.advice).toMatch(/Node 20 or newer/);
  });

  it('fails a missing pnpm, warns about another major than the pinned one', () => {
    expect(pnpmFinding('9.15.9', '9.15.9').status).toBe('pass');
    expect(pnpmFinding('9.12.0', '9.15.9').status).toBe('pass');
    expect(pnpmFinding('10.2.0', '9.15.9')).toMatchObject({
      status: 'warn',
      advice: 'run corepack enable, so that pnpm 9.15.9 runs in this checkout',
    });
    expect(pnpmFinding(null, '9.15.9')).toMatchObject({
      status: 'fail',
      advice: expect.stringContaining('corepack enable'),
    });
  });
});
