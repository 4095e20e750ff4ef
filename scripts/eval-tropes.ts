/**
 * The trope section of `npm run eval`: figures on the shared development cases and on our own cases, hard
 * negatives by the trope they were written against, and the seed thread's expectations (including thread context).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildTree } from '../src/core/tree.ts';
import { parseCsv } from '../src/importers/csv-parse.ts';
import { importInput } from '../src/importers/registry.ts';
import { contextFlags } from '../src/scoring/tropes/context.ts';
import { detectTropes } from '../src/scoring/tropes/detector.ts';
import { evaluateCases, evaluateFamilies, parseCases, type Evaluation, type TropeCase } from '../src/scoring/tropes/evaluate.ts';

/** Outcome of the section: the lines printed and whether every target was met. */
export interface SectionResult {
  lines: string[];
  ok: boolean;
}

const pct = (x: number): string => x.toFixed(3);

function figures(title: string, e: Evaluation, targets: boolean): { lines: string[]; ok: boolean } {
  const lines = [`## ${title}`];
  lines.push(`cases: ${e.positives} positive, ${e.negatives} hard negative`);
  lines.push(`recall ${pct(e.recall)} (${e.truePositives}/${e.positives})   precision per flagged comment ${pct(e.precision)}   label precision ${pct(e.labelPrecision)}`);
  lines.push(`hard negatives flagged ${e.negativesFlagged}/${e.negatives} (rate ${pct(e.hardNegativeFpRate)}), at the highest severity (S4): ${e.negativesAtHighest}`);
  lines.push('recall per trope:');
  let minRecall = 1;
  for (const [id, g] of [...e.perTrope].sort((a, b) => a[0].localeCompare(b[0]))) {
    const r = g.hit / g.total;
    minRecall = Math.min(minRecall, r);
    lines.push(`  ${id.padEnd(32)} ${pct(r)} (${g.hit}/${g.total})`);
  }
  lines.push('hard negatives flagged, by the trope they were written against:');
  for (const [id, g] of [...e.perNegativeGroup].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`  ${id.padEnd(32)} ${g.hit}/${g.total}${g.hit > 0 ? '  <-' : ''}`);
  }
  for (const m of e.misses) lines.push(`  missed: ${m}`);
  for (const f of e.falseAlarms) lines.push(`  false alarm: ${f}`);
  for (const x of e.extraLabels) lines.push(`  extra label: ${x}`);
  const ok = !targets || (e.precision >= 0.95 && e.recall >= 0.85 && minRecall >= 0.5 && e.negativesAtHighest === 0);
  if (targets) lines.push(`targets (precision >= 0.95, recall >= 0.85, every trope >= 0.5, no hard negative at S4): ${ok ? 'met' : 'NOT met'}`);
  return { lines, ok };
}

/** Seed expectations: the two trope comments with the right tropes, no other comment with a trope of its own. */
function seed(root: string): { lines: string[]; ok: boolean } {
  const lines = ['## Seed thread (../shared/seeds/000_63fe030f4ed4795b.txt)'];
  const result = importInput({ bytes: new Uint8Array(readFileSync(resolve(root, '../shared/seeds/000_63fe030f4ed4795b.txt'))), fileName: 'seed.txt' });
  if (!result.ok) return { lines: [...lines, `seed did not import: ${result.message}`], ok: false };
  const tree = buildTree(result.threads[0]?.comments ?? []);
  const comments = tree.flat.map((n) => ({ id: n.comment.id, parentId: n.treeParentId, author: n.comment.author, text: n.comment.text, tropes: detectTropes(n.comment.text) }));
  const context = contextFlags(comments);
  const expected = new Map<string, string[]>([
    ['Hyman Griebowitz', ['covert-control-of-leaders']],
    ['John C Carleton', ['dehumanization-vermin-disease', 'world-domination-plot']],
  ]);
  let ok = true;
  for (const c of comments) {
    const want = expected.get(c.author) ?? [];
    const got = c.tropes.map((h) => h.id).sort();
    const match = JSON.stringify(got) === JSON.stringify([...want].sort());
    ok &&= match;
    const ctx = context.get(c.id) ?? [];
    const ctxText = ctx.map((h) => ` + context S${h.severity} "${h.evidence[0]?.text ?? ''}" (${h.explanation})`).join('');
    lines.push(`  ${match ? 'ok  ' : 'FAIL'} ${(c.author || '(no author)').padEnd(20)} tropes: ${got.join(', ') || 'none'}${want.length ? ` (expected ${want.join(', ')})` : ''}${ctxText}`);
  }
  const willy = comments.find((c) => c.author === 'James Willy' && c.text.includes('fire back at them'));
  const willyOk = willy !== undefined && (context.get(willy.id) ?? []).length === 1;
  ok &&= willyOk && context.size === 1;
  lines.push(`  context flags: ${context.size} (expected 1: James Willy's "fire back at them" reply to John C Carleton) ${willyOk && context.size === 1 ? 'ok' : 'FAIL'}`);
  return { lines, ok };
}

/**
 * ISCA tweets (../shared/data/isca-antisemitism/train.csv, labelled antisemitic or not against the IHRA definition):
 * how many not-antisemitic tweets get a trope flag at the default minimum severity (false alarms on real identity
 * talk, news and call-outs), and the share of antisemitic tweets flagged (not every antisemitic tweet is a trope).
 */
function isca(root: string): string[] {
  const path = resolve(root, '../shared/data/isca-antisemitism/train.csv');
  const records = parseCsv(readFileSync(path, 'utf8'), ',');
  const header = records[0]?.fields ?? [];
  const textAt = header.indexOf('text');
  const labelAt = header.indexOf('antisemitic');
  if (textAt < 0 || labelAt < 0) return [`## ISCA tweets: ${path} has no text/antisemitic columns`];
  const count = { neg: 0, negFlag: 0, negAny: 0, negS4: 0, pos: 0, posFlag: 0 };
  for (const r of records.slice(1)) {
    const text = (r.fields[textAt] ?? '').replace(/\\n/g, '\n');
    const hits = detectTropes(text);
    const flagged = hits.some((h) => h.severity >= 2);
    if (r.fields[labelAt] === '1') {
      count.pos++;
      if (flagged) count.posFlag++;
    } else {
      count.neg++;
      if (hits.length > 0) count.negAny++;
      if (flagged) count.negFlag++;
      if (hits.some((h) => h.severity === 4)) count.negS4++;
    }
  }
  return [
    '## ISCA tweets (../shared/data/isca-antisemitism/train.csv; not a trope benchmark)',
    `not antisemitic: ${count.negFlag}/${count.neg} flagged at >= S2 (${pct(count.negFlag / count.neg)}), ${count.negAny} with any hit, ${count.negS4} at S4`,
    `antisemitic: ${count.posFlag}/${count.pos} flagged at >= S2 (${pct(count.posFlag / count.pos)})`,
  ];
}

/**
 * Per case file and, from batch 8 on, per family the file was written for: positives found, and negatives flagged at
 * any severity and at the default minimum severity (S2). "civil" is the batch of ordinary comments that mention Jews
 * or Israel, so its S2 column is the false-alarm rate the console would show.
 */
function batches(files: ReadonlyArray<{ name: string; cases: TropeCase[] }>): string[] {
  const lines = ['## Our own cases by file and family (negatives: flagged at any severity / at >= S2)'];
  for (const { name, cases } of files) {
    const e = evaluateCases(cases, detectTropes);
    lines.push(`${name}: recall ${e.truePositives}/${e.positives}, hard negatives flagged ${e.negativesFlagged}/${e.negatives}`);
    for (const [family, f] of evaluateFamilies(cases, detectTropes)) {
      const found = f.positives > 0 ? `found ${f.found}/${f.positives} (${pct(f.found / f.positives)})` : 'no positives';
      const neg = f.negatives > 0 ? `negatives flagged ${f.flaggedAny}/${f.negatives}, at >= S2 ${f.flaggedAtDefault}/${f.negatives} (${pct(f.flaggedAtDefault / f.negatives)})` : '';
      lines.push(`  ${family.padEnd(12)} ${found}   ${neg}`);
    }
  }
  return lines;
}

/** Our own case files (src/scoring/tropes/cases/*.jsonl), in name order. */
function ownCaseFiles(root: string): Array<{ name: string; cases: TropeCase[] }> {
  const dir = resolve(root, 'src/scoring/tropes/cases');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((name) => ({ name, cases: parseCases(readFileSync(resolve(dir, name), 'utf8'), resolve(dir, name)) }));
}

/** Runs the trope section from the repository root `root`. */
export function evalTropes(root: string): SectionResult {
  const devPath = resolve(root, '../shared/data/tropes/dev-cases.jsonl');
  const dev = figures('Trope detector: shared development cases', evaluateCases(parseCases(readFileSync(devPath, 'utf8'), devPath), detectTropes), true);
  const files = ownCaseFiles(root);
  const own = figures('Trope detector: our own cases (src/scoring/tropes/cases/*.jsonl)', evaluateCases(files.flatMap((f) => f.cases), detectTropes), false);
  const s = seed(root);
  return { lines: ['# Conspiracy-trope detector', ...dev.lines, '', ...own.lines, '', ...batches(files), '', ...isca(root), '', ...s.lines], ok: dev.ok && s.ok };
}
