/**
 * The functional suite's section of `npm run eval` (src/scoring/suite): the embedded scorer on the project's own
 * hate-speech cases, per kind of statement, target group, obfuscation and batch. Options when run alone
 * (`tsx scripts/eval-suite.ts`): `--batch batch-02` to score one batch, `--failures` to list the cases judged wrong.
 * The suite's target (issue 10): IDENTITY_ATTACK right on at least 80 % of all cases, 80 % of hateful and 75 % of
 * non-hateful ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_THRESHOLDS } from '../src/core/flags.ts';
import { createModelScorer } from '../src/scoring/model-scorer.ts';
import { formatSuite, headline, judge, parseCases, share, type SuiteCase } from '../src/scoring/suite/suite.ts';
import type { SectionResult } from './eval-tropes.ts';

const CASES = 'src/scoring/suite/cases';

/** Every case file, or the batches named. */
export function loadSuite(root: string, batches?: readonly string[]): SuiteCase[] {
  const dir = resolve(root, CASES);
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  return files.filter((f) => !batches || batches.includes(f.replace(/\.jsonl$/, ''))).flatMap((f) => parseCases(readFileSync(resolve(dir, f), 'utf8'), f.replace(/\.jsonl$/, '')));
}

export async function evalSuite(root: string, options: { batches?: string[]; failures?: boolean } = {}): Promise<SectionResult> {
  const cases = loadSuite(root, options.batches);
  const scorer = createModelScorer();
  const outcomes = await scorer.score(cases.map((c) => ({ key: c.id, text: c.text })));
  const results = judge(cases, outcomes.map((o) => (o.ok ? o.score.scores : {})), DEFAULT_THRESHOLDS.attributes);
  const h = headline(results);
  const ok = share(h.overall) >= 0.8 && share(h.hateful) >= 0.8 && share(h.nonHateful) >= 0.75;
  const lines = [`== Functional suite (${CASES}, ${cases.length} cases, scorer ${scorer.version}) — target: overall ≥ 80 %, hateful ≥ 80 %, non-hateful ≥ 75 %: ${ok ? 'met' : 'MISSED'} ==`, ...formatSuite(results)];
  if (options.failures) {
    lines.push('  cases judged wrong (IDENTITY_ATTACK, then other expectations):');
    for (const r of results) {
      const missed = r.checks.filter((c) => !c.met).map((c) => `${c.attribute}=${(r.scores[c.attribute] ?? 0).toFixed(2)} want ${c.expected}`);
      if (missed.length > 0) lines.push(`    ${r.case.id} ${r.case.label} ${r.case.kind} ${r.case.group ?? '-'} ${r.case.obfuscation ?? ''} [${missed.join(', ')}] ${r.case.text}`);
    }
  }
  return { lines, ok };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--batch');
  const batches = at >= 0 ? (process.argv[at + 1] ?? '').split(',') : undefined;
  const result = await evalSuite(resolve(import.meta.dirname, '..'), { batches, failures: process.argv.includes('--failures') });
  process.stdout.write(`${result.lines.join('\n')}\n`);
}
