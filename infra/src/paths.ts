import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Component } from './types.js';

/** The repository root: infra/src/ is two levels below it. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** infra/ itself, where the Maven poms live. */
export const infraSourceDir = path.join(repoRoot, 'infra');

/**
 * All state (jars, data, pid files, logs) lives in the project's one ignored folder,
 * `.overfly/infra/`. OVERFLY_STATE_DIR moves the whole `.overfly` folder elsewhere.
 */
export function infraStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.OVERFLY_STATE_DIR ?? path.join(repoRoot, '.overfly'), 'infra');
}

export interface ComponentPaths {
  dir: string;
  pidFile: string;
  logFile: string;
}

export function componentPaths(component: Component, stateDir = infraStateDir()): ComponentPaths {
  const dir = path.join(stateDir, component);
  return {
    dir,
    pidFile: path.join(dir, `${component}.pid`),
    logFile: path.join(dir, `${component}.log`),
  };
}
