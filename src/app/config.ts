/**
 * Settings shared by every Node process of Threadscope (server, CLI, worker): the data directory, the scoring pool's
 * size, and the error that names a bad flag or variable. Each shell adds its own flags on top (src/server/config.ts).
 */
import os from 'node:os';
import path from 'node:path';
import { printable } from '../core/printable.ts';
import { locatorFrom } from './store/open-sql.ts';
import type { DatabaseLocator } from './store/sql.ts';

export const DEFAULT_DATA_DIR = './data';
/** Most score workers by default (each holds the model and the detector: about 40 MB of heap). */
export const MAX_DEFAULT_SCORE_WORKERS = 4;
/** Most score workers at all. */
export const MAX_SCORE_WORKERS = 32;

/** The default size of the scoring pool: the cores available to this process, at most MAX_DEFAULT_SCORE_WORKERS. */
export function defaultScoreWorkers(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_SCORE_WORKERS, os.availableParallelism()));
}

/** A setting that cannot be used; the message names the flag or variable and the value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Environment variables the server reads. */
export interface ConfigEnv {
  THREADSCOPE_PORT?: string | undefined;
  THREADSCOPE_HOST?: string | undefined;
  THREADSCOPE_DATA_DIR?: string | undefined;
  THREADSCOPE_SCORER?: string | undefined;
  THREADSCOPE_ALLOWED_HOSTS?: string | undefined;
  THREADSCOPE_SCORE_WORKERS?: string | undefined;
  THREADSCOPE_TRUST_PROXY?: string | undefined;
  THREADSCOPE_DATABASE_URL?: string | undefined;
  THREADSCOPE_LOG_LEVEL?: string | undefined;
}

/** Resolves the data directory from a flag value or the environment (shared with the CLI). */
export function resolveDataDir(flag: string | undefined, env: ConfigEnv, cwd: string): string {
  const raw = flag ?? env.THREADSCOPE_DATA_DIR ?? DEFAULT_DATA_DIR;
  const source = flag !== undefined ? '--data-dir' : env.THREADSCOPE_DATA_DIR !== undefined ? 'THREADSCOPE_DATA_DIR' : 'default data dir';
  if (raw.trim() === '') throw new ConfigError(`${source} must not be empty`);
  if (raw.includes('\0')) throw new ConfigError(`${source} contains a NUL character`);
  return path.resolve(cwd, raw);
}

/** The scoring pool's size from a flag value or THREADSCOPE_SCORE_WORKERS (shared with the CLI), else the default. */
export function resolveScoreWorkers(flag: string | undefined, env: ConfigEnv): number {
  const raw = flag ?? env.THREADSCOPE_SCORE_WORKERS;
  if (raw === undefined) return defaultScoreWorkers();
  const source = flag !== undefined ? '--score-workers' : 'THREADSCOPE_SCORE_WORKERS';
  const n = /^\s*\d{1,3}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 0 && n <= MAX_SCORE_WORKERS)) throw new ConfigError(`${source} must be a whole number from 0 (score on the main thread) to ${MAX_SCORE_WORKERS}, got "${printable(raw.slice(0, 20))}"`);
  return n;
}


/**
 * The database from a `--database-url` flag value or THREADSCOPE_DATABASE_URL (PostgreSQL, shared by several
 * servers and workers), else the SQLite file in `dataDir` (the embedded default). A flag beats the environment, as
 * everywhere: with `dataDirFlag` (the user gave `--data-dir`) THREADSCOPE_DATABASE_URL is not read, and both flags
 * at once are refused. A bad URL is a ConfigError that names the flag or variable and never shows the password.
 */
export function resolveDatabase(flag: string | undefined, env: ConfigEnv, dataDir: string, dataDirFlag = false): DatabaseLocator {
  if (flag !== undefined && dataDirFlag) throw new ConfigError('give --database-url or --data-dir, not both');
  const url = flag ?? (dataDirFlag ? undefined : env.THREADSCOPE_DATABASE_URL);
  const urlSource = flag !== undefined ? '--database-url' : 'THREADSCOPE_DATABASE_URL';
  if (flag !== undefined && flag.trim() === '') throw new ConfigError('--database-url must not be empty');
  try {
    return locatorFrom({ dataDir, databaseUrl: url, urlSource });
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}
