import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Queryable } from '@overfly/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test-support/app.js';
import { webRoutes } from './web.js';

const INDEX =
  '<!doctype html><title>Overfly</title><script type="module" src="/assets/x.js"></script>';
const SCRIPT = 'console.log("globe");\n';

/** A database that must not be reached: the page is files. */
const db = {
  query: async () => {
    throw new Error('the web routes must not query the database');
  },
} as unknown as Queryable;

let root: string;
let built: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'overfly-web-'));
  built = path.join(root, 'dist');
  mkdirSync(path.join(built, 'assets', 'fonts'), { recursive: true });
  writeFileSync(path.join(built, 'index.html'), INDEX);
  writeFileSync(path.join(built, 'assets', 'x.js'), SCRIPT);
  writeFileSync(path.join(built, 'assets', 'x.css'), 'body{margin:0}');
  writeFileSync(path.join(built, 'assets', 'fonts', 'f.woff2'), Buffer.from([0, 1, 2, 3]));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const apps: FastifyInstance[] = [];
afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
});
/** The whole api with the page's routes (one app per folder: building one takes a while). */
async function app(dir: string, onMissing?: (dir: string) => void): Promise<FastifyInstance> {
  const a = await testApp(db, {
    extraRoutes: [webRoutes(onMissing ? { dir, onMissing } : { dir })],
  });
  apps.push(a);
  return a;
}
let builtApp: Promise<FastifyInstance> | undefined;
const served = () => {
  builtApp ??= app(built);
  return builtApp;
};

describe('the web page at /', () => {
  it('answers the index, no-cache, with a content-security-policy, without a key', async () => {
    let missing = 0;
    const a = await app(built, () => missing++);
    const r = await a.inject({ url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe(INDEX);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('connect-src');
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers.etag).toMatch(/^"[\w-]{16}"$/);
    expect(missing).toBe(0);
  });

  it('answers 304 to the index’s ETag, 200 to another', async () => {
    const a = await served();
    const first = await a.inject({ url: '/' });
    const etag = String(first.headers.etag);
    const again = await a.inject({ url: '/', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const stale = await a.inject({ url: '/', headers: { 'if-none-match': '"stale"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(INDEX);
  });
});

describe('the web page’s assets at /assets/*', () => {
  it('answers a script with its type and an immutable cache', async () => {
    const a = await served();
    const r = await a.inject({ url: '/assets/x.js' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe(SCRIPT);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-security-policy']).toBeUndefined();
    // A query string does not change the file.
    expect((await a.inject({ url: '/assets/x.js?v=2' })).body).toBe(SCRIPT);
  });

  it('types other files by extension, in sub-folders too', async () => {
    const a = await served();
    const css = await a.inject({ url: '/assets/x.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const font = await a.inject({ url: '/assets/fonts/f.woff2' });
    expect(font.statusCode).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect([...font.rawPayload]).toEqual([0, 1, 2, 3]);
  });

  it('answers 304 to an asset’s ETag; each file has its own', async () => {
    const a = await served();
    const js = await a.inject({ url: '/assets/x.js' });
    const css = await a.inject({ url: '/assets/x.css' });
    expect(js.headers.etag).not.toBe(css.headers.etag);
    const r = await a.inject({
      url: '/assets/x.js',
      headers: { 'if-none-match': String(js.headers.etag) },
    });
    expect(r.statusCode).toBe(304);
    expect(r.body).toBe('');
    const other = await a.inject({
      url: '/assets/x.js',
      headers: { 'if-none-match': String(css.headers.etag) },
    });
    expect(other.statusCode).toBe(200);
  });

  it('answers an unknown asset 404 in problem+json, and never serves outside assets/', async () => {
    const a = await served();
    const r = await a.inject({ url: '/assets/nope.js' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 404, title: 'Not Found' });
    const outside = await a.inject({ url: '/assets/../index.html' });
    expect(outside.body).not.toBe(INDEX);
    const folder = await a.inject({ url: '/assets/fonts' });
    expect(folder.statusCode).toBe(404);
  });

  it('leaves the api’s own paths alone', async () => {
    const a = await served();
    expect((await a.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await a.inject({ url: '/index.html' })).statusCode).toBe(404);
  });
});

describe('the web page not built', () => {
  it('answers / 503 with the build hint and calls onMissing with the folder', async () => {
    const dirs: string[] = [];
    const nowhere = path.join(root, 'no-such-dir');
    const a = await app(nowhere, (dir) => dirs.push(dir));
    expect(dirs).toEqual([nowhere]);
    const r = await a.inject({ url: '/' });
    expect(r.statusCode).toBe(503);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('pnpm --filter @overfly/web build');
    expect(r.body).toContain('API_WEB_DIR');
    const asset = await a.inject({ url: '/assets/x.js' });
    expect(asset.statusCode).toBe(404);
    expect(asset.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('counts a folder without index.html as not built', async () => {
    const dirs: string[] = [];
    const a = await app(path.join(built, 'assets'), (dir) => dirs.push(dir));
    expect(dirs).toHaveLength(1);
    expect((await a.inject({ url: '/' })).statusCode).toBe(503);
    // Nothing of the folder is served either.
    expect((await a.inject({ url: '/assets/x.js' })).statusCode).toBe(404);
  });
});
