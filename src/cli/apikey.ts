/**
 * Command line for the API keys of the Perspective-compatible API (issue 12), on the same store the server uses:
 *
 *   npm run --silent apikey -- create <label> [--qps N] [--data-dir DIR]   prints the new key as the last stdout line
 *   npm run --silent apikey -- list [--data-dir DIR]                        label, rate, usage; never a key
 *   npm run --silent apikey -- revoke <label> [--data-dir DIR]              the key stops working within a second
 *
 * `--database-url URL` (env THREADSCOPE_DATABASE_URL) works on a PostgreSQL database instead of the data dir's SQLite.
 *
 * Only the key goes to stdout (so `KEY=$(npm run --silent apikey -- create coral)` works); every other line goes to
 * stderr through messages.ts. Exit codes: 0 done, 1 refused (label taken, no such label, store unreadable), 2 usage.
 */
import type { ApiKeyUsage } from '../core/api.ts';
import { AuditLog } from '../app/audit/audit-log.ts';
import { ConfigError, resolveDatabase, resolveDataDir } from '../app/config.ts';
import { ApiKeyError, ApiKeys, DEFAULT_QPS, labelProblem, qpsProblem } from '../app/perspective-compat/api-keys.ts';
import { Store, StoreError } from '../app/store/store.ts';
import { printable } from '../core/printable.ts';
import type { CliIo } from './integration.ts';
import { messageLine } from './messages.ts';
import { runAsProgram } from './program.ts';

/** Where a command writes and what it reads of its process (the process's own when run as the program). */
export type ApikeyIo = Pick<CliIo, 'stdout' | 'stderr' | 'env' | 'cwd'>;

export const APIKEY_USAGE = `Usage: npm run --silent apikey -- <command> [options]

Manages the keys callers of the Perspective-compatible API (POST /v1alpha1/comments:analyze?key=...) present.

Commands:
  create <label> [--qps N]   make a key for <label> (letters, digits, ".", "_", "-"; at most 64) with a rate of N
                             requests a second (default ${DEFAULT_QPS}); the key is printed once, as the last line
                             on stdout, and stored only as a SHA-256 hash
  list                       the live keys: label, rate, requests, last use, creation (never the keys)
  revoke <label>             the key labelled <label> stops working (within a second on a running server)

Options:
  --data-dir DIR        where the SQLite database lives (env THREADSCOPE_DATA_DIR, default ./data)
  --database-url URL    a PostgreSQL database instead (env THREADSCOPE_DATABASE_URL; wins over the data dir)
  --help                show this help

Exit codes: 0 done, 1 refused (a live key already has the label, no key has it, the store cannot be opened),
2 usage error.`;

/** A failure to report as one line; `code` is the exit code (2 usage, 1 refused). */
export class UsageOrRefusal extends Error {
  constructor(readonly code: 1 | 2, message: string) {
    super(message);
  }
}

export type Command = { name: 'create'; label: string; qps: number } | { name: 'list' } | { name: 'revoke'; label: string } | { name: 'help' };

export interface Parsed {
  command: Command;
  dataDir?: string;
  databaseUrl?: string;
}

/** Splits argv into positional words and --flag values (`--flag value` or `--flag=value`). */
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
      if (name !== 'qps' && name !== 'data-dir' && name !== 'database-url') throw new UsageOrRefusal(2, `unknown option --${name}`);
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

/** The label argument of create/revoke, validated. */
function labelArg(words: readonly string[], command: string): string {
  if (words.length < 2) throw new UsageOrRefusal(2, `${command} needs a label`);
  if (words.length > 2) throw new UsageOrRefusal(2, `${command} takes one label, got ${words.length - 1} words`);
  const label = words[1]!;
  const problem = labelProblem(label);
  if (problem) throw new UsageOrRefusal(2, `label "${label}": ${problem}`);
  return label;
}

/** The --qps value, validated (default DEFAULT_QPS). */
function qpsArg(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_QPS;
  const qps = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  const problem = qpsProblem(qps);
  if (problem) throw new UsageOrRefusal(2, `--qps "${raw}": ${problem}`);
  return qps;
}

/** The command and options of argv; throws UsageOrRefusal (exit 2) for a usage error. */
export function parseApikeyArgs(argv: readonly string[]): Parsed {
  const { words, flags, help } = splitArgs(argv);
  const where = { dataDir: flags.get('data-dir'), databaseUrl: flags.get('database-url') };
  if (help) return { command: { name: 'help' }, ...where };
  const name = words[0];
  if (name === undefined) throw new UsageOrRefusal(2, 'no command: use create, list or revoke');
  if (name !== 'create' && flags.has('qps')) throw new UsageOrRefusal(2, '--qps applies only to create');
  if (name === 'create') return { command: { name, label: labelArg(words, name), qps: qpsArg(flags.get('qps')) }, ...where };
  if (name === 'revoke') return { command: { name, label: labelArg(words, name) }, ...where };
  if (name === 'list') {
    if (words.length > 1) throw new UsageOrRefusal(2, 'list takes no arguments');
    return { command: { name }, ...where };
  }
  throw new UsageOrRefusal(2, `unknown command "${name}": use create, list or revoke`);
}

/** The listing as aligned columns, a header first. */
function listingTable(keys: readonly ApiKeyUsage[]): string {
  const rows = [['LABEL', 'QPS', 'REQUESTS', 'LAST USED', 'CREATED'], ...keys.map((k) => [printable(k.label), String(k.qps), String(k.requests), k.lastUsedAt ?? 'never', k.createdAt])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

async function openStore(parsed: Parsed, io: ApikeyIo): Promise<Store> {
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

/** The audit trail's actor of this tool (docs/adr/0023-audit-trail.md). */
export const APIKEY_ACTOR = 'cli:apikey';

/** Runs one command against the store; a created or revoked key is audited. */
async function execute(command: Exclude<Command, { name: 'help' }>, keys: ApiKeys, audit: AuditLog, io: ApikeyIo): Promise<void> {
  if (command.name === 'create') {
    let created;
    try {
      created = await keys.create(command.label, command.qps);
    } catch (error) {
      if (error instanceof ApiKeyError) throw new UsageOrRefusal(1, error.message);
      throw error;
    }
    await audit.append({ actor: APIKEY_ACTOR, actorRole: null, action: 'apikey.create', what: `key "${created.label}" (${created.qps} requests a second)` });
    io.stderr(messageLine(`created a key for "${created.label}" (${created.qps} requests a second); the key is printed once, on stdout, and stored only as a hash`));
    io.stdout(`${created.key}\n`);
  } else if (command.name === 'list') {
    const listing = await keys.list();
    if (listing.length === 0) io.stderr(messageLine('no live API keys; make one with: npm run --silent apikey -- create <label>'));
    else io.stdout(`${listingTable(listing)}\n`);
  } else if (!(await keys.revoke(command.label))) {
    throw new UsageOrRefusal(1, `no live key is labelled "${command.label}" (see: npm run --silent apikey -- list)`);
  } else {
    await audit.append({ actor: APIKEY_ACTOR, actorRole: null, action: 'apikey.revoke', what: `key "${command.label}"` });
    io.stderr(messageLine(`revoked the key labelled "${command.label}"`));
  }
}

/** Runs one command (the program's argv); resolves to the exit code: 0 done, 1 refused, 2 usage error. */
export async function runApikey(argv: readonly string[], io: ApikeyIo): Promise<number> {
  try {
    const parsed = parseApikeyArgs(argv);
    if (parsed.command.name === 'help') {
      io.stdout(`${APIKEY_USAGE}\n`);
      return 0;
    }
    const store = await openStore(parsed, io);
    try {
      await execute(parsed.command, new ApiKeys(store), new AuditLog(store), io);
    } finally {
      await store.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageOrRefusal) {
      io.stderr(messageLine(`apikey: ${error.message}${error.code === 2 ? ' (see --help)' : ''}`));
      return error.code;
    }
    io.stderr(messageLine(`apikey: internal error: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}

runAsProgram(import.meta.url, (argv, io) => runApikey(argv, io));
