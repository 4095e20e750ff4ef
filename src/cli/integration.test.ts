import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../app/audit/audit-log.ts';
import { DEFAULT_CORAL_POLICY } from '../app/coral/policy.ts';
import { coralSettingsFor } from '../app/coral/settings.ts';
import { Store } from '../app/store/store.ts';
import { tempDir } from '../app/testing/helpers.ts';
import { runIntegration, type CliIo } from './integration.ts';

describe('npm run integration', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.remove());

  /** Runs a command in-process; stdin is `input`. */
  async function run(argv: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => input, env: {}, cwd: tmp.dir };
    const code = await runIntegration(argv, io);
    return { code, stdout, stderr };
  }

  async function storedSecrets(): Promise<string[]> {
    const store = await Store.open(path.join(tmp.dir, 'data'));
    try {
      return await coralSettingsFor(store).secrets();
    } finally {
      await store.close();
    }
  }

  it('coral-secret prints a new secret as the last stdout line and keeps the previous one for the roll', async () => {
    const first = (await run(['coral-secret', '--data-dir', 'data']));
    expect(first.code).toBe(0);
    const one = first.stdout.trim().split('\n').at(-1)!;
    expect(one).toMatch(/^tssec_[0-9a-f]{64}$/);
    expect(first.stderr).not.toContain(one);
    const two = (await run(['coral-secret', '--data-dir', 'data'])).stdout.trim().split('\n').at(-1)!;
    expect(two).not.toBe(one);
    expect(await storedSecrets()).toEqual([one, two]);
    const three = (await run(['coral-secret', '--drop-old', '--data-dir', 'data'])).stdout.trim();
    expect(await storedSecrets()).toEqual([three]);
  });

  it('coral-secret --stdin stores the secret Coral made, and refuses an empty or short one', async () => {
    expect((await run(['coral-secret', '--stdin', '--data-dir', 'data'], 'empsec_1f2e3d4c5b6a79880011\n')).code).toBe(0);
    expect(await storedSecrets()).toEqual(['empsec_1f2e3d4c5b6a79880011']);
    const empty = (await run(['coral-secret', '--stdin', '--data-dir', 'data'], '\n'));
    expect(empty.code).toBe(1);
    const short = (await run(['coral-secret', '--stdin', '--data-dir', 'data'], 'short'));
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 16 characters/);
    expect(await storedSecrets()).toEqual(['empsec_1f2e3d4c5b6a79880011']);
  });

  it('coral-policy prints the default, stores a valid file, refuses an invalid one, and resets', async () => {
    const shown = (await run(['coral-policy', '--data-dir', 'data']));
    expect(JSON.parse(shown.stdout)).toEqual(DEFAULT_CORAL_POLICY);
    const strict = { ...DEFAULT_CORAL_POLICY, withholdStatus: 'PREMOD', languageNotSupported: 'PREMOD' };
    const file = path.join(tmp.dir, 'policy.json');
    fs.writeFileSync(file, JSON.stringify(strict));
    expect(JSON.parse((await run(['coral-policy', file, '--data-dir', 'data'])).stdout)).toEqual(strict);
    fs.writeFileSync(file, JSON.stringify({ ...strict, flag: { ...strict.flag, attributes: { ...strict.flag.attributes, INSULT: 0.9 } } }));
    const refused = (await run(['coral-policy', file, '--data-dir', 'data']));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/flag\.attributes\.INSULT \(0\.9\) is above withhold\.attributes\.INSULT/);
    expect(JSON.parse((await run(['coral-policy', '--data-dir', 'data'])).stdout)).toEqual(strict);
    expect(JSON.parse((await run(['coral-policy', '--reset', '--data-dir', 'data'])).stdout)).toEqual(DEFAULT_CORAL_POLICY);
  });

  it('audits each change as integration.change by cli:integration, never the secret; printing the policy is not audited', async () => {
    const secret = (await run(['coral-secret', '--data-dir', 'data'])).stdout.trim();
    (await run(['coral-secret', '--stdin', '--drop-old', '--data-dir', 'data'], 'coral-made-secret-0123456789'));
    const file = path.join(tmp.dir, 'policy.json');
    fs.writeFileSync(file, JSON.stringify(DEFAULT_CORAL_POLICY));
    (await run(['coral-policy', file, '--data-dir', 'data']));
    (await run(['coral-policy', '--data-dir', 'data']));
    (await run(['coral-policy', '--reset', '--data-dir', 'data']));
    const store = await Store.open(path.join(tmp.dir, 'data'));
    try {
      const entries = await new AuditLog(store).read({ limit: 10 });
      expect(entries.map((e) => [e.actor, e.actorRole, e.action, e.what])).toEqual([
        ['cli:integration', null, 'integration.change', 'Coral phase policy reset to the default'],
        ['cli:integration', null, 'integration.change', 'Coral phase policy stored from policy.json'],
        ['cli:integration', null, 'integration.change', 'Coral signing secret stored from stdin; 1 valid (older ones dropped)'],
        ['cli:integration', null, 'integration.change', 'Coral signing secret made; 1 valid'],
      ]);
      expect(JSON.stringify(entries)).not.toContain(secret);
      expect(JSON.stringify(entries)).not.toContain('coral-made-secret');
    } finally {
      await store.close();
    }
  });

  it('answers usage errors with exit 2', async () => {
    for (const argv of [[], ['nope'], ['coral-secret', 'abc'], ['coral-secret', '--reset'], ['coral-policy', '--stdin'], ['coral-secret', '--data-dir'], ['coral-secret', '--bogus']]) {
      const result = (await run(argv));
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^threadscope: .*\(see --help\)\n$/);
    }
    expect((await run(['--help'])).stdout).toContain('coral-secret');
  });

  it('runs as the package script: the secret is the last line on stdout', async () => {
    const out = execFileSync('npm', ['run', '--silent', 'integration', '--', 'coral-secret', '--data-dir', path.join(tmp.dir, 'data')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const secret = out.trim().split('\n').at(-1)!;
    expect(await storedSecrets()).toEqual([secret]);
  });
});
