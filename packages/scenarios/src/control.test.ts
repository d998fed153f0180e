import type { ScenarioControl } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import {
  checkScenarioControl,
  describeScenarioCommand,
  type StartCommand,
  scenarioControlRecord,
  simulatedTimeAt,
} from './control.js';
import { ScenarioError } from './errors.js';

const T0 = Date.UTC(2024, 8, 17, 6, 0, 0);
const start: ScenarioControl = {
  commandId: 'c1',
  action: 'START',
  scenario: 'network-normal',
  seed: 7,
  startTime: T0,
  speed: 10,
  issuedAt: T0 + 1_000,
  issuedBy: 'ops@host',
};

const problems = (value: ScenarioControl): string[] => {
  try {
    checkScenarioControl(value);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).code).toBe('SCENARIOS_CONTROL_INVALID');
    return (error as ScenarioError).issues.map((i) => i.path);
  }
};

describe('checkScenarioControl', () => {
  it('reads a START with every field', () => {
    expect(checkScenarioControl(start)).toEqual({
      action: 'START',
      commandId: 'c1',
      scenario: 'network-normal',
      seed: 7,
      startTime: T0,
      speed: 10,
      issuedAt: T0 + 1_000,
      issuedBy: 'ops@host',
    });
  });

  it('reads null speed as max and null seed as the scenario’s own', () => {
    expect(checkScenarioControl({ ...start, speed: null, seed: null })).toMatchObject({
      speed: 'max',
      seed: undefined,
    });
  });

  it('reads a STOP, whatever START fields it carries', () => {
    expect(checkScenarioControl({ ...start, action: 'STOP', speed: -1 })).toEqual({
      action: 'STOP',
      commandId: 'c1',
      issuedAt: T0 + 1_000,
      issuedBy: 'ops@host',
    });
  });

  it('refuses an UNKNOWN action (a symbol this reader does not know)', () => {
    expect(problems({ ...start, action: 'UNKNOWN' })).toEqual(['action']);
  });

  it('names every bad field of a START at once', () => {
    expect(problems({ ...start, scenario: ' ', seed: 2 ** 32, startTime: null, speed: 0 })).toEqual(
      ['scenario', 'seed', 'startTime', 'speed'],
    );
    expect(problems({ ...start, speed: Number.NaN })).toEqual(['speed']);
    expect(problems({ ...start, seed: -1 })).toEqual(['seed']);
    expect(problems({ ...start, commandId: '' })).toEqual(['commandId']);
  });

  it('round-trips through scenarioControlRecord', () => {
    for (const value of [start, { ...start, speed: null, seed: null }]) {
      expect(scenarioControlRecord(checkScenarioControl(value))).toEqual(value);
    }
    const stop = checkScenarioControl({ ...start, action: 'STOP' });
    expect(scenarioControlRecord(stop)).toEqual({
      ...start,
      action: 'STOP',
      scenario: null,
      seed: null,
      startTime: null,
      speed: null,
    });
  });
});

describe('simulatedTimeAt', () => {
  const command = checkScenarioControl(start) as StartCommand;
  it('runs from startTime at issuedAt, speed times the wall clock', () => {
    expect(simulatedTimeAt(command, T0 + 1_000)).toBe(T0);
    expect(simulatedTimeAt(command, T0 + 61_000)).toBe(T0 + 600_000);
  });
  it('never before startTime (a clock behind the issuer’s), and none at max', () => {
    expect(simulatedTimeAt(command, T0)).toBe(T0);
    expect(simulatedTimeAt({ ...command, speed: 'max' }, T0 + 61_000)).toBeNull();
  });
});

describe('describeScenarioCommand', () => {
  it('says what runs, from when and how fast', () => {
    expect(describeScenarioCommand(checkScenarioControl(start))).toBe(
      'network-normal from 2024-09-17T06:00:00.000Z at 10×, seed 7',
    );
    expect(
      describeScenarioCommand(checkScenarioControl({ ...start, speed: null, seed: null })),
    ).toBe('network-normal from 2024-09-17T06:00:00.000Z as fast as possible');
    expect(describeScenarioCommand(checkScenarioControl({ ...start, action: 'STOP' }))).toBe(
      'stopped',
    );
  });
});
