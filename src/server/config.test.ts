import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, defaultScoreWorkers } from '../app/config.ts';
import { consoleUrl, isLoopback, parseServerConfig } from './config.ts';

const CWD = path.resolve('/srv/threadscope');

describe('parseServerConfig', () => {
  it('defaults to loopback, port 4317, ./data and the demo', () => {
    expect(parseServerConfig([], {}, CWD)).toEqual({ port: 4317, host: '127.0.0.1', dataDir: path.join(CWD, 'data'), database: { kind: 'sqlite', file: path.join(CWD, 'data', 'threadscope.db') }, demo: true, help: false, scorer: 'local', allowedHosts: [], scoreWorkers: defaultScoreWorkers(), trustProxy: [], logLevel: 'warn', workers: 1 });
  });

  it('reads flags in both spellings, flags winning over the environment', () => {
    const env = { THREADSCOPE_PORT: '5000', THREADSCOPE_HOST: '0.0.0.0', THREADSCOPE_DATA_DIR: '/var/ts' };
    expect(parseServerConfig([], env, CWD)).toMatchObject({ port: 5000, host: '0.0.0.0', dataDir: path.resolve('/var/ts') });
    expect(parseServerConfig(['--port', '6000', '--host=::1', '--data-dir', 'db', '--no-demo'], env, CWD))
      .toEqual({ port: 6000, host: '::1', dataDir: path.join(CWD, 'db'), database: { kind: 'sqlite', file: path.join(CWD, 'db', 'threadscope.db') }, demo: false, help: false, scorer: 'local', allowedHosts: [], scoreWorkers: defaultScoreWorkers(), trustProxy: [], logLevel: 'warn', workers: 1 });
  });

  it.each([
    [['--port', 'abc'], {}, '--port must be a whole number from 0 to 65535, got "abc"'],
    [['--port', '70000'], {}, '--port must be a whole number from 0 to 65535, got "70000"'],
    [[], { THREADSCOPE_PORT: '-1' }, 'THREADSCOPE_PORT must be a whole number from 0 to 65535, got "-1"'],
    [['--port'], {}, '--port needs a value'],
    [['--host', 'a b'], {}, '--host must be a host name or IP address, got "a b"'],
    [['--data-dir', ''], {}, '--data-dir must not be empty'],
    [['--verbose'], {}, 'unknown option "--verbose"'],
    [['--scorer', 'google'], {}, '--scorer must be one of local, perspective, openai, got "google"'],
    [[], { THREADSCOPE_SCORER: 'gpt' }, 'THREADSCOPE_SCORER must be one of local, perspective, openai, got "gpt"'],
    [['--allowed-host'], {}, '--allowed-host needs a value'],
    [['--score-workers', 'two'], {}, '--score-workers must be a whole number from 0 (score on the main thread) to 32, got "two"'],
    [['--score-workers=33'], {}, '--score-workers must be a whole number from 0'],
    [[], { THREADSCOPE_SCORE_WORKERS: '-1' }, 'THREADSCOPE_SCORE_WORKERS must be a whole number from 0'],
    [['--allowed-host', 'http://console.example.org'], {}, '--allowed-host must be a host name or IP address, got "http://console.example.org": give the name without a scheme (no http://)'],
    [['--allowed-host=console.example.org:8080'], {}, 'got "console.example.org:8080": give the name without a port: every port of an allowed name is answered'],
    [['--allowed-host', '[::1]:80'], {}, 'give the name without a port'],
    [['--allowed-host', '*.example.org'], {}, 'wildcards are not supported'],
    [['--allowed-host', 'example.org/console'], {}, 'give the name without a path'],
    [['--allowed-host', 'bad_name!'], {}, '--allowed-host must be a host name or IP address (letters, digits, hyphens and dots), got "bad_name!"'],
    [['--allowed-host', 'a\x1b[31mb'], {}, 'got "a\\x1b[31mb"'],
    [['--workers', 'two'], {}, '--workers must be a whole number from 0 (only enqueue jobs for worker processes) to 64, got "two"'],
    [['--workers=65'], {}, '--workers must be a whole number from 0'],
    [['--workers', '-1'], {}, '--workers must be a whole number from 0'],
    [['--workers'], {}, '--workers needs a value'],
    [[], { THREADSCOPE_WORKERS: '1.5' }, 'THREADSCOPE_WORKERS must be a whole number from 0'],
    [['--workers', '0'], {}, '--workers 0 needs PostgreSQL: on SQLite this server is the only process that runs jobs, so with no workers nothing would run them; leave --workers out (default 1), or share a PostgreSQL database (--database-url) with worker processes (npm run --silent worker)'],
    [[], { THREADSCOPE_WORKERS: ' 0 ' }, 'THREADSCOPE_WORKERS 0 needs PostgreSQL'],
    [[], { THREADSCOPE_ALLOWED_HOSTS: 'ok.example, ,x y' }, 'THREADSCOPE_ALLOWED_HOSTS must be a host name or IP address (letters, digits, hyphens and dots), got "x y"'],
  ])('rejects %j %j with a clear message', (argv, env, message) => {
    expect(() => parseServerConfig(argv, env, CWD)).toThrow(ConfigError);
    expect(() => parseServerConfig(argv, env, CWD)).toThrow(message);
  });

  it('sizes the scoring pool from --score-workers or THREADSCOPE_SCORE_WORKERS (0: on the main thread), by default the cores up to 4', () => {
    expect(defaultScoreWorkers()).toBeGreaterThanOrEqual(1);
    expect(defaultScoreWorkers()).toBeLessThanOrEqual(4);
    expect(parseServerConfig(['--score-workers', '0'], { THREADSCOPE_SCORE_WORKERS: '3' }, CWD).scoreWorkers).toBe(0);
    expect(parseServerConfig([], { THREADSCOPE_SCORE_WORKERS: '3' }, CWD).scoreWorkers).toBe(3);
    expect(parseServerConfig(['--score-workers=6'], {}, CWD).scoreWorkers).toBe(6);
  });

  it('runs jobs with --workers or THREADSCOPE_WORKERS (default 1, the flag winning); 0 only with PostgreSQL', () => {
    const url = 'postgres://ts:s3cret@db.internal:5432/threadscope';
    expect(parseServerConfig([], {}, CWD).workers).toBe(1);
    expect(parseServerConfig(['--workers', '4'], { THREADSCOPE_WORKERS: '2' }, CWD).workers).toBe(4);
    expect(parseServerConfig([], { THREADSCOPE_WORKERS: '64' }, CWD).workers).toBe(64);
    expect(parseServerConfig(['--workers=0', '--database-url', url], {}, CWD).workers).toBe(0);
    expect(parseServerConfig([], { THREADSCOPE_WORKERS: '0', THREADSCOPE_DATABASE_URL: url }, CWD).workers).toBe(0);
  });

  it('keeps everything in PostgreSQL with --database-url or THREADSCOPE_DATABASE_URL, the flag winning, never echoing a password', () => {
    const url = 'postgres://ts:s3cret@db.internal:5432/threadscope';
    expect(parseServerConfig(['--database-url', url], {}, CWD).database).toEqual({ kind: 'postgres', url });
    expect(parseServerConfig([], { THREADSCOPE_DATABASE_URL: url }, CWD).database).toEqual({ kind: 'postgres', url });
    expect(parseServerConfig([`--database-url=${url}`], { THREADSCOPE_DATABASE_URL: 'postgres://other/db' }, CWD).database).toEqual({ kind: 'postgres', url });
    expect(parseServerConfig([], { THREADSCOPE_DATABASE_URL: '' }, CWD).database.kind).toBe('sqlite');
    // A flag beats the environment: --data-dir given, THREADSCOPE_DATABASE_URL is not read (as in the db command).
    expect(parseServerConfig(['--data-dir', 'here'], { THREADSCOPE_DATABASE_URL: url }, CWD).database).toEqual({ kind: 'sqlite', file: path.join(CWD, 'here', 'threadscope.db') });
    expect(() => parseServerConfig(['--data-dir', 'here', '--database-url', url], {}, CWD)).toThrow('give --database-url or --data-dir, not both');
    const refused = (argv: string[], env: Record<string, string> = {}) => {
      try {
        parseServerConfig(argv, env, CWD);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const mysql = refused(['--database-url', 'mysql://root:hunter2@db/x']);
    expect(mysql).toContain('--database-url');
    expect(mysql).not.toContain('hunter2');
    const notUrl = refused([], { THREADSCOPE_DATABASE_URL: 'ts:hunter2@db' });
    expect(notUrl).toContain('THREADSCOPE_DATABASE_URL');
    expect(notUrl).not.toContain('hunter2');
    expect(refused(['--database-url', ''])).toContain('--database-url must not be empty');
  });

  it('takes the log level from --log-level or THREADSCOPE_LOG_LEVEL (default warn) and refuses others by name', () => {
    expect(parseServerConfig(['--log-level', 'info'], { THREADSCOPE_LOG_LEVEL: 'error' }, CWD).logLevel).toBe('info');
    expect(parseServerConfig([], { THREADSCOPE_LOG_LEVEL: 'DEBUG' }, CWD).logLevel).toBe('debug');
    expect(() => parseServerConfig(['--log-level=trace'], {}, CWD)).toThrow('--log-level must be one of fatal, error, warn, info, debug, got "trace"');
  });

  it('takes the scorer from --scorer or THREADSCOPE_SCORER, the flag winning', () => {
    expect(parseServerConfig([], { THREADSCOPE_SCORER: 'openai' }, CWD).scorer).toBe('openai');
    expect(parseServerConfig(['--scorer=perspective'], { THREADSCOPE_SCORER: 'openai' }, CWD).scorer).toBe('perspective');
  });

  it('reads allowed host names from repeated --allowed-host flags, else THREADSCOPE_ALLOWED_HOSTS', () => {
    const env = { THREADSCOPE_ALLOWED_HOSTS: ' Console.Example.org , 192.168.1.5,,[fd00::5] ' };
    expect(parseServerConfig([], env, CWD).allowedHosts).toEqual(['console.example.org', '192.168.1.5', 'fd00::5']);
    expect(parseServerConfig(['--allowed-host', 'a.example', '--allowed-host=B.example.', '--allowed-host', 'a.example'], env, CWD).allowedHosts)
      .toEqual(['a.example', 'b.example']);
  });

  it('knows loopback hosts and prints a URL a person can open', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.5', 'example.org'].some(isLoopback)).toBe(false);
    expect(consoleUrl('127.0.0.1', 4317)).toBe('http://127.0.0.1:4317/');
    expect(consoleUrl('0.0.0.0', 80)).toBe('http://127.0.0.1:80/');
    expect(consoleUrl('::1', 4317)).toBe('http://[::1]:4317/');
  });
});

describe('trusted proxies', () => {
  it('takes --trust-proxy addresses and ranges (repeatable), else THREADSCOPE_TRUST_PROXY split at commas', () => {
    expect(parseServerConfig(['--trust-proxy', '127.0.0.1', '--trust-proxy=10.0.0.0/8'], { THREADSCOPE_TRUST_PROXY: '192.168.1.1' }, CWD).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(parseServerConfig([], { THREADSCOPE_TRUST_PROXY: ' ::1 , fd00::/8,' }, CWD).trustProxy).toEqual(['::1', 'fd00::/8']);
  });

  it.each([
    [['--trust-proxy', 'proxy.example'], {}, '--trust-proxy must be an IP address or a CIDR range (like 127.0.0.1 or 10.0.0.0/8), got "proxy.example"'],
    [['--trust-proxy', '10.0.0.0/33'], {}, 'got "10.0.0.0/33"'],
    [[], { THREADSCOPE_TRUST_PROXY: '127.0.0.1,true' }, 'THREADSCOPE_TRUST_PROXY must be an IP address or a CIDR range'],
  ])('refuses %j %j', (argv, env, message) => {
    expect(() => parseServerConfig(argv, env, CWD)).toThrow(message);
  });
});
