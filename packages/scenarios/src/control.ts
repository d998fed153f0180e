// The scenario.control command, checked: what flight-producer (simulate) and ops-feed (mock)
// act on, and what `pnpm overfly scenario` writes. Pure: no Kafka, no scenario loading (a
// service still loads the scenario named, and refuses the command when that fails).
import type { ScenarioControl } from '@overfly/schemas';
import { ScenarioError, type ScenarioIssue } from './errors.js';

/** The key of every scenario.control record: there is one simulated world. */
export const SCENARIO_CONTROL_KEY = 'simulation';

const MAX_SEED = 4_294_967_295;

interface CommandBase {
  commandId: string;
  issuedAt: number;
  issuedBy: string;
}

/** A START (or a switch, when a run is in progress): every field a run needs. */
export interface StartCommand extends CommandBase {
  action: 'START';
  /** A built-in name or a path, as loadScenario and compileNetworkScenario take it. */
  scenario: string;
  /** Over the scenario's own seed; undefined keeps it. */
  seed: number | undefined;
  /** Event time the scenario starts at (epoch ms). */
  startTime: number;
  /** Simulated time per wall time, or 'max' (as fast as possible). */
  speed: number | 'max';
}

export interface StopCommand extends CommandBase {
  action: 'STOP';
}

export type ScenarioCommand = StartCommand | StopCommand;

/**
 * A scenario.control value → the command, or ScenarioError SCENARIOS_CONTROL_INVALID naming
 * every bad field. The Avro schema guarantees the types; this checks what it cannot.
 */
export function checkScenarioControl(value: ScenarioControl): ScenarioCommand {
  const issues: ScenarioIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });
  if (value.commandId.trim() === '') issue('commandId', 'must not be empty');
  if (!Number.isFinite(value.issuedAt)) issue('issuedAt', 'must be a time');
  const base: CommandBase = {
    commandId: value.commandId,
    issuedAt: value.issuedAt,
    issuedBy: value.issuedBy,
  };
  if (value.action === 'STOP') {
    if (issues.length > 0) throw invalid(value, issues);
    return { action: 'STOP', ...base };
  }
  if (value.action !== 'START') {
    issue('action', `expected START or STOP, got ${String(value.action)}`);
    throw invalid(value, issues);
  }
  const scenario = value.scenario?.trim() ?? '';
  if (scenario === '') issue('scenario', 'START needs a scenario name or path');
  if (
    value.seed !== null &&
    (!Number.isInteger(value.seed) || value.seed < 0 || value.seed > MAX_SEED)
  )
    issue('seed', `expected an integer 0–${MAX_SEED}, got ${value.seed}`);
  if (value.startTime === null || !Number.isFinite(value.startTime))
    issue('startTime', 'START needs the time the scenario starts at');
  if (value.speed !== null && (!Number.isFinite(value.speed) || value.speed <= 0))
    issue('speed', `expected a number > 0 or null (as fast as possible), got ${value.speed}`);
  if (issues.length > 0) throw invalid(value, issues);
  return {
    action: 'START',
    ...base,
    scenario,
    seed: value.seed ?? undefined,
    startTime: value.startTime as number,
    speed: value.speed ?? 'max',
  };
}

/** The record a command is written as (the CLI); checkScenarioControl gives it back. */
export function scenarioControlRecord(command: ScenarioCommand): ScenarioControl {
  const base = {
    commandId: command.commandId,
    issuedAt: command.issuedAt,
    issuedBy: command.issuedBy,
  };
  if (command.action === 'STOP')
    return { ...base, action: 'STOP', scenario: null, seed: null, startTime: null, speed: null };
  return {
    ...base,
    action: 'START',
    scenario: command.scenario,
    seed: command.seed ?? null,
    startTime: command.startTime,
    speed: command.speed === 'max' ? null : command.speed,
  };
}

/**
 * The event time a START has reached at wall time `wallNow`: startTime + (wallNow −
 * issuedAt) × speed, never before startTime (null at 'max', which has no clock). A service
 * that reads the command late (a restart) joins the day there.
 */
export function simulatedTimeAt(command: StartCommand, wallNow: number): number | null {
  if (command.speed === 'max') return null;
  return command.startTime + Math.max(0, wallNow - command.issuedAt) * command.speed;
}

/** One line for logs and `pnpm overfly scenario status`. */
export function describeScenarioCommand(command: ScenarioCommand): string {
  if (command.action === 'STOP') return 'stopped';
  const speed = command.speed === 'max' ? 'as fast as possible' : `at ${command.speed}×`;
  const seed = command.seed === undefined ? '' : `, seed ${command.seed}`;
  return `${command.scenario} from ${new Date(command.startTime).toISOString()} ${speed}${seed}`;
}

function invalid(value: ScenarioControl, issues: ScenarioIssue[]): ScenarioError {
  return new ScenarioError('SCENARIOS_CONTROL_INVALID', `command ${value.commandId}`, { issues });
}
