/**
 * Figures of the trope detector over labelled cases (the dev-cases.jsonl schema: id, text, trope, kind): recall per
 * trope, precision per flagged comment and per label, and hard negatives flagged per trope they were written against.
 */
import type { TropeHit } from '../../core/scoring.ts';
import { TROPE_IDS } from './taxonomy.ts';

/** One labelled comment. */
export interface TropeCase {
  id: string;
  text: string;
  /** Expected trope id for a positive, null for a hard negative. */
  trope: string | null;
  kind: 'positive' | 'hard-negative';
}

/** Parses JSONL cases; throws an Error naming the file and line of the first bad row. */
export function parseCases(jsonl: string, source: string): TropeCase[] {
  const out: TropeCase[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${source} line ${i + 1}: not valid JSON`);
    }
    const r = row as Partial<TropeCase>;
    const okKind = r.kind === 'positive' || r.kind === 'hard-negative';
    const okTrope = r.kind === 'positive' ? typeof r.trope === 'string' && (TROPE_IDS as readonly string[]).includes(r.trope) : r.trope === null;
    if (typeof r.id !== 'string' || typeof r.text !== 'string' || !okKind || !okTrope) {
      throw new Error(`${source} line ${i + 1}: expected {id, text, trope: a taxonomy id or null, kind: positive | hard-negative}`);
    }
    out.push({ id: r.id, text: r.text, trope: r.trope ?? null, kind: r.kind as TropeCase['kind'] });
  });
  return out;
}

/** Counts for one group (a trope's positives, or the hard negatives written against it). */
export interface GroupCount {
  total: number;
  hit: number;
}

/** The figures of one run. */
export interface Evaluation {
  positives: number;
  negatives: number;
  /** Positives whose expected trope was found. */
  truePositives: number;
  /** Hard negatives with any hit. */
  negativesFlagged: number;
  /** Hard negatives with a hit at severity 4. */
  negativesAtHighest: number;
  recall: number;
  /** Correctly flagged comments over all flagged comments (positives with any hit count as flagged). */
  precision: number;
  /** Expected labels over all labels emitted on all cases. */
  labelPrecision: number;
  hardNegativeFpRate: number;
  /** Per expected trope: positives and how many were found. */
  perTrope: Map<string, GroupCount>;
  /** Per trope a hard negative was written against (the id prefix before "--"): negatives and how many were flagged. */
  perNegativeGroup: Map<string, GroupCount>;
  /** "id: found ids" for each missed positive. */
  misses: string[];
  /** "id: ids (severity)" for each flagged hard negative. */
  falseAlarms: string[];
  /** "id: extra ids" for positives that also got a label other than the expected one. */
  extraLabels: string[];
}

function bump(map: Map<string, GroupCount>, key: string, hit: boolean): void {
  const g = map.get(key) ?? { total: 0, hit: 0 };
  g.total++;
  if (hit) g.hit++;
  map.set(key, g);
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Runs `detect` over the cases and counts. */
export function evaluateCases(cases: readonly TropeCase[], detect: (text: string) => TropeHit[]): Evaluation {
  const e: Evaluation = {
    positives: 0, negatives: 0, truePositives: 0, negativesFlagged: 0, negativesAtHighest: 0, recall: 0, precision: 0, labelPrecision: 0,
    hardNegativeFpRate: 0, perTrope: new Map(), perNegativeGroup: new Map(), misses: [], falseAlarms: [], extraLabels: [],
  };
  let labels = 0;
  let correctLabels = 0;
  let flaggedPositives = 0;
  for (const c of cases) {
    const hits = detect(c.text);
    labels += hits.length;
    const found = hits.map((h) => h.id);
    if (c.kind === 'positive') {
      e.positives++;
      const ok = found.includes(c.trope as string);
      if (hits.length > 0) flaggedPositives++;
      if (ok) {
        e.truePositives++;
        correctLabels++;
      } else e.misses.push(`${c.id}: ${found.join(', ') || 'nothing'}`);
      const extra = found.filter((id) => id !== c.trope);
      if (extra.length > 0) e.extraLabels.push(`${c.id}: ${extra.join(', ')}`);
      bump(e.perTrope, c.trope as string, ok);
    } else {
      e.negatives++;
      const flagged = hits.length > 0;
      if (flagged) {
        e.negativesFlagged++;
        if (hits.some((h) => h.severity === 4)) e.negativesAtHighest++;
        e.falseAlarms.push(`${c.id}: ${hits.map((h) => `${h.id} (S${h.severity})`).join(', ')}`);
      }
      bump(e.perNegativeGroup, c.id.split('--')[0] ?? c.id, flagged);
    }
  }
  e.recall = ratio(e.truePositives, e.positives);
  e.precision = ratio(e.truePositives, flaggedPositives + e.negativesFlagged);
  e.labelPrecision = ratio(correctLabels, labels);
  e.hardNegativeFpRate = ratio(e.negativesFlagged, e.negatives);
  return e;
}

/**
 * The family a case was written for, from ids of the form `<trope>--<family>-b<batch>-<pos|neg>-<n>` (batch 8 on:
 * "replacement", "code", "organ", "host", "shield", "bothsides", "civil"); undefined for older ids.
 */
export function familyOf(id: string): string | undefined {
  const m = /--([a-z]+)-b\d+-(?:pos|neg)-\d+$/.exec(id);
  return m?.[1];
}

/** Figures of one family: positives found, and negatives flagged at any severity and at the default minimum (S2). */
export interface FamilyCount {
  positives: number;
  found: number;
  negatives: number;
  flaggedAny: number;
  flaggedAtDefault: number;
}

/** Per family (see familyOf), in first-seen order; cases without a family are skipped. */
export function evaluateFamilies(cases: readonly TropeCase[], detect: (text: string) => TropeHit[], minSeverity = 2): Map<string, FamilyCount> {
  const out = new Map<string, FamilyCount>();
  for (const c of cases) {
    const family = familyOf(c.id);
    if (family === undefined) continue;
    const f = out.get(family) ?? { positives: 0, found: 0, negatives: 0, flaggedAny: 0, flaggedAtDefault: 0 };
    const hits = detect(c.text);
    if (c.kind === 'positive') {
      f.positives++;
      if (hits.some((h) => h.id === c.trope)) f.found++;
    } else {
      f.negatives++;
      if (hits.length > 0) f.flaggedAny++;
      if (hits.some((h) => h.severity >= minSeverity)) f.flaggedAtDefault++;
    }
    out.set(family, f);
  }
  return out;
}
