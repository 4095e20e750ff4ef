import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The UI is built into dist/ui and served by the Threadscope server (src/server), which also answers /api.
// In `vite dev`, /api is proxied to a server started with `npm run dev:server`.
export default defineConfig({
  plugins: [react()],
  root: '.',
  publicDir: 'public',
  build: { outDir: 'dist/ui', emptyOutDir: true, sourcemap: false },
  // The scoring worker (src/worker, ADR 0004) is its own ES-module chunk, started by URL from the UI.
  worker: { format: 'es' },
  // The proxy forwards the browser's Host (no changeOrigin): the server answers loopback names and compares a
  // state-changing request's Origin with its Host (docs/adr/0010-browser-boundary.md).
  server: { proxy: { '/api': 'http://127.0.0.1:4317' } },
});
