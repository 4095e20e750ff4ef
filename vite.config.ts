import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The UI is built into dist/ui and served by the Threadscope server (src/server), which also answers /api.
// In `vite dev`, /api is proxied to a server started with `npm run dev:server`.
export default defineConfig({
  plugins: [react()],
  root: '.',
  publicDir: 'public',
  build: { outDir: 'dist/ui', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:4317' } },
});
