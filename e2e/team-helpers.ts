/**
 * Steps of the team's end-to-end tests (issue 14): make an account with the users command on a server's data directory
 * (a spec's own server, `startOwnServer` in helpers.ts), and log in through the console's login page. The command runs
 * in the test's process (runUsers, what `npm run users` runs, saving a process start of ~1.3 s of a core per account;
 * src/cli/users.test.ts runs it as a program).
 *
 *   const server = await startOwnServer('team', { prepare: async (dir) => { password = await addUser(dir, 'ada', 'admin'); } });
 *   await logIn(page, server.baseUrl, 'ada', password);
 *
 * `addUser` may also run while the server is up: the server reads accounts on each request.
 */
import { expect, type Page } from '@playwright/test';
import { runUsers } from '../src/cli/users.ts';

export type TeamRole = 'viewer' | 'moderator' | 'editor' | 'admin';

/** Where the accounts are: a server's data directory, or a PostgreSQL database. */
export type AccountsAt = string | { databaseUrl: string };

/** Runs the users command (`npm run users -- <args> --data-dir <dataDir>` or `--database-url`); returns its stdout, throws on a non-zero exit. */
export async function users(at: AccountsAt, ...args: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const where = typeof at === 'string' ? ['--data-dir', at] : ['--database-url', at.databaseUrl];
  const code = await runUsers([...args, ...where], { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, env: {}, cwd: process.cwd() });
  if (code !== 0) throw new Error(`users ${args.join(' ')} failed (${code}): ${stderr}`);
  return stdout;
}

/** Runs `npm run users -- add <name> --role <role>` on `at`; returns the one-time password it printed. */
export async function addUser(at: AccountsAt, name: string, role: TeamRole): Promise<string> {
  const lines = (await users(at, 'add', name, '--role', role)).trimEnd().split('\n');
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
