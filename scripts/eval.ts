/**
 * `npm run eval`: prints the evaluation of each scoring component, one section each, and exits 1 when a section
 * misses its targets. Sections are functions in scripts/eval-*.ts. `--split calibration` evaluates the model on the
 * calibration split instead of the held-out one (for development); `--no-loso` skips the leave-one-source-out section
 * (the slowest: several minutes on two cores).
 */
import { resolve } from 'node:path';
import { evalLoso } from './eval-loso.ts';
import { evalModel } from './eval-model.ts';
import { evalSuite } from './eval-suite.ts';
import { evalThresholds } from './eval-thresholds.ts';
import { evalTropes, type SectionResult } from './eval-tropes.ts';

const ROOT = resolve(import.meta.dirname, '..');

const splitAt = process.argv.indexOf('--split');
const split = splitAt >= 0 ? process.argv[splitAt + 1] : 'heldout';
if (split !== 'heldout' && split !== 'calibration') {
  process.stderr.write(`eval: --split must be heldout or calibration, got "${split ?? ''}"\n`);
  process.exit(2);
}

const sections: Array<[string, (root: string) => SectionResult | Promise<SectionResult>]> = [
  ['model', (root) => evalModel(root, split)],
  ...(process.argv.includes('--no-loso') ? [] : [['loso', evalLoso] as [string, (root: string) => Promise<SectionResult>]]),
  ['suite', (root) => evalSuite(root)],
  ['thresholds', evalThresholds],
  ['tropes', evalTropes],
];

let ok = true;
for (const [name, run] of sections) {
  try {
    const result = await run(ROOT);
    process.stdout.write(`${result.lines.join('\n')}\n\n`);
    ok &&= result.ok;
  } catch (err) {
    process.stderr.write(`eval section ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    ok = false;
  }
}
process.exitCode = ok ? 0 : 1;
