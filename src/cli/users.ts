/**
 * Command line for the team's accounts (issue 14, docs/adr/0022-accounts-sessions-roles.md), on the same store the
 * server uses (a running server sees each change on its next request):
 *
 *   npm run --silent users -- add <name> --role ROLE      prints the one-time password as the last stdout line
 *   npm run --silent users -- list                        name, role, state, last login, creation
 *   npm run --silent users -- set-role <name> <role>
 *   npm run --silent users -- disable <name>              its sessions end at once
 *   npm run --silent users -- enable <name>
 *   npm run --silent users -- reset-password <name>       prints a new one-time password last; its sessions end
 *
 * Options: --data-dir DIR (env THREADSCOPE_DATA_DIR, default ./data), or --database-url URL (env
 * THREADSCOPE_DATABASE_URL: a PostgreSQL database shared by several servers; wins over the data dir). Only passwords and the listing go to stdout
 * (so `PASSWORD=$(npm run --silent users -- add ada --role admin)` works); messages go to stderr through messages.ts.
 * Every change is appended to the audit trail by the actor "cli:users". Exit codes: 0 done, 1 refused (name taken,
 * no such account, the last administrator, store unreadable), 2 usage.
 */
import type { UserSummary } from '../core/api.ts';
import { printable } from '../core/printable.ts';
import { isRole, ROLES, type Role } from '../core/roles.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import { AccountError, Accounts, type ChangeActor, usernameProblem } from '../app/auth/accounts.ts';
import type { ScryptParams } from '../app/auth/passwords.ts';
import { ConfigError, resolveDatabase, resolveDataDir } from '../app/config.ts';
import { Store, StoreError } from '../app/store/store.ts';
import type { CliIo } from './integration.ts';
import { messageLine } from './messages.ts';
import { runAsProgram } from './program.ts';

export type UsersIo = Pick<CliIo, 'stdout' | 'stderr' | 'env' | 'cwd'>;

/** The audit trail's actor for changes made here. */
export const CLI_ACTOR: ChangeActor = { name: 'cli:users', role: null };

export const USERS_USAGE = `Usage: npm run --silent users -- <command> [options]

Manages the accounts of the people who use the console (docs/adr/0022-accounts-sessions-roles.md).

Commands:
  add <name> --role ROLE     make an account (name: 1-64 letters, digits, ".", "_", "-"; case is ignored when names
                             are compared); ROLE is one of ${ROLES.join(', ')}. Its one-time password is printed
                             once, as the last line on stdout: the console asks the user to choose their own
  list                       every account: name, role, state, last login, creation
  set-role <name> <role>     give an account another role (its sessions keep working, with the new role)
  disable <name>             the account cannot log in and its sessions end at once
  enable <name>              the account can log in again
  reset-password <name>      a new one-time password, printed last on stdout; the account's sessions end

Options:
  --data-dir DIR        where the SQLite database lives (env THREADSCOPE_DATA_DIR, default ./data)
  --database-url URL    a PostgreSQL database instead (env THREADSCOPE_DATABASE_URL; wins over the data dir)
  --help                show this help

Exit codes: 0 done, 1 refused (the name is taken, no account has it, the last enabled administrator, the store cannot
be opened), 2 usage error.`;

export class UsageOrRefusal extends Error {
  constructor(readonly code: 1 | 2, message: string) {
    super(message);
  }
}

export type UsersCommand =
  | { name: 'add'; username: string; role: Role }
  | { name: 'list' }
  | { name: 'set-role'; username: string; role: Role }
  | { name: 'disable' | 'enable' | 'reset-password'; username: string }
  | { name: 'help' };

export interface ParsedUsers {
  command: UsersCommand;
  dataDir?: string;
  databaseUrl?: string;
}

const COMMANDS = ['add', 'list', 'set-role', 'disable', 'enable', 'reset-password'] as const;
const FLAGS = new Set(['role', 'data-dir', 'database-url']);

function splitArgs(argv: readonly string[]): { words: string[]; flags: Map<string, string>; help: boolean } {
  const words: string[] = [];
  const flags = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (!FLAGS.has(name)) throw new UsageOrRefusal(2, `unknown option --${name}`);
      if (flags.has(name)) throw new UsageOrRefusal(2, `--${name} given twice`);
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageOrRefusal(2, `--${name} needs a value`);
      flags.set(name, value);
    } else {
      words.push(arg);
    }
  }
  return { words, flags, help };
}

function nameArg(words: readonly string[], command: string, count: number): string {
  if (words.length < 2) throw new UsageOrRefusal(2, `${command} needs a user name`);
  if (words.length > count) throw new UsageOrRefusal(2, `${command} takes ${count - 1 === 1 ? 'one user name' : 'a user name and a role'}, got ${words.length - 1} words`);
  const username = words[1]!;
  const problem = usernameProblem(username);
  if (problem) throw new UsageOrRefusal(2, `user name "${username}": ${problem}`);
  return username;
}

function roleArg(raw: string | undefined, source: string): Role {
  if (raw === undefined) throw new UsageOrRefusal(2, `${source} is missing: one of ${ROLES.join(', ')}`);
  const role = raw.trim().toLowerCase();
  if (!isRole(role)) throw new UsageOrRefusal(2, `${source} "${raw}" is not a role: use one of ${ROLES.join(', ')}`);
  return role;
}

/** The command and options of argv; throws UsageOrRefusal (exit 2) for a usage error. */
export function parseUsersArgs(argv: readonly string[]): ParsedUsers {
  const { words, flags, help } = splitArgs(argv);
  const where = { dataDir: flags.get('data-dir'), databaseUrl: flags.get('database-url') };
  if (help) return { command: { name: 'help' }, ...where };
  const name = words[0];
  if (name === undefined) throw new UsageOrRefusal(2, `no command: use ${COMMANDS.join(', ')}`);
  if (!(COMMANDS as readonly string[]).includes(name)) throw new UsageOrRefusal(2, `unknown command "${name}": use ${COMMANDS.join(', ')}`);
  if (name !== 'add' && flags.has('role')) throw new UsageOrRefusal(2, name === 'set-role' ? 'set-role takes the role as a word: set-role <name> <role>' : '--role applies only to add');
  if (name === 'add') return { command: { name, username: nameArg(words, name, 2), role: roleArg(flags.get('role'), '--role') }, ...where };
  if (name === 'set-role') return { command: { name, username: nameArg(words, name, 3), role: roleArg(words[2], 'the role') }, ...where };
  if (name === 'list') {
    if (words.length > 1) throw new UsageOrRefusal(2, 'list takes no arguments');
    return { command: { name }, ...where };
  }
  return { command: { name: name as 'disable' | 'enable' | 'reset-password', username: nameArg(words, name, 2) }, ...where };
}

function listingTable(users: readonly UserSummary[]): string {
  const rows = [
    ['NAME', 'ROLE', 'STATE', 'LAST LOGIN', 'CREATED'],
    ...users.map((u) => [printable(u.username), u.role, u.disabledAt === null ? 'enabled' : 'disabled', u.lastLoginAt ?? 'never', u.createdAt]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

async function openStore(parsed: ParsedUsers, io: UsersIo): Promise<Store> {
  let locator;
  try {
    locator = resolveDatabase(parsed.databaseUrl, io.env, resolveDataDir(parsed.dataDir, io.env, io.cwd), parsed.dataDir !== undefined);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageOrRefusal(2, error.message);
    throw error;
  }
  try {
    return await Store.open(locator);
  } catch (error) {
    if (error instanceof StoreError) throw new UsageOrRefusal(1, error.message);
    throw error;
  }
}

async function execute(command: Exclude<UsersCommand, { name: 'help' }>, accounts: Accounts, io: UsersIo): Promise<void> {
  const say = (message: string) => io.stderr(messageLine(message));
  switch (command.name) {
    case 'add': {
      const { user, password } = await accounts.create(command.username, command.role, CLI_ACTOR);
      say(`created the account "${user.username}" (${user.role}); its one-time password is printed once, on stdout: the console asks for a new one at the first login`);
      io.stdout(`${password}\n`);
      return;
    }
    case 'list': {
      const users = await accounts.list();
      if (users.length === 0) say('no accounts yet; make the first administrator with: npm run --silent users -- add <name> --role admin');
      else io.stdout(`${listingTable(users)}\n`);
      return;
    }
    case 'set-role': {
      const user = await accounts.setRole(command.username, command.role, CLI_ACTOR);
      say(`"${user.username}" is now ${user.role}`);
      return;
    }
    case 'disable':
      say(`disabled "${(await accounts.disable(command.username, CLI_ACTOR)).username}"; its sessions have ended`);
      return;
    case 'enable':
      say(`enabled "${(await accounts.enable(command.username, CLI_ACTOR)).username}"`);
      return;
    case 'reset-password': {
      const { user, password } = await accounts.resetPassword(command.username, CLI_ACTOR);
      say(`reset the password of "${user.username}" and ended its sessions; the one-time password is printed once, on stdout`);
      io.stdout(`${password}\n`);
      return;
    }
  }
}

/** Runs one command (the program's argv); resolves to the exit code: 0 done, 1 refused, 2 usage error. */
export async function runUsers(argv: readonly string[], io: UsersIo, options: { scrypt?: ScryptParams } = {}): Promise<number> {
  try {
    const parsed = parseUsersArgs(argv);
    if (parsed.command.name === 'help') {
      io.stdout(`${USERS_USAGE}\n`);
      return 0;
    }
    const store = await openStore(parsed, io);
    try {
      await execute(parsed.command, new Accounts(store, new AuditLog(store), { scrypt: options.scrypt }), io);
    } catch (error) {
      if (error instanceof AccountError) throw new UsageOrRefusal(1, error.message);
      throw error;
    } finally {
      await store.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageOrRefusal) {
      io.stderr(messageLine(`users: ${error.message}${error.code === 2 ? ' (see --help)' : ''}`));
      return error.code;
    }
    io.stderr(messageLine(`users: internal error: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}

runAsProgram(import.meta.url, (argv, io) => runUsers(argv, io));
