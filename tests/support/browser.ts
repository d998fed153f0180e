// A real browser for the web page's tests and pnpm bench:web: Debian's chromium (apt),
// driven by playwright-core through its executable path. Never a downloaded browser:
// this machine has no network for it. CHROMIUM_PATH overrides where chromium is.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

/** chromium's path, or null when it is not installed (`apt-get install chromium`). */
function chromiumPath(): string | null {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export interface PageBrowser {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless chromium with a fresh profile, no background networking, no component updates,
 * no sandbox when running as root (CI's containers), WebGL on SwiftShader (no GPU here).
 */
export async function launchBrowser(
  options: { width?: number; height?: number } = {},
): Promise<PageBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath)
    throw new Error('chromium is not installed: apt-get install chromium (or set CHROMIUM_PATH)');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'overfly-chromium-'));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-dev-shm-usage',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
    ...(isRoot ? ['--no-sandbox'] : []),
  ];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  });
  const browser = context.browser() as Browser;
  return {
    browser,
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
