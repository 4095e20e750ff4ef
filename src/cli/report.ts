/**
 * Command line: imports a file into the same store the server uses, scores it, and writes the flag report.
 * Failures are one line on stderr (`threadscope: <file>: <place>: <message>`) and exit 2 (usage) or 1 (input). An
 * import that reported problems gets one stderr line counting them (exit 3 under --strict). Every stderr line goes
 * through messages.ts, which escapes control characters in what it quotes. `runReport(argv, io)` is the command with
 * its streams, environment and folder given (the program passes the process's; tests run it in process).
 */
import fs from 'node:fs';
import { DEFAULT_THRESHOLDS, validateThresholds, type Thresholds } from '../core/flags.ts';
import { streamFlagReport, type ReportThreadSource } from '../core/report.ts';
import { COMMENT_BITS } from '../core/thread-index.ts';
import { asyncChunksOf, streamReportFile } from '../exporters/index.ts';
import { listFormats, MAX_INPUT_BYTES } from '../importers/registry.ts';
import { ConfigError, resolveDatabase, resolveDataDir, resolveScoreWorkers } from '../app/config.ts';
import type { DatabaseLocator } from '../app/store/sql.ts';
import { createEngines, workersForInput } from '../app/engines.ts';
import { storedReportSource } from '../app/report-source.ts';
import { importAndScore } from '../app/pipeline.ts';
import { createScorer, ScorerConfigError, type ChosenScorer } from '../app/remote/registry.ts';
import { rescoreThread } from '../app/remote/rescore.ts';
import { Store, StoreError } from '../app/store/store.ts';
import { generatorName } from '../app/version.ts';
import { printable } from '../core/printable.ts';
import { CliError, parseReportArgs, REPORT_USAGE, STRICT_EXIT_CODE } from './args.ts';
import { messageLine, problemsSummary } from './messages.ts';
import { runAsProgram, type ProgramIo } from './program.ts';
import { fileProblem, writeReport } from './report-output.ts';

/**
 * What the command reads and writes besides the files its arguments name (opened as given, from the process's folder):
 * the process's streams, environment and folder (the default data directory's base), or a test's.
 */
export interface ReportIo extends ProgramIo {
  /** Where the report goes without --out, written with backpressure: process.stdout for the program. */
  reportStream: NodeJS.WritableStream;
  /** Whether stderr is an interactive terminal (large imports then show their progress there). */
  stderrIsTTY: boolean;
}

function readInput(file: string): Uint8Array {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new CliError(1, `${file}: ${fileProblem(error)}`);
  }
  if (stat.isDirectory()) throw new CliError(1, `${file}: is a directory, not a file`);
  if (stat.size > MAX_INPUT_BYTES) throw new CliError(1, `${file}: is ${stat.size} bytes, more than the limit of ${MAX_INPUT_BYTES} bytes`);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CliError(1, `${file}: ${fileProblem(error)}`);
  }
}

/** `<file>: <place>: <message>` from the registry's message, which already names both as "<file>, <place>: ...". */
function namedMessage(file: string, message: string, where: string | null): string {
  const flat = message.replace(/\s*\n\s*/g, ' ');
  const prefix = `${file}, ${where}: `;
  if (where && flat.startsWith(prefix)) return `${file}: ${where}: ${flat.slice(prefix.length)}`;
  if (flat.includes(file)) return flat;
  return `${file}: ${where ? `${where}: ` : ''}${flat}`;
}

function readThresholds(file: string): Thresholds {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(readInput(file)));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(1, `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const message = validateThresholds(value);
  if (message) throw new CliError(1, `${file}: ${message}`);
  return value as Thresholds;
}

/** A stderr line per phase (reading, scoring, saving), rewritten in place as its percentage grows. */
function progressLine(input: string, stderr: (text: string) => void): { show(phase: string, fraction: number): void } {
  let phaseShown = '';
  let percentShown = -1;
  return {
    show(phase, fraction) {
      const percent = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
      if (phase === phaseShown && percent === percentShown) return;
      const start = phaseShown !== '' && phase !== phaseShown ? '\n' : '\r';
      stderr(`${start}threadscope: ${phase} ${printable(input)}: ${percent}%${phase === 'saving' ? '\n' : ''}`);
      phaseShown = phase;
      percentShown = percent;
    },
  };
}

/** The command; resolves to its exit code (0, or STRICT_EXIT_CODE under --strict); a failure is thrown as CliError. */
async function run(argv: readonly string[], io: ReportIo): Promise<number> {
  const say = (message: string): void => io.stderr(messageLine(message));
  const args = parseReportArgs(argv);
  if (args.help) {
    io.stdout(`${REPORT_USAGE}\n`);
    return 0;
  }
  let database: DatabaseLocator;
  try {
    database = resolveDatabase(args.databaseUrl, io.env, resolveDataDir(args.dataDir, io.env, io.cwd), args.dataDir !== undefined);
    resolveScoreWorkers(undefined, io.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(2, error.message);
    throw error;
  }
  const formats = listFormats().map((f) => f.id);
  if (args.inputFormat !== undefined && args.inputFormat !== 'auto' && !formats.includes(args.inputFormat)) {
    throw new CliError(2, `unknown input format "${args.inputFormat}"; available: ${formats.join(', ')} (or auto)`);
  }
  const runStartedAt = new Date().toISOString();
  let chosen: ChosenScorer;
  try {
    chosen = createScorer(args.scorer, io.env, { onFallback: say });
  } catch (error) {
    if (error instanceof ScorerConfigError) throw new CliError(2, error.message);
    throw error;
  }
  if (chosen.notice) say(chosen.notice);
  const thresholds = args.thresholdsFile ? readThresholds(args.thresholdsFile) : DEFAULT_THRESHOLDS;
  const bytes = readInput(args.input);

  let store: Store;
  try {
    store = await Store.open(database);
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(1, error.message);
    throw error;
  }
  // The scorer and detector from the server's one place: in worker threads for a large input (ADR 0019).
  const engines = createEngines(chosen.scorer, { workers: workersForInput(bytes.length, resolveScoreWorkers(undefined, io.env)) });
  try {
    const { remote } = chosen;
    const { scorer, detector } = engines;
    // Progress of large imports on an interactive stderr only (pipes and logs stay one line per message).
    const progress = io.stderrIsTTY && bytes.length >= 8 * 1024 * 1024 ? progressLine(args.input, io.stderr) : null;
    const outcome = await importAndScore(
      store,
      { bytes, fileName: args.input, format: args.inputFormat, onProgress: progress ? (fraction) => progress.show('reading', fraction) : undefined },
      { scorer, detector },
      progress ? { onScoring: (done, total) => progress.show('scoring', total > 0 ? done / total : 1), onSaving: () => progress.show('saving', 1) } : {},
    );
    if (!outcome.ok) {
      throw new CliError(1, namedMessage(args.input, outcome.message, outcome.where));
    }
    // Comments left unscored by an earlier run (a service outage) are tried again; this run's failures are not.
    for (const t of outcome.response.threads) await rescoreThread(store, t.id, { scorer, detector }, runStartedAt);
    if (remote?.fatalError && !remote.gone) throw new CliError(1, remote.fatalError);
    // Scoring is done: the workers and their models go before the report is read (names and versions stay).
    await engines.close();
    // Each thread is read from its stored read model: the index now (the summary), its comments window by window as written.
    let failed = 0;
    const sources: ReportThreadSource[] = [];
    for (const t of outcome.response.threads) {
      const source = await storedReportSource(store, t.id, { scorer, detector });
      if (!source) continue;
      if (remote) failed += source.index.bits.filter((bits) => (bits & COMMENT_BITS.SCORE_ERROR) !== 0).length;
      sources.push(source);
    }
    const report = streamFlagReport({ threads: sources, thresholds, scope: 'whole thread', generatedAt: new Date().toISOString(), generator: generatorName('cli') });
    if (remote && report.head.summary.unscored > 0 && failed > 0) {
      say(`${failed} of ${report.head.summary.comments} comments unscored by ${scorer.name}; the report gives each reason (scoreError)`);
    }
    // The HTML report shows times in this process's zone (TZ or the system's); an unknown one reads as UTC, with a note.
    const { pieces } = streamReportFile(report, args.format, { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    await writeReport(asyncChunksOf(pieces), args.out, io.reportStream);
    // Skipped parts, a repaired tree, comments missing from a re-import: never silent, even when the exit is 0.
    const { problems } = outcome.response;
    const summary = problemsSummary(args.input, problems, args.format, args.strict ? STRICT_EXIT_CODE : null);
    if (summary !== null) say(summary);
    return args.strict && problems.length > 0 ? STRICT_EXIT_CODE : 0;
  } finally {
    await store.close();
    await engines.close();
  }
}

/** The command with its failures as one stderr line each; resolves to the exit code. */
export async function runReport(argv: readonly string[], io: ReportIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(messageLine(`${error.message}${error.code === 2 ? ' (see --help)' : ''}`));
      return error.code;
    }
    io.stderr(messageLine(`internal error: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}

runAsProgram(import.meta.url, (argv, io) => runReport(argv, { ...io, reportStream: process.stdout, stderrIsTTY: process.stderr.isTTY === true }));
