/**
 * `npm run eval`: prints the evaluation of each scoring component, one section each, and exits 1 when a section
 * misses its targets. Sections are functions in scripts/eval-*.ts.
 */
import { resolve } from 'node:path';
import { evalModel } from './eval-model.ts';
import { evalTropes, type SectionResult } from './eval-tropes.ts';

const ROOT = resolve(import.meta.dirname, '..');

const sections: Array<[string, (root: string) => SectionResult]> = [
  ['model', evalModel],
  ['tropes', evalTropes],
];

let ok = true;
for (const [name, run] of sections) {
  try {
    const result = run(ROOT);
    process.stdout.write(`${result.lines.join('\n')}\n\n`);
    ok &&= result.ok;
  } catch (err) {
    process.stderr.write(`eval section ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    ok = false;
  }
}
process.exitCode = ok ? 0 : 1;
