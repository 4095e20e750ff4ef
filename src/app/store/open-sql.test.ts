import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locatorFrom, openSql, redactUrl } from './open-sql.ts';

describe('redactUrl', () => {
  it('hides the password and password-like parameters', () => {
    expect(redactUrl('postgres://ada:s3cret@db.example:5432/ts?pool=4')).toBe('postgres://ada:***@db.example:5432/ts?pool=4');
    expect(redactUrl('postgresql://db.example/ts?password=s3cret&sslkey=k')).toBe('postgresql://db.example/ts?password=***&sslkey=***');
    expect(redactUrl('postgres://ada@db.example/ts')).toBe('postgres://ada@db.example/ts');
  });

  it('masks what comes before the @ of a string that is not a URL with a host', () => {
    expect(redactUrl('postgres://ada:s3cret@[bad/ts')).toBe('postgres://***@[bad/ts');
    // Without a scheme "ada:s3cret@db" parses as the scheme "ada:" and the path "s3cret@db".
    expect(redactUrl('ada:s3cret@db.example/ts')).toBe('***@db.example/ts');
    expect(redactUrl('not a url?password=s3cret')).toBe('not a url?password=***');
  });
});

describe('locatorFrom', () => {
  it('takes the URL over the data directory', () => {
    expect(locatorFrom({ dataDir: 'data', databaseUrl: 'postgres://h/db' })).toEqual({ kind: 'postgres', url: 'postgres://h/db' });
    expect(locatorFrom({ dataDir: 'data', databaseUrl: '' })).toEqual({ kind: 'sqlite', file: path.join('data', 'threadscope.db') });
    expect(locatorFrom({ dataDir: ':memory:' })).toEqual({ kind: 'sqlite', file: ':memory:' });
  });

  it('refuses another scheme or a non-URL, naming the variable and never the password', () => {
    expect(() => locatorFrom({ databaseUrl: 'mysql://ada:s3cret@h/db' })).toThrow(/^THREADSCOPE_DATABASE_URL .*must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(() => locatorFrom({ databaseUrl: 'not a url s3cret' })).toThrow(/THREADSCOPE_DATABASE_URL .*is not a URL/);
    expect(() => locatorFrom({ databaseUrl: 'mysql://ada:s3cret@h/db', urlSource: '--database-url' })).toThrow(/^--database-url/);
    for (const bad of ['mysql://ada:s3cret@h/db', 'postgres//ada:s3cret@h', 'ada:s3cret@h/db', 'postgres://ada:s3cret@[bad/db']) {
      let message = '';
      try {
        locatorFrom({ databaseUrl: bad });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^THREADSCOPE_DATABASE_URL/);
      expect(message).not.toContain('s3cret');
    }
    expect(() => locatorFrom({})).toThrow(/no database given/);
  });
});

describe('openSql', () => {
  it('names the database without its password when it cannot connect', async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    const error = await openSql({ kind: 'postgres', url: 'postgres://ada:s3cret@127.0.0.1:1/db?pool=1' }).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/^cannot open the database postgres:\/\/ada:\*\*\*@127\.0\.0\.1:1\/db\?pool=1: /);
    expect(error?.message).not.toContain('s3cret');
  });

  it('refuses a bad pool size', async () => {
    await expect(openSql({ kind: 'postgres', url: 'postgres://127.0.0.1:1/db?pool=0' })).rejects.toThrow(/pool=0 must be a whole number from 1/);
  });
});
