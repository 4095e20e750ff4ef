import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, consoleUrl, isLoopback, parseServerConfig } from './config.ts';

const CWD = path.resolve('/srv/threadscope');

describe('parseServerConfig', () => {
  it('defaults to loopback, port 4317, ./data and the demo', () => {
    expect(parseServerConfig([], {}, CWD)).toEqual({ port: 4317, host: '127.0.0.1', dataDir: path.join(CWD, 'data'), demo: true, help: false, scorer: 'local' });
  });

  it('reads flags in both spellings, flags winning over the environment', () => {
    const env = { THREADSCOPE_PORT: '5000', THREADSCOPE_HOST: '0.0.0.0', THREADSCOPE_DATA_DIR: '/var/ts' };
    expect(parseServerConfig([], env, CWD)).toMatchObject({ port: 5000, host: '0.0.0.0', dataDir: path.resolve('/var/ts') });
    expect(parseServerConfig(['--port', '6000', '--host=::1', '--data-dir', 'db', '--no-demo'], env, CWD))
      .toEqual({ port: 6000, host: '::1', dataDir: path.join(CWD, 'db'), demo: false, help: false, scorer: 'local' });
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
  ])('rejects %j %j with a clear message', (argv, env, message) => {
    expect(() => parseServerConfig(argv, env, CWD)).toThrow(ConfigError);
    expect(() => parseServerConfig(argv, env, CWD)).toThrow(message);
  });

  it('takes the scorer from --scorer or THREADSCOPE_SCORER, the flag winning', () => {
    expect(parseServerConfig([], { THREADSCOPE_SCORER: 'openai' }, CWD).scorer).toBe('openai');
    expect(parseServerConfig(['--scorer=perspective'], { THREADSCOPE_SCORER: 'openai' }, CWD).scorer).toBe('perspective');
  });

  it('knows loopback hosts and prints a URL a person can open', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.5', 'example.org'].some(isLoopback)).toBe(false);
    expect(consoleUrl('127.0.0.1', 4317)).toBe('http://127.0.0.1:4317/');
    expect(consoleUrl('0.0.0.0', 80)).toBe('http://127.0.0.1:80/');
    expect(consoleUrl('::1', 4317)).toBe('http://[::1]:4317/');
  });
});
