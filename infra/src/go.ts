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
 * - an InfraError when it can do neither (Go before 1.21, e.g. an old distribution package).
 */
export function toolchainFor(found: GoVersion, required: GoVersion): 'local' | 'auto' {
  if (compareGo(found, required) >= 0) return 'local';
  if (compareGo(found, GO_TOOLCHAIN_SWITCH_SINCE) >= 0) return 'auto';
  throw new InfraError(
    'INFRA_GO_MISSING',
    `found ${formatGo(found)}, which can neither build it (${formatGo(required)}+ needed) ` +
      `nor fetch a newer toolchain (${formatGo(GO_TOOLCHAIN_SWITCH_SINCE)}+ does that)`,
  );
}

/** The go command to run and its version: `go` on PATH, else /usr/local/go/bin/go. */
export function findGo(): { command: string; version: GoVersion } {
  for (const command of ['go', GO_FALLBACK]) {
    if (command !== 'go' && !fs.existsSync(command)) continue;
    const result = spawnSync(command, ['version'], {
      encoding: 'utf8',
      // Asking the version must never download a toolchain.
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    });
    if (result.error || result.status !== 0) continue;
    const version = parseGoVersion(result.stdout);
    if (version) return { command, version };
  }
  throw new InfraError('INFRA_GO_MISSING', `no \`go\` on PATH nor at ${GO_FALLBACK}`);
}
