/**
 * Server settings from command-line flags and environment variables, validated with messages a person can act on.
 */
import net from 'node:net';
import { printable } from '../core/printable.ts';
import { ConfigError, type ConfigEnv, DEFAULT_DATA_DIR, MAX_DEFAULT_SCORE_WORKERS, resolveDatabase, resolveDataDir, resolveScoreWorkers } from '../app/config.ts';
import type { DatabaseLocator } from '../app/store/sql.ts';
import { isScorerChoice, SCORER_CHOICES, type ScorerChoice } from '../app/remote/registry.ts';
import { MAX_CONCURRENCY } from '../app/jobs/job-queue.ts';
import { normalizeHostName } from './request-boundary.ts';

/** Settings of one server process. */
export interface ServerConfig {
  /** TCP port (0 picks a free one). */
  port: number;
  /** Interface to listen on; loopback unless told otherwise (off loopback the server needs an account to start). */
  host: string;
  /** Absolute path of the directory holding threadscope.db. */
  dataDir: string;
  /** The database: the SQLite file in `dataDir`, or PostgreSQL from --database-url / THREADSCOPE_DATABASE_URL. */
  database: DatabaseLocator;
  /** Import the demo thread when the database is empty. */
  demo: boolean;
  /** True when `--help` was given: print usage and exit. */
  help: boolean;
  /** Which scorer scores comments (the trope detector always runs locally). */
  scorer: ScorerChoice;
  /** Host names the server answers for besides loopback and `host` (lowercase, no port): --allowed-host or THREADSCOPE_ALLOWED_HOSTS. */
  allowedHosts: string[];
  /** Worker threads of the scoring pool (ADR 0019); 0 scores on the main thread. */
  scoreWorkers: number;
  /**
   * Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed: behind a
   * TLS proxy the request then counts as https (Secure cookie, the Origin rule) and logins are rate limited per client
   * address. Empty: no proxy is trusted. --trust-proxy or THREADSCOPE_TRUST_PROXY.
   */
  trustProxy: string[];
  /** Least severe level of the server's JSON log lines on stdout (pino): --log-level or THREADSCOPE_LOG_LEVEL, default warn. */
  logLevel: LogLevel;
  /**
   * Jobs of each kind (imports, scoring) this server runs at once (ADR 0033): --workers or THREADSCOPE_WORKERS,
   * 0-64, default 1. 0 only enqueues (worker processes run the jobs): PostgreSQL only.
   */
  workers: number;
}

/** The server's environment variables: the shared ones and its own. */
export interface ServerEnv extends ConfigEnv {
  THREADSCOPE_WORKERS?: string | undefined;
}

export const DEFAULT_WORKERS = 1;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_PORT = 4317;
export const DEFAULT_HOST = '127.0.0.1';
export const SERVER_USAGE = `Usage: npm start -- [--port N] [--host ADDRESS] [--allowed-host NAME]... [--trust-proxy ADDRESS]... [--data-dir DIR] [--database-url URL] [--scorer NAME] [--score-workers N] [--workers N] [--no-demo]

  --port N          port to listen on (env THREADSCOPE_PORT, default ${DEFAULT_PORT})
  --host ADDRESS    interface to listen on (env THREADSCOPE_HOST, default ${DEFAULT_HOST});
                    on any other address the server starts only once an account exists (npm run --silent users -- add)
  --allowed-host NAME
                    also answer requests addressed to NAME (a host name or IP address, no port; repeatable;
                    env THREADSCOPE_ALLOWED_HOSTS, comma-separated). Loopback names and a specific --host address
                    are always answered; others get 421 (protection against DNS rebinding, docs/adr/0010)
  --trust-proxy ADDRESS
                    a reverse proxy (IP address or CIDR range; repeatable; env THREADSCOPE_TRUST_PROXY,
                    comma-separated) whose X-Forwarded-Proto and X-Forwarded-For are believed: behind a TLS proxy,
                    requests count as https (Secure session cookies) and logins are limited per client address
  --data-dir DIR    where threadscope.db lives (env THREADSCOPE_DATA_DIR, default ${DEFAULT_DATA_DIR})
  --database-url URL
                    keep everything in PostgreSQL instead (env THREADSCOPE_DATABASE_URL; postgres://user:password@host/db):
                    several servers can then share one database (docs/deploy.md)
  --scorer NAME      local, perspective or openai (env THREADSCOPE_SCORER, default local); perspective reads
                    PERSPECTIVE_API_KEY (and PERSPECTIVE_BASE_URL, PERSPECTIVE_QPS, PERSPECTIVE_LANGUAGE), openai reads
                    OPENAI_API_KEY (and OPENAI_BASE_URL, OPENAI_QPS); see docs/scoring-services.md
  --score-workers N worker threads that score comments and check them for tropes, off the thread that answers
                    requests (env THREADSCOPE_SCORE_WORKERS, default: the cores available, at most ${MAX_DEFAULT_SCORE_WORKERS}; 0 scores
                    on that thread); each loads the embedded model when the server starts (docs/adr/0019)
  --workers N       jobs of each kind (imports, scoring) this server runs at once, 0-${MAX_CONCURRENCY} (env THREADSCOPE_WORKERS,
                    default ${DEFAULT_WORKERS}); 0 only enqueues them for worker processes (npm run --silent worker), so it needs
                    --database-url: on SQLite nothing else would run them (docs/adr/0033)
  --log-level LEVEL one JSON line per event at LEVEL or worse: fatal, error, warn (default), info (also each request:
                    method, URL without keys, status, time) or debug (env THREADSCOPE_LOG_LEVEL); no line ever holds
                    comment text, a password, a token, a cookie, an API key or a database password
  --no-demo         do not import the demo thread into an empty database
  --help            show this help`;

function parsePort(raw: string, source: string): number {
  if (!/^\d{1,5}$/.test(raw.trim())) throw new ConfigError(`${source} must be a whole number from 0 to 65535, got "${raw}"`);
  const port = Number(raw.trim());
  if (port > 65535) throw new ConfigError(`${source} must be a whole number from 0 to 65535, got "${raw}"`);
  return port;
}

function parseHost(raw: string, source: string): string {
  const host = raw.trim();
  if (host === '' || !/^[A-Za-z0-9.:\-[\]%]+$/.test(host)) throw new ConfigError(`${source} must be a host name or IP address, got "${raw}"`);
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Names that look like a wildcard, a URL or a host with a port, with the hint that fixes each. */
const ALLOWED_HOST_HINTS: ReadonlyArray<[RegExp, string]> = [
  [/^[a-z][a-z0-9+.-]*:\/\//i, 'give the name without a scheme (no http://)'],
  [/\//, 'give the name without a path'],
  [/^\*|\*/, 'wildcards are not supported: name each host (names under .localhost are always answered)'],
  [/^[^:[\]]+:\d+$|^\[.*\]:\d+$/, 'give the name without a port: every port of an allowed name is answered'],
];

/** A DNS name (labels of letters, digits and hyphens), an IPv4 address or an IPv6 address (brackets optional). */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const IPV6 = /^\[?[0-9a-f:.]*:[0-9a-f:.]*\]?$/i;

function parseAllowedHost(raw: string, source: string): string {
  const name = raw.trim();
  if (name === '') throw new ConfigError(`${source} has an empty name`);
  for (const [pattern, hint] of ALLOWED_HOST_HINTS) {
    if (pattern.test(name)) throw new ConfigError(`${source} must be a host name or IP address, got "${printable(name.slice(0, 100))}": ${hint}`);
  }
  if (!(HOST_NAME.test(name) && name.length <= 253) && !IPV6.test(name)) {
    throw new ConfigError(`${source} must be a host name or IP address (letters, digits, hyphens and dots), got "${printable(name.slice(0, 100))}"`);
  }
  return normalizeHostName(name);
}

/** The allowed host names: every --allowed-host flag, else THREADSCOPE_ALLOWED_HOSTS split at commas. */
function parseAllowedHosts(flags: readonly string[], fromEnv: string | undefined): string[] {
  const names = flags.length > 0
    ? flags.map((flag) => parseAllowedHost(flag, '--allowed-host'))
    : (fromEnv ?? '').split(',').filter((part) => part.trim() !== '').map((part) => parseAllowedHost(part, 'THREADSCOPE_ALLOWED_HOSTS'));
  return [...new Set(names)];
}

/** An IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`) of a trusted proxy. */
function parseProxyAddress(raw: string, source: string): string {
  const value = raw.trim();
  const slash = value.indexOf('/');
  const ip = slash === -1 ? value : value.slice(0, slash);
  const version = net.isIP(ip);
  const bits = slash === -1 ? null : value.slice(slash + 1);
  const bitsOk = bits === null || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
  if (version === 0 || !bitsOk) throw new ConfigError(`${source} must be an IP address or a CIDR range (like 127.0.0.1 or 10.0.0.0/8), got "${printable(value.slice(0, 100))}"`);
  return value;
}

function parseTrustProxy(flags: readonly string[], fromEnv: string | undefined): string[] {
  const values = flags.length > 0
    ? flags.map((flag) => parseProxyAddress(flag, '--trust-proxy'))
    : (fromEnv ?? '').split(',').filter((part) => part.trim() !== '').map((part) => parseProxyAddress(part, 'THREADSCOPE_TRUST_PROXY'));
  return [...new Set(values)];
}

/** Parses `argv` (without node and script) and `env` into settings. Throws ConfigError with a clear message. */
export function parseServerConfig(argv: readonly string[], env: ServerEnv, cwd: string): ServerConfig {
  const flags = new Map<string, string>();
  const allowedHostFlags: string[] = [];
  const trustProxyFlags: string[] = [];
  let demo = true;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-demo') { demo = false; continue; }
    if (arg === '--help' || arg === '-h') { help = true; continue; }
    const match = /^--(port|host|allowed-host|trust-proxy|data-dir|database-url|scorer|score-workers|workers|log-level)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new ConfigError(`unknown option "${arg}"`);
    const name = match[1]!;
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ConfigError(`--${name} needs a value`);
      i++;
    }
    if (name === 'allowed-host') allowedHostFlags.push(value);
    else if (name === 'trust-proxy') trustProxyFlags.push(value);
    else flags.set(name, value);
  }
  const dataDir = resolveDataDir(flags.get('data-dir'), env, cwd);
  const portFlag = flags.get('port');
  const hostFlag = flags.get('host');
  const database = resolveDatabase(flags.get('database-url'), env, dataDir, flags.has('data-dir'));
  return {
    port: portFlag !== undefined ? parsePort(portFlag, '--port')
      : env.THREADSCOPE_PORT !== undefined ? parsePort(env.THREADSCOPE_PORT, 'THREADSCOPE_PORT') : DEFAULT_PORT,
    host: hostFlag !== undefined ? parseHost(hostFlag, '--host')
      : env.THREADSCOPE_HOST !== undefined ? parseHost(env.THREADSCOPE_HOST, 'THREADSCOPE_HOST') : DEFAULT_HOST,
    dataDir,
    database,
    demo,
    help,
    scorer: parseScorer(flags.get('scorer'), env.THREADSCOPE_SCORER),
    allowedHosts: parseAllowedHosts(allowedHostFlags, env.THREADSCOPE_ALLOWED_HOSTS),
    scoreWorkers: resolveScoreWorkers(flags.get('score-workers'), env),
    trustProxy: parseTrustProxy(trustProxyFlags, env.THREADSCOPE_TRUST_PROXY),
    logLevel: parseLogLevel(flags.get('log-level'), env.THREADSCOPE_LOG_LEVEL),
    workers: parseWorkers(flags.get('workers'), env.THREADSCOPE_WORKERS, database),
  };
}

/** --workers / THREADSCOPE_WORKERS: 0-64, default 1; 0 is refused on SQLite, where only this server runs jobs. */
function parseWorkers(flag: string | undefined, fromEnv: string | undefined, database: DatabaseLocator): number {
  const raw = flag ?? fromEnv;
  if (raw === undefined) return DEFAULT_WORKERS;
  const source = flag !== undefined ? '--workers' : 'THREADSCOPE_WORKERS';
  const n = /^\s*\d{1,3}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 0 && n <= MAX_CONCURRENCY)) {
    throw new ConfigError(`${source} must be a whole number from 0 (only enqueue jobs for worker processes) to ${MAX_CONCURRENCY}, got "${printable(raw.slice(0, 20))}"`);
  }
  if (n === 0 && database.kind === 'sqlite') {
    throw new ConfigError(`${source} 0 needs PostgreSQL: on SQLite this server is the only process that runs jobs, so with no workers nothing would run them; leave ${source} out (default ${DEFAULT_WORKERS}), or share a PostgreSQL database (--database-url) with worker processes (npm run --silent worker)`);
  }
  return n;
}

function parseLogLevel(flag: string | undefined, fromEnv: string | undefined): LogLevel {
  const raw = (flag ?? fromEnv ?? 'warn').trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  const source = flag !== undefined ? '--log-level' : 'THREADSCOPE_LOG_LEVEL';
  throw new ConfigError(`${source} must be one of ${LOG_LEVELS.join(', ')}, got "${printable(raw.slice(0, 20))}"`);
}

function parseScorer(flag: string | undefined, fromEnv: string | undefined): ScorerChoice {
  const raw = (flag ?? fromEnv ?? 'local').trim();
  if (isScorerChoice(raw)) return raw;
  const source = flag !== undefined ? '--scorer' : 'THREADSCOPE_SCORER';
  throw new ConfigError(`${source} must be one of ${SCORER_CHOICES.join(', ')}, got "${raw.slice(0, 40)}"`);
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The URL a person on this machine opens for a server listening on `host:port`. */
export function consoleUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}/`;
  return host.includes(':') ? `http://[${host}]:${port}/` : `http://${host}:${port}/`;
}
