/**
 * Command line of the integrations (`npm run --silent integration -- <command>`), writing to the same store the
 * server reads on every request (no restart needed):
 *
 * - `coral-secret [--drop-old] [--stdin] [--data-dir DIR]`: adds a Coral signing secret and prints it as the last
 *   line on stdout. A new random one by default; with `--stdin`, the secret Coral's admin shows for the phase
 *   (Coral makes its own secrets) is read from stdin, never from the command line. Older secrets stay valid for the
 *   roll unless `--drop-old`.
 * - `coral-policy [FILE.json | --reset] [--data-dir DIR]`: prints the phase policy as JSON (the stored one, or the
 *   default); with FILE.json validates and stores that policy first; `--reset` goes back to the default.
 *
 * `--database-url URL` (env THREADSCOPE_DATABASE_URL) works on a PostgreSQL database instead of the data dir's SQLite.
 *
 * Messages go to stderr as "threadscope: ..." (messages.ts); exit 0 done, 1 refused (a bad secret, policy or store),
 * 2 usage error. Secrets are printed only as the command's own result, never in a message or the audit trail.
 * Every change (a secret added, a policy stored or reset) is audited as `integration.change` by `cli:integration`
 * (docs/adr/0023-audit-trail.md); printing the policy is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AuditLog } from '../app/audit/audit-log.ts';
import { ConfigError, resolveDatabase, resolveDataDir } from '../app/config.ts';
import { coralSettingsFor, CoralSettingsError } from '../app/coral/settings.ts';
import { Store, StoreError } from '../app/store/store.ts';
import { CliError } from './args.ts';
import { messageLine } from './messages.ts';

/** The audit trail's actor of this tool. */
export const INTEGRATION_ACTOR = 'cli:integration';

const auditChange = async (store: Store, what: string): Promise<void> => {
  await new AuditLog(store).append({ actor: INTEGRATION_ACTOR, actorRole: null, action: 'integration.change', what });
};

export const INTEGRATION_USAGE = `Usage: npm run --silent integration -- <command> [options]

Commands:
  coral-secret            add a signing secret for Coral's external moderation phase and print it (last line);
                          the previous secrets stay valid, so Coral can roll its secret without a gap
    --stdin               read the secret from stdin (paste the one Coral's admin shows for the phase) instead
                          of making a new random one
    --drop-old            keep only this secret
  coral-policy [FILE]     print the phase policy (JSON); with FILE.json store that policy first
    --reset               go back to the default policy

Options:
  --data-dir DIR          where the SQLite database lives (env THREADSCOPE_DATA_DIR, default ./data)
  --database-url URL      a PostgreSQL database instead (env THREADSCOPE_DATABASE_URL; wins over the data dir)
  --help                  show this help

See docs/adr/0015-coral-external-phase.md for the policy's fields and defaults.`;

/** Where the command writes and reads. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The whole of stdin (read only by `coral-secret --stdin`). */
  readStdin: () => string;
  env: Record<string, string | undefined>;
  cwd: string;
}

interface IntegrationArgs {
  command: 'coral-secret' | 'coral-policy' | 'help';
  file?: string;
  dataDir?: string;
  databaseUrl?: string;
  dropOld: boolean;
  stdin: boolean;
  reset: boolean;
}

const SWITCHES = { '--drop-old': 'dropOld', '--stdin': 'stdin', '--reset': 'reset' } as const;
/** Options with a value (`--flag value` or `--flag=value`), each at most once. */
const VALUED: ReadonlyArray<readonly ['--data-dir' | '--database-url', 'dataDir' | 'databaseUrl']> = [['--data-dir', 'dataDir'], ['--database-url', 'databaseUrl']];

/** Which switches each command takes. */
const ALLOWED: Record<'coral-secret' | 'coral-policy', readonly string[]> = {
  'coral-secret': ['--drop-old', '--stdin'],
  'coral-policy': ['--reset'],
};

export function parseIntegrationArgs(argv: readonly string[]): IntegrationArgs {
  const args: IntegrationArgs = { command: 'help', dropOld: false, stdin: false, reset: false };
  const positional: string[] = [];
  const switches: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ...args, command: 'help' };
    if (arg in SWITCHES) { switches.push(arg); args[SWITCHES[arg as keyof typeof SWITCHES]] = true; continue; }
    const valued = VALUED.find(([flag]) => arg === flag || arg.startsWith(`${flag}=`));
    if (valued !== undefined) {
      const [flag, field] = valued;
      const value = arg.includes('=') ? arg.slice(flag.length + 1) : argv[++i];
      if (value === undefined || value === '' || value.startsWith('--')) throw new CliError(2, `${flag} needs a value`);
      if (args[field] !== undefined) throw new CliError(2, `${flag} is given twice`);
      args[field] = value;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') throw new CliError(2, `unknown option "${arg}"`);
    positional.push(arg);
  }
  const [command, ...rest] = positional;
  if (command === undefined) throw new CliError(2, 'no command given; the commands are coral-secret and coral-policy');
  if (command !== 'coral-secret' && command !== 'coral-policy') throw new CliError(2, `unknown command "${command}"; the commands are coral-secret and coral-policy`);
  const wrong = switches.find((s) => !ALLOWED[command].includes(s));
  if (wrong) throw new CliError(2, `${command} does not take ${wrong}`);
  if (command === 'coral-secret' && rest.length > 0) throw new CliError(2, 'coral-secret takes no argument (pass a secret Coral made with --stdin)');
  if (command === 'coral-policy' && rest.length > 1) throw new CliError(2, 'coral-policy takes at most one policy file');
  if (command === 'coral-policy' && rest.length === 1 && args.reset) throw new CliError(2, 'give a policy file or --reset, not both');
  return { ...args, command, file: rest[0] };
}

function readPolicyFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(1, `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(1, `${file}: is not valid JSON`);
  }
}

async function openStore(args: IntegrationArgs, io: CliIo): Promise<Store> {
  try {
    return await Store.open(resolveDatabase(args.databaseUrl, io.env, resolveDataDir(args.dataDir, io.env, io.cwd), args.dataDir !== undefined));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(2, error.message);
    if (error instanceof StoreError) throw new CliError(1, error.message);
    throw error;
  }
}

async function coralSecret(store: Store, args: IntegrationArgs, io: CliIo): Promise<void> {
  const given = args.stdin ? io.readStdin().trim() : undefined;
  if (given === '') throw new CliError(1, 'stdin held no secret');
  const { secret, valid } = await coralSettingsFor(store).addSecret({ secret: given, dropOld: args.dropOld });
  await auditChange(store, `Coral signing secret ${given === undefined ? 'made' : 'stored from stdin'}; ${valid} valid${args.dropOld ? ' (older ones dropped)' : ''}`);
  const kept = valid === 1 ? 'it is the only valid secret' : `${valid} secrets are valid (the older ones for the roll; --drop-old keeps only the newest)`;
  io.stderr(messageLine(`Coral signing secret ${given === undefined ? 'made' : 'stored'}; ${kept}. Coral signs with it as X-Coral-Signature.`));
  io.stdout(`${secret}\n`);
}

async function coralPolicy(store: Store, args: IntegrationArgs, io: CliIo): Promise<void> {
  const settings = coralSettingsFor(store);
  if (args.reset) {
    await settings.resetPolicy();
    await auditChange(store, 'Coral phase policy reset to the default');
    io.stderr(messageLine('Coral phase policy reset to the default.'));
  } else if (args.file !== undefined) {
    await settings.setPolicy(readPolicyFile(args.file));
    await auditChange(store, `Coral phase policy stored from ${path.basename(args.file)}`);
    io.stderr(messageLine(`Coral phase policy stored from ${args.file}.`));
  }
  io.stdout(`${JSON.stringify(await settings.policy(), null, 2)}\n`);
}

/** Runs one command; resolves to the exit code. */
export async function runIntegration(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseIntegrationArgs(argv);
    if (args.command === 'help') {
      io.stdout(`${INTEGRATION_USAGE}\n`);
      return 0;
    }
    const store = await openStore(args, io);
    try {
      if (args.command === 'coral-secret') await coralSecret(store, args, io);
      else await coralPolicy(store, args, io);
    } finally {
      await store.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(messageLine(`${error.message}${error.code === 2 ? ' (see --help)' : ''}`));
      return error.code;
    }
    if (error instanceof CoralSettingsError) {
      io.stderr(messageLine(error.message));
      return 1;
    }
    io.stderr(messageLine(`internal error: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runIntegration(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => fs.readFileSync(0, 'utf8'),
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
