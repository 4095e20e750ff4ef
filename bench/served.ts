/**
 * A thread imported into a fresh database, served with the built UI on a free port, and a headless Chromium (Debian's
 * when present): the setup of the bench's browser figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { createEmbeddedScorer, createTropeDetector } from '../src/scoring/index.ts';
import { buildApp } from '../src/server/app.ts';
import { importAndScore } from '../src/app/pipeline.ts';
import { Store } from '../src/app/store/store.ts';

/** A named input file for the bench. */
export interface Case {
  name: string;
  fileName: string;
  text: string;
}

/** Runs `body` with the thread of `c` served at `baseUrl`; a note instead when the UI is not built. */
export async function withServedThread(c: Case, body: (browser: Browser, baseUrl: string) => Promise<string>): Promise<string> {
  const uiDir = path.resolve('dist/ui');
  if (!fs.existsSync(path.join(uiDir, 'index.html'))) return `${c.name}: browser figures skipped (run \`npm run build\` first)`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-bench-'));
  const store = await Store.open(dir);
  const scorer = createEmbeddedScorer();
  const detector = createTropeDetector();
  const app = await buildApp({ store, scorer, detector, uiDir });
  const debian = '/usr/bin/chromium';
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (fs.existsSync(debian) ? debian : undefined);
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const outcome = await importAndScore(store, { text: c.text, fileName: c.fileName }, { scorer, detector });
    if (!outcome.ok) throw new Error(outcome.message);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return await body(browser, `http://127.0.0.1:${port}`);
  } finally {
    await browser.close();
    await app.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
