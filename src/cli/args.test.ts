import { describe, expect, it } from 'vitest';
import { CliError, parseReportArgs } from './args.ts';

function usageError(argv: string[]): CliError {
  try {
    parseReportArgs(argv);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('parseReportArgs', () => {
  it('takes the input file and defaults to JSON with the local scorer', () => {
    expect(parseReportArgs(['seed.txt'])).toEqual({ input: 'seed.txt', format: 'json', scorer: 'local', inputFormat: undefined, out: undefined, dataDir: undefined, thresholdsFile: undefined, strict: false, help: false });
  });

  it('reads every option in both spellings', () => {
    expect(parseReportArgs(['--format=csv', 'in.txt', '--scorer', 'local', '--input-format', 'page-text', '--out', 'r.csv', '--data-dir=/tmp/d', '--thresholds', 't.json']))
      .toMatchObject({ input: 'in.txt', format: 'csv', inputFormat: 'page-text', out: 'r.csv', dataDir: '/tmp/d', thresholdsFile: 't.json' });
    expect(parseReportArgs(['--', '--weird-name.txt']).input).toBe('--weird-name.txt');
    expect(parseReportArgs(['--help']).help).toBe(true);
    expect(parseReportArgs(['in.txt', '--strict']).strict).toBe(true);
    expect(parseReportArgs(['in.txt', '--database-url', 'postgres://ts@db/ts']).databaseUrl).toBe('postgres://ts@db/ts');
  });

  it.each([
    [['in.txt', '--scorer', 'google'], 'unknown scorer "google"; available: local, perspective, openai'],
    [['in.txt', '--format', 'xml'], 'unknown format "xml"; available: json, csv, html'],
    [['in.txt', '--frmat', 'csv'], 'unknown option "--frmat"'],
    [['in.txt', '--out'], '--out needs a value'],
    [['in.txt', '--format', 'csv', '--format', 'json'], '--format is given twice'],
    [[], 'no input file given'],
    [['a.txt', 'b.txt'], 'one input file at a time, got 2: a.txt, b.txt'],
  ])('%j is a usage error (exit 2): %s', (argv, message) => {
    const error = usageError(argv);
    expect(error.code).toBe(2);
    expect(error.message).toBe(message);
  });
});
