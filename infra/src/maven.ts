import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraError } from './errors.js';
import { requireMaven } from './java.js';
import { infraSourceDir } from './paths.js';
import type { Log } from './types.js';

export interface MavenFetch {
  /** What is being fetched, for progress lines, e.g. "Kafka 3.9.2 jars". */
  what: string;
  /** infra/<folder>/pom.xml */
  pomFolder: string;
  goal: 'dependency:copy-dependencies' | 'dependency:get';
  /** Passed to Maven as -Dkey=value. */
  properties: Record<string, string>;
  /** Where the result lands; emptied before a fetch. */
  outputDir: string;
  /** Runs after Maven succeeded, before the fetch is recorded as done. */
  after?: () => void;
  /** Changes when the pom's version changes, so an upgrade re-fetches. */
  version: string;
  log: Log;
}

/** Reads `<name>x</name>` from an infra pom's <properties>, the one place versions live. */
export function pomProperty(pomFolder: string, name: string): string {
  const pom = fs.readFileSync(path.join(infraSourceDir, pomFolder, 'pom.xml'), 'utf8');
  const match = new RegExp(`<${name}>([^<]+)</${name}>`).exec(pom);
  if (!match?.[1]) throw new Error(`infra/${pomFolder}/pom.xml has no <${name}> property`);
  return match[1].trim();
}

/**
 * Runs Maven once per version: a marker file in the output folder records what was fetched.
 * Quiet, with a progress line every 15 s; the tail of Maven's output on failure.
 */
export async function fetchOnce(spec: MavenFetch): Promise<void> {
  const marker = path.join(spec.outputDir, '.overfly-fetched');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === spec.version) return;
  requireMaven();
  fs.rmSync(spec.outputDir, { recursive: true, force: true });
  fs.mkdirSync(spec.outputDir, { recursive: true });
  spec.log(`fetching ${spec.what} from Maven Central (first run only) ...`);
  const started = Date.now();
  const pom = path.join(infraSourceDir, spec.pomFolder, 'pom.xml');
  const properties = Object.entries(spec.properties).map(([key, value]) => `-D${key}=${value}`);
  const args = ['-B', '-q', '-f', pom, spec.goal, ...properties];
  let output = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      output = `${output}${chunk.toString('utf8')}`.slice(-16_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const ticker = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      spec.log(`  ... still fetching ${spec.what} (${seconds} s)`);
    }, 15_000);
    child.on('error', () => resolve(null));
    child.on('close', (exit) => {
      clearInterval(ticker);
      resolve(exit);
    });
  });
  if (code !== 0) {
    const lastLines = output.trimEnd().split('\n').slice(-20).join('\n');
    throw new InfraError(
      'INFRA_DOWNLOAD_FAILED',
      `mvn ${args.join(' ')} exited with ${code}\n${lastLines}`,
    );
  }
  spec.after?.();
  fs.writeFileSync(marker, `${spec.version}\n`);
  spec.log(`fetched ${spec.what} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * Maven's local repository, passed explicitly (-Dmaven.repo.local) wherever we read from it,
 * so a settings.xml elsewhere cannot move it.
 */
export const mavenLocalRepository = path.join(os.homedir(), '.m2', 'repository');
