import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Test files that replace modules (vi.mock, vi.resetModules): a module another file of the same worker imported first
 * would not be replaced, so these run isolated (a fresh module registry each); every other file shares its worker's
 * (isolate: false below). A new file that mocks a module goes here.
 */
const NEEDS_OWN_MODULES = ['src/importers/xml-bytes.test.ts', 'src/ui/thresholds/use-thresholds.test.tsx'];

export default defineConfig({
  plugins: [react()],
  test: {
    // Generous: CI is a 2-core machine running test files in parallel. Speed is measured by `npm run bench`, never
    // asserted in tests; a timeout only catches a hang or a quadratic blow-up.
    testTimeout: 30_000,
    // Test files run in parallel on every core. Vitest's default (one core fewer) gives CI's 2-core machine a single
    // worker, one file at a time, while most files are CPU-bound or wait on child processes and sleeps.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Files share their worker's modules and environment (one jsdom per worker, not per file): importing the server,
    // the scorer and React, and setting up jsdom, again for each of ~175 files was most of the suite's time on CI's
    // 2-core machine. Measured here (2 cores): the ui project 68 s -> 12 s, the node project 103-122 s (one run in a
    // shuffled file order) where the whole suite took 280-317 s isolated. Tests reset what they change (stubbed
    // globals, timers, env); test-setup.ts removes what each ui test rendered. NEEDS_OWN_MODULES run isolated.
    isolate: false,
    projects: [
      {
        extends: true,
        // globalSetup: a throw-away PostgreSQL for the store suite's second engine (scripts/pg-test-setup.ts, ADR
        // 0027); here only, so that a run of the ui tests alone starts none.
        test: { name: 'node', environment: 'node', include: ['src/**/*.test.ts'], exclude: ['src/ui/**', ...NEEDS_OWN_MODULES], setupFiles: ['src/test-setup-node.ts'], globalSetup: ['scripts/pg-test-setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'node-own-modules', environment: 'node', include: NEEDS_OWN_MODULES.filter((f) => !f.startsWith('src/ui/')), setupFiles: ['src/test-setup-node.ts'], isolate: true },
      },
      {
        extends: true,
        test: { name: 'ui', environment: 'jsdom', include: ['src/ui/**/*.test.{ts,tsx}'], exclude: NEEDS_OWN_MODULES, setupFiles: ['src/test-setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'ui-own-modules', environment: 'jsdom', include: NEEDS_OWN_MODULES.filter((f) => f.startsWith('src/ui/')), setupFiles: ['src/test-setup.ts'], isolate: true },
      },
    ],
  },
});
