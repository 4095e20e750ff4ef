/**
 * Steps of the team's end-to-end tests (issue 14): make an account with the users CLI on a server's data directory
 * (a spec's own server, `startOwnServer` in helpers.ts), and log in through the console's login page.
 *
 *   const server = await startOwnServer('team', { prepare: (dir) => { password = addUser(dir, 'ada', 'admin'); } });
 *   await logIn(page, server.baseUrl, 'ada', password);
 *
 * `addUser` may also run while the server is up: the server reads accounts on each request.
 */
import { spawnSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

export type TeamRole = 'viewer' | 'moderator' | 'editor' | 'admin';

/** Runs the users command (`npm run users -- <args> --data-dir <dataDir>`); returns its stdout, throws on a non-zero exit. */
export function users(dataDir: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/users.ts', ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`users ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

/** Runs `npm run users -- add <name> --role <role> --data-dir <dataDir>`; returns the one-time password it printed. */
export function addUser(dataDir: string, name: string, role: TeamRole): string {
  const lines = users(dataDir, 'add', name, '--role', role).trimEnd().split('\n');
  const password = lines[lines.length - 1]!;
  if (password.length < 12) throw new Error(`users add ${name} printed no password: ${lines.join('\n')}`);
  return password;
}

/** The top bar's account button of the logged-in user (named "Account: <name> (<role>)"). */
export function accountButton(page: Page, name: string) {
  return page.getByRole('button', { name: new RegExp(`^Account: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) });
}

/** Opens `baseUrl` (or `path` under it), logs in through the login page and waits for the console. */
export async function logIn(page: Page, baseUrl: string, name: string, password: string, path = '/'): Promise<void> {
  await page.goto(new URL(path, baseUrl).href);
  const form = page.getByRole('form', { name: 'Log in to Threadscope' });
  await expect(form).toBeVisible();
  await form.getByLabel('Username').fill(name);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(accountButton(page, name)).toBeVisible({ timeout: 15_000 });
}

/** Logs out through the account menu and waits for the login page. */
export async function logOut(page: Page, name: string): Promise<void> {
  await accountButton(page, name).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page.getByRole('form', { name: 'Log in to Threadscope' })).toBeVisible();
}
