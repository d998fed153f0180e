import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED, parseScenarioArgs } from '../../scripts/scenario/args.js';

const problem = (argv: string[]) => {
  try {
    parseScenarioArgs(argv);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
};

describe('pnpm overfly scenario arguments', () => {
  it('start: a scenario, speed 10 and now unless told', () => {
    expect(parseScenarioArgs(['start', 'network-normal'])).toEqual({
      action: 'start',
      scenario: 'network-normal',
      speed: DEFAULT_SPEED,
      seed: undefined,
      start: 'now',
      topicPrefix: undefined,
    });
    expect(DEFAULT_SPEED).toBe(10);
    expect(
      parseScenarioArgs([
        'start',
        'network-chaos',
        '--speed',
        'MAX',
        '--seed',
        '42',
        '--start',
        '2024-09-17T06:00:00Z',
        '--topic-prefix',
        't.',
      ]),
    ).toEqual({
      action: 'start',
      scenario: 'network-chaos',
      speed: 'max',
      seed: 42,
      start: Date.UTC(2024, 8, 17, 6),
      topicPrefix: 't.',
    });
    expect(parseScenarioArgs(['start', 'x', '--speed', '0.5'])).toMatchObject({ speed: 0.5 });
  });

  it('stop and status take no argument; status may print JSON', () => {
    expect(parseScenarioArgs(['stop'])).toEqual({ action: 'stop', topicPrefix: undefined });
    expect(parseScenarioArgs(['status', '--json'])).toEqual({
      action: 'status',
      json: true,
      topicPrefix: undefined,
    });
    expect(parseScenarioArgs([])).toEqual({ action: 'help' });
    expect(parseScenarioArgs(['status', '--help'])).toEqual({ action: 'help' });
  });

  it('names what is wrong', () => {
    expect(problem(['start'])).toMatch(/one scenario/);
    expect(problem(['start', 'a', 'b'])).toMatch(/one scenario/);
    expect(problem(['start', 'x', '--speed', '0'])).toMatch(
      /--speed: expected a number > 0 or max/,
    );
    expect(problem(['start', 'x', '--speed', 'fast'])).toMatch(/--speed/);
    expect(problem(['start', 'x', '--seed', '-1'])).toMatch(/--seed/);
    expect(problem(['start', 'x', '--seed', '4294967296'])).toMatch(/--seed/);
    expect(problem(['start', 'x', '--start', '2024-09-17T06:00:00'])).toMatch(/with its zone/);
    expect(problem(['stop', '--speed', '3'])).toMatch(/--speed is not an option of stop/);
    expect(problem(['stop', 'now'])).toMatch(/takes no argument/);
    expect(problem(['pause'])).toMatch(/unknown subcommand "pause"/);
    expect(problem(['start', 'x', '--bogus'])).toMatch(/bogus/);
  });
});
