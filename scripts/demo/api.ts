/**
 * The demo's api and web page: the page built when its sources changed (scripts/web-build.ts),
 * the api's port checked before anything starts, and the wait until the api is ready, after
 * which the demo says where to open it.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildWeb, WEB_DIST, webBuildIsStale } from '../web-build.js';

/**
 * The port the api will listen on: `port` if nothing holds it on `host` now, or a free one
 * for 0. Checked before the platform comes up, so a second demo stops at once, saying why.
 */
export async function reserveApiPort(host: string, port: number): Promise<number> {
  const server = createServer();
  server.listen({ host, port });
  try {
    // once() rejects with the server's 'error' (EADDRINUSE) if it comes first.
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new Error(
        `port ${port} on ${host} is ${code === 'EACCES' ? 'not allowed' : 'taken (another demo or api?)'}: ` +
          'stop what holds it, or give the api another with --api-port N or API_PORT=N (0: any free one)',
      );
    throw error;
  }
  const address = server.address();
  const chosen = typeof address === 'object' && address !== null ? address.port : port;
  server.close();
  await once(server, 'close');
  return chosen;
}

/**
 * The page the api serves: API_WEB_DIR as given (built elsewhere, served as it is), else
 * services/web/dist, built first when a source is newer. A page that does not build leaves
 * the demo running: the api then answers / with how to build it, and REST as always.
 */
export async function prepareWebPage(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ dir: string; built: boolean }> {
  const given = env.API_WEB_DIR?.trim();
  if (given) {
    log(`Web page: API_WEB_DIR=${given}, served as it is (not rebuilt)`);
    return { dir: given, built: true };
  }
  if (!webBuildIsStale()) {
    log(`Web page: ${WEB_DIST} is up to date with services/web`);
    return { dir: WEB_DIST, built: true };
  }
  log(`Web page: building services/web into ${WEB_DIST} (Vite)…`);
  const started = Date.now();
  try {
    await buildWeb({ quiet: true });
    log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { dir: WEB_DIST, built: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lines = message.split('\n').filter((l) => l.trim() !== '');
    log('  it did not build; the api answers / with how to build it (pnpm web:build):');
    for (const line of lines.slice(0, 12)) log(`    ${line}`);
    if (lines.length > 12) log(`    … ${lines.length - 12} more line(s): run pnpm web:build`);
    return { dir: WEB_DIST, built: false };
  }
}

/**
 * Resolves true once the api answers GET /health/ready with 200 (PostgreSQL, Kafka, the
 * registry and the live stream caught up), false when `gone()` says it will not (stopping,
 * or the api ended) or after `timeoutMs`.
 */
export async function apiReady(
  url: string,
  options: { timeoutMs: number; gone: () => boolean },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (!options.gone() && Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  return false;
}
