/**
 * The thresholds' section of `npm run eval`: how many civil comments the default thresholds flag (issue 10: at most
 * 5 % of civil comments on a news site), how many toxic and hateful ones they catch, and the trade-off curve of the
 * thresholds that drive most flags (TOXICITY, IDENTITY_ATTACK, INSULT) with every other setting at its default.
 *
 * Civil comments: the held-out split of the Wikipedia talk comments labelled not toxic (with and without their parent
 * in view), the held-out split of ToxiChat's human Reddit turns labelled Safe, and the project's own civil cases of the
 * functional suite (neutral and positive mentions, policy criticism, reports and counter-speech). Toxic ones: the
 * held-out split of the Toxic Spans news comments with a majority span, the Wikipedia comments labelled toxic, and the
 * suite's hateful cases. No news-site comment in ../shared/data is labelled civil, so the civil rate is measured on
 * these proxies and stated as such (docs/model-card.md). The 5 % target applies to the two proxies for civil comments
 * under an article (Wikipedia talk, the suite's civil kinds); ToxiChat is shown without a target: its "Safe" label
 * means "not offensive to anyone", which admits casual profanity ("that movie is fucking good"), and a newsroom's
 * PROFANITY flag is meant to catch exactly that.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_THRESHOLDS, decideFlags, type Thresholds } from '../src/core/flags.ts';
import type { CommentScore, TropeHit } from '../src/core/scoring.ts';
import { createTropeDetector } from '../src/scoring/index.ts';
import { csvRecords } from '../src/scoring/model/csv.ts';
import { splitOf } from '../src/scoring/model/split.ts';
import { createModelScorer } from '../src/scoring/model-scorer.ts';
import type { SectionResult } from './eval-tropes.ts';
import { loadSuite } from './eval-suite.ts';

/** Kinds of the functional suite that are civil comments (not insults or abuse of non-protected targets). */
const CIVIL_KINDS = new Set(['neutral-mention', 'positive-mention', 'policy-criticism', 'report', 'counter-quote', 'counter-reference', 'negated-hate']);

interface Scored {
  score: CommentScore | null;
  tropes: TropeHit[];
}

interface Sample {
  name: string;
  civil: boolean;
  /** The 5 % target applies (civil comments a news site would publish). */
  target: boolean;
  texts: string[];
}

const heldout = (text: string): boolean => splitOf(text.trim()) === 'heldout';

function wiki(data: string): { civil: string[]; toxic: string[] } {
  const civil: string[] = [];
  const toxic: string[] = [];
  for (const file of ['gn.csv', 'gc.csv']) {
    for (const r of csvRecords(readFileSync(resolve(data, 'wiki-context-toxicity', file), 'utf8'), `wiki-context-toxicity/${file}`, ['text', 'label'])) {
      const text = (r.text ?? '').trim();
      if (text === '' || !heldout(text)) continue;
      (r.label === '1' ? toxic : civil).push(text);
    }
  }
  return { civil, toxic };
}

function toxichatSafe(data: string): string[] {
  const out: string[] = [];
  for (const file of ['train.jsonl', 'dev.jsonl', 'test.jsonl']) {
    for (const line of readFileSync(resolve(data, 'toxichat', file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const thread = JSON.parse(line) as { reddit_thread?: Array<{ text?: string; offense_label?: string }> };
      for (const turn of thread.reddit_thread ?? []) {
        const text = (turn.text ?? '').trim();
        if (turn.offense_label === 'Safe' && text !== '' && heldout(text)) out.push(text);
      }
    }
  }
  return out;
}

function toxicNews(data: string): string[] {
  const out: string[] = [];
  for (const r of csvRecords(readFileSync(resolve(data, 'toxic-spans/posts.csv'), 'utf8'), 'toxic-spans/posts.csv', ['text', 'majority_spans'])) {
    const text = (r.text ?? '').trim();
    if (text !== '' && (r.majority_spans ?? '[]') !== '[]' && heldout(text)) out.push(text);
  }
  return out;
}

function samples(root: string): Sample[] {
  const data = resolve(root, '../shared/data');
  const w = wiki(data);
  const suite = loadSuite(root);
  return [
    { name: 'Wikipedia talk, not toxic (held out)', civil: true, target: true, texts: w.civil },
    { name: 'ToxiChat Reddit turns, Safe (held out)', civil: true, target: false, texts: toxichatSafe(data) },
    { name: 'own suite, civil kinds', civil: true, target: true, texts: suite.filter((c) => c.label === 'non-hateful' && CIVIL_KINDS.has(c.kind)).map((c) => c.text) },
    { name: 'Toxic Spans news comments, majority span (held out)', civil: false, target: false, texts: toxicNews(data) },
    { name: 'Wikipedia talk, toxic (held out)', civil: false, target: false, texts: w.toxic },
    { name: 'own suite, hateful', civil: false, target: false, texts: suite.filter((c) => c.label === 'hateful').map((c) => c.text) },
  ];
}

function flaggedShare(scored: readonly Scored[], thresholds: Thresholds): number {
  let n = 0;
  for (const s of scored) if (decideFlags(s.score, s.tropes, thresholds).flagged) n++;
  return scored.length === 0 ? Number.NaN : n / scored.length;
}

/** How many comments each kind of reason flags (a comment counts once per attribute or trope that flags it). */
function reasonCounts(scored: readonly Scored[]): string {
  const counts = new Map<string, number>();
  for (const s of scored) {
    for (const line of decideFlags(s.score, s.tropes, DEFAULT_THRESHOLDS).reasons) {
      const key = line.startsWith('Trope') ? 'trope' : (line.split(' ')[0] as string);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}

const pct = (v: number): string => `${(100 * v).toFixed(1).padStart(5)}%`;

/** Thresholds with one attribute's value replaced. */
function withThreshold(attribute: 'TOXICITY' | 'IDENTITY_ATTACK' | 'INSULT', value: number): Thresholds {
  return { ...DEFAULT_THRESHOLDS, attributes: { ...DEFAULT_THRESHOLDS.attributes, [attribute]: value } };
}

export async function evalThresholds(root: string): Promise<SectionResult> {
  const scorer = createModelScorer();
  const detector = createTropeDetector();
  const sets = samples(root);
  const scored = new Map<Sample, Scored[]>();
  for (const sample of sets) {
    const outcomes = await scorer.score(sample.texts.map((text, i) => ({ key: String(i), text })));
    scored.set(sample, outcomes.map((o, i) => ({ score: o.ok ? o.score : null, tropes: detector.detect(sample.texts[i] as string) })));
  }
  const lines = [`== Thresholds (src/core/flags.ts DEFAULT_THRESHOLDS) on civil and toxic comments; target: at most 5 % of civil comments flagged ==`];
  let ok = true;
  lines.push('  flagged at the default thresholds:');
  for (const sample of sets) {
    const share = flaggedShare(scored.get(sample) ?? [], DEFAULT_THRESHOLDS);
    const miss = sample.target && !(share <= 0.05);
    if (miss) ok = false;
    const verdict = sample.target ? (miss ? '  MISSED (≤ 5 %)' : '  ≤ 5 %: met') : sample.civil ? '  (no target: casual profanity is "Safe" there)' : '';
    lines.push(`    ${sample.civil ? 'civil' : 'toxic'}  ${pct(share)} of ${String(sample.texts.length).padStart(5)}  ${sample.name}${verdict}`);
    lines.push(`      by reason: ${reasonCounts(scored.get(sample) ?? [])}`);
  }
  for (const attribute of ['TOXICITY', 'IDENTITY_ATTACK', 'INSULT'] as const) {
    lines.push(`  trade-off: ${attribute} threshold (every other setting at its default) → share flagged per set:`);
    lines.push(`    ${'threshold'.padEnd(10)}${sets.map((s) => `${s.civil ? 'civil' : 'toxic'}:${s.name.split(',')[0]?.slice(0, 12)}`.padStart(22)).join('')}`);
    for (let t = 0.4; t <= 0.951; t += 0.05) {
      const th = withThreshold(attribute, Math.round(t * 100) / 100);
      const mark = Math.abs(t - DEFAULT_THRESHOLDS.attributes[attribute]) < 1e-9 ? ' (default)' : '';
      lines.push(`    ${(t.toFixed(2) + mark).padEnd(10)}${sets.map((s) => pct(flaggedShare(scored.get(s) ?? [], th)).padStart(22)).join('')}`);
    }
  }
  return { lines, ok };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await evalThresholds(resolve(import.meta.dirname, '..'));
  process.stdout.write(`${result.lines.join('\n')}\n`);
}
