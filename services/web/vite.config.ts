import { defineConfig } from 'vite';

// The page is served by the api at `/` (API_WEB_DIR), so it calls the api on its own
// origin. `pnpm --filter @overfly/web dev` proxies /v1 to an api on API_URL for live editing.
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/v1': { target: api, ws: true } } },
});
