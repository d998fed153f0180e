// Builds the web page (services/web → services/web/dist) when its sources are newer than
// the build: the demo, the browser tests and pnpm bench:web call it, so the page the api
// serves is never older than its code. Vite runs as its own process from the web package.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../services/web', import.meta.url));
export const WEB_DIST = path.join(WEB_DIR, 'dist');

function newest(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of readdirSync(entry)) max = Math.max(max, newest(path.join(entry, name)));
  return max;
}

/** Whether dist/index.html is older than any source of the page. */
export function webBuildIsStale(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) =>
    path.join(WEB_DIR, p),
  );
  return sources.some((source) => existsSync(source) && newest(source) > built);
}

/**
 * Builds the page unless it is up to date; resolves with whether it built. Another build
 * of the page running (Vite locks the project: a demo and a test at once) is waited for,
 * then the page is checked again.
 */
export async function buildWeb(
  options: { force?: boolean; quiet?: boolean } = {},
): Promise<boolean> {
  for (let attempt = 0; attempt <= 60; attempt++) {
    if (!options.force && !webBuildIsStale()) return false;
    try {
      await runVite(options.quiet ?? false);
      return true;
    } catch (error) {
      const locked =
        error instanceof Error && error.message.includes('Found another Vite build process');
      if (!locked || attempt === 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  throw new Error('unreachable: the loop returns or throws');
}

async function runVite(quiet: boolean): Promise<void> {
  const vite = path.join(WEB_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite))
    throw new Error(`Vite is not installed in ${WEB_DIR}: run pnpm install (or pnpm setup)`);
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', quiet ? 'error' : 'warn'], {
    cwd: WEB_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the web page did not build (vite exit ${code}):\n${output}`);
}

// pnpm web:build
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const built = await buildWeb({ force: process.argv.includes('--force') });
  console.log(built ? `web page built into ${WEB_DIST}` : `web page up to date in ${WEB_DIST}`);
}
