/**
 * Past one machine (issue 15): two console servers and two job workers on one throw-away PostgreSQL database. The
 * servers run with `--workers 0`, so the worker processes do the work (ADR 0033): a moderator logged in on server A
 * imports a thread, which server A stores as an upload and enqueues; a worker imports it and the workers score it;
 * A's import dialog closes once that ended. A moderator logged in on server B sees the thread with its scores, sees
 * A's claim and rejection arrive live (through the database's live events, ADR 0031), and B's escalation reaches A.
 * The import has one audit entry. The accounts are made once, with the users command, in the shared database. The
 * two worker processes share the database (the schema's migrations and the queue's setup run under locks) and stop
 * cleanly on SIGTERM.
 *
 * Needs PostgreSQL's binaries (Debian's postgresql, which .ci/run installs); without them, and outside CI, it is skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { findPgBin, startCluster, type Cluster } from '../scripts/pg-cluster.ts';
import { openSql } from '../src/app/store/open-sql.ts';
import { queueRow, threadPane, startOwnServer, type OwnServer } from './helpers.ts';
import { addUser, logIn } from './team-helpers.ts';

const TITLE = 'Harbour bridge tolls';
const COMMENTS = [
  { thread_id: 'tolls', thread_title: TITLE, id: 'h1', parent_id: null, author: 'Ann Example', created_at: '2026-11-02T09:00:00Z', text: 'People like them should be thrown off the bridge.' },
  { thread_id: 'tolls', thread_title: TITLE, id: 'h2', parent_id: null, author: 'Bob Reader', created_at: '2026-11-02T09:05:00Z', text: 'The council hides where the toll money goes, ask who profits.' },
  { thread_id: 'tolls', thread_title: TITLE, id: 'h3', parent_id: null, author: 'Cleo Writer', created_at: '2026-11-02T09:10:00Z', text: 'The new toll booths were quick this morning.' },
];
/** The issue asks for "within a second" across servers; slack for a loaded CI machine's browsers. */
const LIVE_MS = 2_500;

function startWorker(databaseUrl: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker-process/main.ts', '--concurrency', '1', '--database-url', databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString('utf8'); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString('utf8'); });
  return { child, output: () => output };
}

async function openAs(browser: Browser, baseUrl: string, name: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, baseUrl, name, password);
  return page;
}

test.skip(findPgBin() === null && !process.env.CI, 'PostgreSQL is not installed (Debian\'s postgresql package)');

test('two console servers and two workers on one PostgreSQL: a thread, a claim and decisions cross between servers live', async ({ browser }) => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-two-servers-'));
  const file = path.join(dir, 'tolls.json');
  fs.writeFileSync(file, JSON.stringify(COMMENTS));
  let cluster: Cluster | null = null;
  const servers: OwnServer[] = [];
  const workers: Array<ReturnType<typeof startWorker>> = [];
  const pages: Page[] = [];
  let passed = false;
  try {
    cluster = await startCluster();
    const admin = await openSql({ kind: 'postgres', url: cluster.url });
    await admin.exec('CREATE DATABASE threadscope_e2e');
    await admin.close();
    const url = new URL(cluster.url);
    url.pathname = '/threadscope_e2e';
    const databaseUrl = url.toString();

    const passwords = { ada: await addUser({ databaseUrl }, 'ada', 'moderator'), bo: await addUser({ databaseUrl }, 'bo', 'moderator') };
    // Servers that only enqueue: the workers import and score.
    const serverArgs = ['--database-url', databaseUrl, '--workers', '0'];
    const [a, b] = await Promise.all([startOwnServer('pg-a', { args: serverArgs }), startOwnServer('pg-b', { args: serverArgs })]);
    servers.push(a!, b!);
    workers.push(startWorker(databaseUrl), startWorker(databaseUrl));

    const onA = await openAs(browser, a!.baseUrl, 'ada', passwords.ada);
    pages.push(onA);
    // The import runs as jobs: a worker takes it (workers look for jobs every 2 s), loads its model, imports, then
    // the workers score; the dialog stays open meanwhile, the progress shown as it goes.
    await onA.getByRole('button', { name: 'Import…' }).click();
    const dialog = onA.getByRole('dialog', { name: 'Import a thread' });
    await dialog.getByLabel('Choose file').setInputFiles(file);
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    const onB = await openAs(browser, b!.baseUrl, 'bo', passwords.bo);
    pages.push(onB);
    for (const page of [onA, onB]) {
      await expect(threadPane(page).getByRole('heading', { name: TITLE })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 15_000 });
    }
    // A worker imported the file and the workers scored it: B shows the scores (the POST answered after the scoring).
    await expect(queueRow(onB, 'Ann Example').locator('.score').first()).toHaveText(/^[01]\.\d\d$/);
    const logs = workers.map((w) => w.output()).join('\n');
    expect(logs.match(/"event":"job\.done","kind":"import-file"/g), logs).toHaveLength(1);
    expect(logs).toMatch(/"event":"job\.done","kind":"score-texts"/);
    const sql = await openSql({ kind: 'postgres', url: databaseUrl });
    try {
      expect(await sql.value("SELECT count(*)::int FROM audit_log WHERE action = 'import' AND thread_id = 'tolls' AND actor = 'ada'")).toBe(1);
    } finally {
      await sql.close();
    }

    // Ada claims on server A; Bo, on server B, sees who holds it.
    await queueRow(onA, 'Ann Example').click();
    await onA.keyboard.press('c');
    await expect(queueRow(onA, 'Ann Example')).toContainText('Claimed by you');
    await expect(queueRow(onB, 'Ann Example')).toContainText('Claimed by ada', { timeout: LIVE_MS });
    // Ada rejects it on A: B shows the decision and the end of the claim without a reload.
    await onA.getByRole('group', { name: 'Decide' }).getByRole('button', { name: 'Reject' }).click();
    await expect(queueRow(onA, 'Ann Example')).toContainText('Rejected');
    await expect(queueRow(onB, 'Ann Example')).toContainText('Rejected', { timeout: LIVE_MS });
    await expect(queueRow(onB, 'Ann Example')).not.toContainText('Claimed', { timeout: LIVE_MS });
    // Bo escalates on B: A shows it.
    await queueRow(onB, 'Bob Reader').click();
    await onB.getByRole('group', { name: 'Decide' }).getByRole('button', { name: 'Escalate' }).click();
    await expect(queueRow(onB, 'Bob Reader')).toContainText('Escalated');
    await expect(queueRow(onA, 'Bob Reader')).toContainText('Escalated', { timeout: LIVE_MS });

    // Both servers are ready on the shared database.
    for (const server of servers) expect((await fetch(new URL('/api/ready', server.baseUrl))).status).toBe(200);
    passed = true;
  } finally {
    for (const page of pages) await page.context().close();
    for (const server of servers) await server.stop();
    const exits = workers.map(({ child }) => new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('close', (code) => resolve(code));
    }));
    for (const { child } of workers) child.kill('SIGTERM');
    const codes = await Promise.all(exits);
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    // Checked only after the rest passed: a failure above must not be hidden behind this one.
    if (passed) expect(codes, workers.map((w) => w.output()).join('\n')).toEqual([0, 0]);
  }
});
