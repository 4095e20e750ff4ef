import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    // Generous: CI is a 2-core machine running test files in parallel. Speed is measured by `npm run bench`, never
    // asserted in tests; a timeout only catches a hang or a quadratic blow-up.
    testTimeout: 30_000,
    // Test files run in parallel on every core. Vitest's default (one core fewer) gives CI's 2-core machine a single
    // worker, one file at a time, while most files are CPU-bound or wait on child processes and sleeps.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['src/**/*.test.ts'], exclude: ['src/ui/**'], setupFiles: ['src/test-setup-node.ts'] },
      },
      {
        extends: true,
        // One jsdom per worker, not per file (isolate: false): setting up jsdom and React again for each of ~40 files
        // was most of this project's time (68 s -> 13 s on a 2-core machine). test-setup.ts removes what each test
        // rendered; the files share no other module state, and a shuffled file order passes too.
        test: { name: 'ui', environment: 'jsdom', include: ['src/ui/**/*.test.{ts,tsx}'], setupFiles: ['src/test-setup.ts'], isolate: false },
      },
    ],
  },
});
