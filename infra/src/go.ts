import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { InfraError } from './errors.js';

/** A Go release as `go version` prints it: go1.26.8 → [1, 26, 8]. */
export type GoVersion = readonly [major: number, minor: number, patch: number];

/** Where a Go installed from the official tarball lives when it is not on PATH. */
const GO_FALLBACK = '/usr/local/go/bin/go';

/**
 * Go 1.21 was the first release that fetches a newer toolchain by itself
 * (module golang.org/toolchain, from the Go module proxy) when a module needs one.
 */
export const GO_TOOLCHAIN_SWITCH_SINCE: GoVersion = [1, 21, 0];

/** `go version go1.26.8 linux/amd64` (also `go1.22`, `go1.23rc1`) → [1, 26, 8]; null otherwise. */
export function parseGoVersion(output: string): GoVersion | null {
  const match = /\bgo(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function compareGo(a: GoVersion, b: GoVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export const formatGo = (v: GoVersion) => `go${v[0]}.${v[1]}.${v[2]}`;

/**
 * How `go install` gets a toolchain able to build a module that needs `required`:
 * - `local`: the machine's Go is new enough; use it and nothing else.
 * - `auto`: it is older but can switch toolchains; the go command downloads the one
 *   the module's go.mod asks for (once, into its module cache).
 * - `fetch`: there is no Go, or one too old to switch (before 1.21, e.g. Debian 12's
 *   golang-go 1.19): infra fetches a Go toolchain from the module proxy itself
 *   (go-toolchain.ts) and builds with that.
 */
export function toolchainFor(
  found: GoVersion | null,
  required: GoVersion,
): 'local' | 'auto' | 'fetch' {
  if (found === null) return 'fetch';
  if (compareGo(found, required) >= 0) return 'local';
  if (compareGo(found, GO_TOOLCHAIN_SWITCH_SINCE) >= 0) return 'auto';
  return 'fetch';
}

export interface FoundGo {
  command: string;
  version: GoVersion;
}

/**
 * OVERFLY_GO=none makes infra behave as if no Go were installed (it then fetches its own
 * toolchain): for testing that path, or to keep a broken local Go out of the build.
 */
export const GO_OVERRIDE_ENV = 'OVERFLY_GO';

/**
 * The machine's go command and its version: `go` on PATH, else /usr/local/go/bin/go; null when
 * neither runs (or OVERFLY_GO=none).
 */
export function findGo(env: NodeJS.ProcessEnv = process.env): FoundGo | null {
  const override = env[GO_OVERRIDE_ENV];
  if (override === 'none') return null;
  if (override !== undefined && override !== '') {
    throw new InfraError(
      'INFRA_GO_MISSING',
      `${GO_OVERRIDE_ENV}="${override}" is not understood: leave it unset, or set it to "none" to ignore any installed Go`,
    );
  }
  for (const command of ['go', GO_FALLBACK]) {
    if (command !== 'go' && !fs.existsSync(command)) continue;
    const result = spawnSync(command, ['version'], {
      encoding: 'utf8',
      // Asking the version must never download a toolchain.
      env: { ...env, GOTOOLCHAIN: 'local' },
    });
    if (result.error || result.status !== 0) continue;
    const version = parseGoVersion(result.stdout);
    if (version) return { command, version };
  }
  return null;
}
