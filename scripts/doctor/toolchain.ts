import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { JAVA_MIN_MAJOR, javaMajorVersion } from '@overfly/infra';
import type { Check, Finding } from './types.js';

const rootPackage = new URL('../../package.json', import.meta.url);

/** "20.19.4" → [20, 19, 4]; missing parts are 0; null when it does not start with a number. */
export function versionParts(version: string): number[] | null {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** Whether `version` is at least `minimum` ("20.19.4" ≥ "20"); false when unreadable. */
export function meetsMinimum(version: string, minimum: string): boolean {
  const have = versionParts(version);
  const need = versionParts(minimum);
  if (!have || !need) return false;
  for (let i = 0; i < 3; i++) {
    if (have[i]! !== need[i]!) return have[i]! > need[i]!;
  }
  return true;
}

/** The lowest version an `engines` range such as ">=20" or ">= 20.11" allows; null if other. */
export function engineMinimum(range: string | undefined): string | null {
  const match = /^\s*>=\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(range ?? '');
  return match ? match[1]! : null;
}

/** "pnpm@9.15.9" (package.json's packageManager) → "9.15.9"; null for another manager. */
export function pinnedPnpm(packageManager: string | undefined): string | null {
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(packageManager ?? '');
  return match ? match[1]! : null;
}

export function javaFinding(output: string | null): Finding {
  const advice = `install Java ${JAVA_MIN_MAJOR}+ (apt-get install openjdk-${JAVA_MIN_MAJOR}-jre-headless): Kafka and the schema registry run on it`;
  if (output === null) {
    return { status: 'fail', subject: 'java', detail: 'not found on PATH', advice };
  }
  const major = javaMajorVersion(output);
  if (major === null) {
    return { status: 'fail', subject: 'java', detail: 'its version is unreadable', advice };
  }
  return major >= JAVA_MIN_MAJOR
    ? { status: 'pass', subject: 'java', detail: `${major} (infra needs ${JAVA_MIN_MAJOR}+)` }
    : {
        status: 'fail',
        subject: 'java',
        detail: `${major}, infra needs ${JAVA_MIN_MAJOR}+`,
        advice,
      };
}

export function nodeFinding(version: string, minimum: string): Finding {
  return meetsMinimum(version, minimum)
    ? { status: 'pass', subject: 'node', detail: `${version} (needs ${minimum}+)` }
    : {
        status: 'fail',
        subject: 'node',
        detail: `${version}, package.json's engines ask for ${minimum}+`,
        advice: `install Node ${minimum} or newer (nvm install ${minimum}, or your package manager's nodejs)`,
      };
}

export function pnpmFinding(version: string | null, pinned: string | null): Finding {
  const wanted = pinned ?? '9';
  if (version === null) {
    return {
      status: 'fail',
      subject: 'pnpm',
      detail: 'not found on PATH',
      advice: `run corepack enable (Node's corepack then provides pnpm ${wanted}), or npm install -g pnpm@${wanted}`,
    };
  }
  if (pinned !== null && versionParts(version)?.[0] !== versionParts(pinned)?.[0]) {
    return {
      status: 'warn',
      subject: 'pnpm',
      detail: `${version}, package.json pins ${pinned}`,
      advice: `run corepack enable, so that pnpm ${pinned} runs in this checkout`,
    };
  }
  return { status: 'pass', subject: 'pnpm', detail: version };
}

/** A command's stdout and stderr together, or null when it is absent or failed. */
function outputOf(command: string, args: string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve(error ? null : `${stdout}${stderr}`),
    );
  });
}

export const toolchainCheck: Check = {
  name: 'toolchain',
  title: 'Toolchain',
  advice: () => 'see README.md, Quick start, for what the machine needs',
  async run(ctx) {
    const pkg = JSON.parse(readFileSync(rootPackage, 'utf8')) as {
      engines?: { node?: string };
      packageManager?: string;
    };
    const budget = Math.max(500, ctx.timeoutMs - 500);
    const [java, pnpm] = await Promise.all([
      outputOf('java', ['-version'], budget),
      outputOf('pnpm', ['--version'], budget),
    ]);
    return [
      javaFinding(java),
      nodeFinding(process.versions.node, engineMinimum(pkg.engines?.node) ?? '20'),
      pnpmFinding(/\d+\.\d+\.\d+/.exec(pnpm ?? '')?.[0] ?? null, pinnedPnpm(pkg.packageManager)),
    ];
  },
};
