import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end tests run against the real server (built UI + API + SQLite) in a fresh data directory.
// Browser: Debian's Chromium when present (this project's machines cannot download browsers); otherwise
// Playwright's own browser, for developers who installed it (`npx playwright install chromium`).
// PLAYWRIGHT_CHROMIUM_PATH overrides the choice.
const PORT = Number(process.env.E2E_PORT ?? 4327);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const debianChromium = '/usr/bin/chromium';
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync(debianChromium) ? debianChromium : undefined);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'threadscope-e2e-'));

/**
 * Specs that start a server of their own (`startOwnServer` in e2e/helpers.ts) and never use the shared one. They are
 * the `own-server` project, the others the `shared` project: `npm test` runs the two projects in two Playwright
 * processes side by side (scripts/e2e.ts), which a 2-core machine has room for (one worker each: a browser and a
 * server mostly wait). `npx playwright test` runs both, one after the other, as before.
 */
const OWN_SERVER_SPECS = [
  'api-keys',
  'big-thread',
  'coral',
  'feedback',
  'perspective',
  'team-audit',
  'team-decisions',
  'team-history',
  'team-live',
  'team-login',
].map((name) => `**/${name}.spec.ts`);
/** scripts/e2e.ts turns the shared server off for the process that runs only the own-server project. */
const sharedServer = process.env.E2E_SHARED_SERVER !== 'off';
const chromiumUse = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  },
};

export default defineConfig({
  testDir: './e2e',
  // Each of scripts/e2e.ts's processes has its own (Playwright empties it at the start).
  outputDir: process.env.E2E_OUTPUT_DIR ?? './test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: { baseURL: BASE_URL, trace: 'retain-on-failure', screenshot: 'only-on-failure', viewport: { width: 1440, height: 900 } },
  projects: [
    { name: 'shared', testIgnore: OWN_SERVER_SPECS, use: chromiumUse },
    { name: 'own-server', testMatch: OWN_SERVER_SPECS, use: chromiumUse },
  ],
  webServer: sharedServer ? {
    // `npm test` builds the UI first; the server serves dist/ui.
    command: `node --import tsx src/server/main.ts --port ${PORT} --data-dir ${JSON.stringify(dataDir)}`,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  } : undefined,
});
