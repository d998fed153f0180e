// The web page as a user meets it: the api process serving services/web/dist (built when
// stale) on its own topics and schema, and a real chromium on it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropSchema, uniqueSchema } from '@overfly/db';
import type { KafkaRuntime } from '@overfly/kafka';
import type { Page } from 'playwright-core';
import { buildWeb, WEB_DIST } from '../../../scripts/web-build.js';
import type { GlobeHooks } from '../../../services/web/src/globe/hooks-types.js';
import { type ApiProcess, startApiProcess } from '../api-process.js';
import { launchBrowser, type PageBrowser } from '../browser.js';
import { testEndpoints } from '../endpoints.js';
import { isolatedRuntime } from '../kafka-runtime.js';

/** Where the browser tests leave their screenshots (CI keeps .overfly/reports). */
const SCREENSHOTS = fileURLToPath(new URL('../../../.overfly/reports/web/', import.meta.url));

export interface WebPage {
  api: ApiProcess;
  runtime: KafkaRuntime;
  prefix: string;
  schema: string;
  browser: PageBrowser;
  /** A new tab on the page at `hash` (`#/invoices`), its console errors collected. */
  open(hash?: string): Promise<{ page: Page; errors: string[] }>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startWebPage(
  label: string,
  env: Record<string, string> = {},
): Promise<WebPage> {
  await buildWeb({ quiet: true });
  const { runtime, prefix } = await isolatedRuntime(label);
  const schema = uniqueSchema(label.replace(/[^a-z0-9]/g, '_'));
  const api = await startApiProcess(prefix, schema, {
    API_WEB_DIR: WEB_DIST,
    LIVE_HZ: '5',
    ...env,
  });
  const browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    api,
    runtime,
    prefix,
    schema,
    browser,
    async open(hash = '#/') {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        // A failed load names no URL in its text: its location does.
        if (message.type() === 'error')
          errors.push(`${message.text()} ${message.location().url ?? ''}`.trim());
      });
      await page.goto(`${api.url}/${hash}`);
      return { page, errors };
    },
    async screenshot(page, name) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser.close();
      await api.stop();
      await dropSchema(testEndpoints().databaseUrl, schema).catch(() => undefined);
    },
  };
}

/** The page's globe hooks, as `page.evaluate` sees them (the tests' tsconfig has no DOM). */
export type GlobeWindow = { overfly?: { globe?: GlobeHooks } };
