/**
 * The project's own functional test suite of hate-speech judgement (cases in ./cases, written for this project by an
 * author who had not seen the scorer): parsing of its JSONL files and the figures `npm run eval` reports — share of
 * cases judged right by IDENTITY_ATTACK at its threshold, overall, for hateful and non-hateful cases, per kind of
 * statement, per target group, per obfuscation and per batch, and the THREAT and INSULT expectations the cases carry.
 * Runtime-neutral: takes file contents and a scoring function.
 */
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';

export type Expectation = 'high' | 'low';

export interface SuiteCase {
  id: string;
  text: string;
  label: 'hateful' | 'non-hateful';
  kind: string;
  group: string | null;
  obfuscation: string | null;
  twin: string | null;
  base?: string | null;
  expect: Partial<Record<Attribute, Expectation>>;
  /** The file the case came from (e.g. "batch-01"). */
  batch: string;
}

/** Parses one JSONL file of cases; throws a message naming the file and line of the first bad case. */
export function parseCases(text: string, batch: string): SuiteCase[] {
  const out: SuiteCase[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${batch}.jsonl line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const c = value as Partial<SuiteCase>;
    if (typeof c.id !== 'string' || typeof c.text !== 'string' || (c.label !== 'hateful' && c.label !== 'non-hateful') || typeof c.kind !== 'string') {
      throw new Error(`${where}: needs id, text, label (hateful or non-hateful) and kind`);
    }
    const expect = (typeof c.expect === 'object' && c.expect !== null ? c.expect : {}) as Record<string, unknown>;
    for (const [attribute, e] of Object.entries(expect)) {
      if (!(ATTRIBUTES as readonly string[]).includes(attribute) || (e !== 'high' && e !== 'low')) throw new Error(`${where}: bad expectation ${attribute}: ${String(e)}`);
    }
    out.push({
      id: c.id,
      text: c.text,
      label: c.label,
      kind: c.kind,
      group: typeof c.group === 'string' ? c.group : null,
      obfuscation: typeof c.obfuscation === 'string' ? c.obfuscation : null,
      twin: typeof c.twin === 'string' ? c.twin : null,
      base: typeof c.base === 'string' ? c.base : null,
      expect: expect as Partial<Record<Attribute, Expectation>>,
      batch,
    });
  });
  return out;
}

/** A case's scores (0..1 per attribute) as the scorer under test gives them. */
export type CaseScores = Partial<Record<Attribute, number>>;

/** One case with the scorer's verdict on each expectation it carries. */
export interface CaseResult {
  case: SuiteCase;
  scores: CaseScores;
  /** Whether IDENTITY_ATTACK is on the right side of its threshold (the suite's main measure). */
  identityRight: boolean;
  /** Every expectation the case carries, met or not. */
  checks: Array<{ attribute: Attribute; expected: Expectation; met: boolean }>;
}

/** Judges every case at `thresholds`. */
export function judge(cases: readonly SuiteCase[], scores: readonly CaseScores[], thresholds: Record<Attribute, number>): CaseResult[] {
  return cases.map((c, i) => {
    const s = scores[i] ?? {};
    const checks = (Object.entries(c.expect) as Array<[Attribute, Expectation]>).map(([attribute, expected]) => {
      const high = (s[attribute] ?? 0) >= thresholds[attribute];
      return { attribute, expected, met: expected === 'high' ? high : !high };
    });
    const identityHigh = (s.IDENTITY_ATTACK ?? 0) >= thresholds.IDENTITY_ATTACK;
    return { case: c, scores: s, identityRight: c.label === 'hateful' ? identityHigh : !identityHigh, checks };
  });
}

/** Right and total of some results. */
export interface Tally {
  right: number;
  total: number;
}

export function tally(results: readonly CaseResult[], right: (r: CaseResult) => boolean = (r) => r.identityRight): Tally {
  return { right: results.filter(right).length, total: results.length };
}

export function share(t: Tally): number {
  return t.total === 0 ? Number.NaN : t.right / t.total;
}

/** Results grouped by a key (kind, group, obfuscation, batch), keys in first-seen order. */
export function groupBy(results: readonly CaseResult[], key: (r: CaseResult) => string): Map<string, CaseResult[]> {
  const out = new Map<string, CaseResult[]>();
  for (const r of results) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** The headline figures: IDENTITY_ATTACK right overall, on hateful and on non-hateful cases. */
export function headline(results: readonly CaseResult[]): { overall: Tally; hateful: Tally; nonHateful: Tally } {
  return {
    overall: tally(results),
    hateful: tally(results.filter((r) => r.case.label === 'hateful')),
    nonHateful: tally(results.filter((r) => r.case.label === 'non-hateful')),
  };
}

const pct = (t: Tally): string => (t.total === 0 ? '   -  ' : `${((100 * t.right) / t.total).toFixed(1).padStart(5)}%`);

/** A printable report: headline, then per batch, kind, group and obfuscation, then the other attributes' expectations. */
export function formatSuite(results: readonly CaseResult[]): string[] {
  const h = headline(results);
  const lines = [
    `IDENTITY_ATTACK at threshold: overall ${pct(h.overall)} of ${h.overall.total}; hateful ${pct(h.hateful)} of ${h.hateful.total}; non-hateful ${pct(h.nonHateful)} of ${h.nonHateful.total}`,
  ];
  const table = (title: string, key: (r: CaseResult) => string): void => {
    lines.push(`  by ${title}:`);
    for (const [k, list] of groupBy(results, key)) {
      const hh = headline(list);
      lines.push(`    ${k.padEnd(20)} ${pct(hh.overall)} of ${String(hh.overall.total).padStart(4)}   hateful ${pct(hh.hateful)} of ${String(hh.hateful.total).padStart(4)}   non-hateful ${pct(hh.nonHateful)} of ${String(hh.nonHateful.total).padStart(4)}`);
    }
  };
  table('batch', (r) => r.case.batch);
  table('kind', (r) => r.case.kind);
  table('group', (r) => r.case.group ?? '(none)');
  table('obfuscation', (r) => r.case.obfuscation ?? '(plain)');
  lines.push('  other expectations:');
  for (const attribute of ATTRIBUTES) {
    for (const expected of ['high', 'low'] as const) {
      const checks = results.flatMap((r) => r.checks.filter((c) => c.attribute === attribute && c.expected === expected && attribute !== 'IDENTITY_ATTACK'));
      if (checks.length > 0) lines.push(`    ${attribute} ${expected}: ${pct({ right: checks.filter((c) => c.met).length, total: checks.length })} of ${checks.length}`);
    }
  }
  return lines;
}
