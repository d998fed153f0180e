import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// The page talks to this origin only (REST and WebSockets); three.js compiles its shaders
// from strings, which needs no eval; inline styles are set by the page's own code.
const CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
].join('; ');

/** Every file under `dir`, by its URL path (`/assets/x.js`), read once at start-up. */
function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) {
        walk(file);
        continue;
      }
      const body = readFileSync(file);
      const url = `/${path.relative(dir, file).split(path.sep).join('/')}`;
      assets.set(url, {
        body,
        type: TYPES[path.extname(name)] ?? 'application/octet-stream',
        etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
      });
    }
  };
  walk(dir);
  return assets;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Overfly</title>
<p>The web page is not built. Run <code>pnpm --filter @overfly/web build</code> (the demo does it),
or point API_WEB_DIR at a built page. The REST api is at <a href="/docs">/docs</a>.</p>`;

/**
 * The web page (services/web, built by Vite) at `/`: index.html and its hashed assets,
 * public like /docs (the data behind it asks for a key when auth is on). Views are hash
 * routes (`/#/invoices`), so no path of the api is shadowed.
 */
export function webRoutes(options: { dir: string; onMissing?: (dir: string) => void }) {
  let assets: Map<string, Asset> | null = null;
  try {
    assets = readAssets(options.dir);
    if (!assets.has('/index.html')) assets = null;
  } catch {
    assets = null;
  }
  if (assets === null) options.onMissing?.(options.dir);

  const send = (reply: FastifyReply, asset: Asset, immutable: boolean, ifNoneMatch?: string) => {
    reply
      .header('content-type', asset.type)
      .header('etag', asset.etag)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (asset.type.startsWith('text/html')) reply.header('content-security-policy', CSP);
    if (ifNoneMatch === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  };

  return async function web(app: FastifyInstance): Promise<void> {
    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      const index = assets?.get('/index.html');
      if (!index) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      return send(reply, index, false, request.headers['if-none-match']);
    });
    app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
      const asset = assets?.get(request.url.split('?')[0] ?? '');
      if (!asset)
        return reply.code(404).type('application/problem+json').send({
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: 'no such file of the web page',
        });
      // Vite names assets by their content hash: a name never changes meaning.
      return send(reply, asset, true, request.headers['if-none-match']);
    });
  };
}
