/**
 * The command line's stderr lines: every one goes through `say`, which prefixes "threadscope: " and escapes control
 * characters (core/printable.ts) in the whole message, so a file name, a format name, an argument value or an
 * importer message quoted in it cannot drive the terminal. Also the one-line summary of an import's problems.
 */
import type { ImportProblem } from '../core/model.ts';
import { printable } from '../core/printable.ts';

/** Longest quote of the first problem in the summary line. */
const FIRST_PROBLEM_LIMIT = 160;

/** A message line: "threadscope: <message>", control characters escaped, one line. */
export function messageLine(message: string): string {
  return `threadscope: ${printable(message)}\n`;
}

/** Writes a message line to stderr. */
export function say(message: string): void {
  process.stderr.write(messageLine(message));
}

/** "<where>: <message>" of a problem, on one line and at most FIRST_PROBLEM_LIMIT characters. */
function quoteProblem(problem: ImportProblem): string {
  const flat = `${problem.where}: ${problem.message}`.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length > FIRST_PROBLEM_LIMIT ? `${flat.slice(0, FIRST_PROBLEM_LIMIT - 1)}…` : flat;
}

/**
 * "<file>: N problems (<first one>); the report lists them" for an import that reported problems, or null. The CSV
 * report has no place for them, so with CSV the line points to the JSON and HTML reports.
 */
export function problemsSummary(file: string, problems: readonly ImportProblem[], format: string, strictExit: number | null): string | null {
  if (problems.length === 0) return null;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const where = format === 'csv' ? 'the JSON and HTML reports list them' : 'the report lists them';
  const strict = strictExit === null ? '' : `; --strict: exit ${strictExit}`;
  return `${file}: ${count} (${quoteProblem(problems[0]!)}); ${where}${strict}`;
}
