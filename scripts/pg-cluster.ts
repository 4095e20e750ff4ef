/**
 * A throw-away PostgreSQL cluster for tests and benchmarks: `initdb` into a temporary folder, a server on 127.0.0.1
 * at a free port with durability switched off for speed (fsync, synchronous_commit, full_page_writes), trust
 * authentication for the user `threadscope`. `stop()` stops the server and removes the folder.
 *
 * Contract: `findPgBin()` is the folder of `initdb`/`pg_ctl` (`THREADSCOPE_PG_BIN` when set, else
 * `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin), or null when PostgreSQL is not installed.
 * As root (initdb refuses to run as root) the folder is given to the `postgres` user and every command runs through
 * `runuser -u postgres --`.
 * `startCluster()` throws with the server's log tail when the cluster cannot start. The URL names the `postgres`
 * maintenance database; create databases of your own on it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  url: string;
  stop(): Promise<void>;
}

const USER = 'threadscope';

function hasServerBinaries(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((name) => fs.existsSync(path.join(dir, name)));
}

/** The PostgreSQL server binaries' folder, or null when they are not installed. THREADSCOPE_PG_BIN overrides the search. */
export function findPgBin(): string | null {
  const given = process.env.THREADSCOPE_PG_BIN?.trim();
  if (given) return hasServerBinaries(given) ? given : null;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (hasServerBinaries(dir)) return dir;
  } catch {
    // No pg_config on the PATH: look where Debian installs the server.
  }
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = path.join(root, version, 'bin');
    if (hasServerBinaries(dir)) return dir;
  }
  return null;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a PostgreSQL binary (as `postgres` when we are root); throws with its output when it fails. */
function runPg(bin: string, args: string[], asPostgres: boolean): void {
  const [command, ...rest] = asPostgres ? ['runuser', '-u', 'postgres', '--', bin, ...args] : [bin, ...args];
  const result = spawnSync(command!, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw new Error(`${path.basename(bin)} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed (exit ${result.status}): ${(result.stderr || result.stdout).trim().slice(-2000)}`);
}

function logTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-15).join('\n');
  } catch {
    return '(no server log)';
  }
}

export async function startCluster(): Promise<Cluster> {
  const bin = findPgBin();
  if (bin === null) throw new Error('PostgreSQL is not installed (no initdb: install Debian\'s postgresql package)');
  const asPostgres = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadscope-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    if (asPostgres) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      fs.chownSync(dir, uid, gid);
    }
    runPg(path.join(bin, 'initdb'), ['-D', data, '--auth=trust', `--username=${USER}`, '--encoding=UTF8', '--locale=C', '--no-sync'], asPostgres);
    // The port is free when chosen but could be taken before the server binds it: one more try with another port.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = [
        `-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`, '-c max_connections=200',
        '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off',
      ].join(' ');
      try {
        runPg(path.join(bin, 'pg_ctl'), ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options], asPostgres);
        break;
      } catch (error) {
        const tail = logTail(log);
        if (attempt < 2 && /could not bind|already in use/i.test(tail)) continue;
        throw new Error(`${(error as Error).message}\n${tail}`);
      }
    }
    let stopped: Promise<void> | null = null;
    return {
      url: `postgres://${USER}@127.0.0.1:${port}/postgres`,
      stop() {
        stopped ??= (async () => {
          try {
            runPg(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], asPostgres);
          } finally {
            remove();
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
