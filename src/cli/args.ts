/**
 * Argument parsing of the report command, with usage errors (exit 2) that name the flag and the value.
 */
import { REPORT_FORMATS, type ReportFormat } from '../core/api.ts';
import { SCORER_CHOICES } from '../app/remote/registry.ts';

/** Scorers the command line can use. */
export const CLI_SCORERS = SCORER_CHOICES;

/** Exit code of a run that wrote its report but whose import reported problems, under --strict. */
export const STRICT_EXIT_CODE = 3;

export const REPORT_USAGE = `Usage: npm run --silent report -- <input-file> [options]

Imports <input-file> (format auto-detected) into the Threadscope store, scores it and writes a flag report.

Options:
  --format json|csv|html   report format (default json)
  --scorer NAME            local (default: the embedded offline scorer), perspective (needs PERSPECTIVE_API_KEY;
                           PERSPECTIVE_BASE_URL, PERSPECTIVE_QPS, PERSPECTIVE_LANGUAGE) or openai (needs
                           OPENAI_API_KEY; OPENAI_BASE_URL, OPENAI_QPS); see docs/scoring-services.md
  --input-format NAME      input format id instead of auto-detection
  --out FILE               write the report to FILE instead of stdout
  --data-dir DIR           where the database and score cache live (env THREADSCOPE_DATA_DIR, default ./data)
  --database-url URL       use PostgreSQL instead (env THREADSCOPE_DATABASE_URL; postgres://user:password@host/db)
  --thresholds FILE.json   flag thresholds ({"attributes": {...}, "tropeMinSeverity": 1-4}; default: documented defaults)
  --strict                 exit ${STRICT_EXIT_CODE} when the import reported any problem (parts skipped, a reply tree repaired,
                           comments missing from a re-import); the report is still written
  --help                   show this help

When the import reported problems, one stderr line counts them and quotes the first; the JSON and HTML reports
list them all. Exit codes: 0 done, 1 bad input (file, import, thresholds) or the scoring service refused the job,
2 usage error (including a missing API key), ${STRICT_EXIT_CODE} done, but the import reported problems and --strict was given.`;

/** A failure to report as one line; `code` is the exit code (2 usage, 1 input, 3 problems under --strict). */
export class CliError extends Error {
  override name = 'CliError';
  constructor(readonly code: 1 | 2 | typeof STRICT_EXIT_CODE, message: string) {
    super(message);
  }
}

/** Parsed command line. */
export interface ReportArgs {
  input: string;
  format: ReportFormat;
  scorer: (typeof CLI_SCORERS)[number];
  inputFormat?: string;
  out?: string;
  dataDir?: string;
  databaseUrl?: string;
  thresholdsFile?: string;
  /** Any import problem makes the exit code STRICT_EXIT_CODE. */
  strict: boolean;
  help: boolean;
}

const VALUE_FLAGS = ['format', 'scorer', 'input-format', 'out', 'data-dir', 'database-url', 'thresholds'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

export function parseReportArgs(argv: readonly string[]): ReportArgs {
  const values = new Map<ValueFlag, string>();
  const positional: string[] = [];
  let help = false;
  let strict = false;
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositional || !arg.startsWith('-') || arg === '-') { positional.push(arg); continue; }
    if (arg === '--') { onlyPositional = true; continue; }
    if (arg === '--help' || arg === '-h') { help = true; continue; }
    if (arg === '--strict') { strict = true; continue; }
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1] as ValueFlag | undefined;
    if (!match || !name || !VALUE_FLAGS.includes(name)) throw new CliError(2, `unknown option "${arg}"`);
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CliError(2, `--${name} needs a value`);
      i++;
    }
    if (value === '') throw new CliError(2, `--${name} needs a value`);
    if (values.has(name)) throw new CliError(2, `--${name} is given twice`);
    values.set(name, value);
  }
  if (help) return { input: '', format: 'json', scorer: 'local', strict, help };
  if (positional.length === 0) throw new CliError(2, 'no input file given');
  if (positional.length > 1) throw new CliError(2, `one input file at a time, got ${positional.length}: ${positional.join(', ')}`);

  const format = values.get('format') ?? 'json';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new CliError(2, `unknown format "${format}"; available: ${REPORT_FORMATS.join(', ')}`);
  const scorer = values.get('scorer') ?? 'local';
  if (!(CLI_SCORERS as readonly string[]).includes(scorer)) throw new CliError(2, `unknown scorer "${scorer}"; available: ${CLI_SCORERS.join(', ')}`);
  return {
    input: positional[0]!,
    format: format as ReportFormat,
    scorer: scorer as ReportArgs['scorer'],
    inputFormat: values.get('input-format'),
    out: values.get('out'),
    dataDir: values.get('data-dir'),
    databaseUrl: values.get('database-url'),
    thresholdsFile: values.get('thresholds'),
    strict,
    help,
  };
}
