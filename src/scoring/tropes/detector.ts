/**
 * The conspiracy-trope detector: slot rules over a de-obfuscated token stream, the commenter's stance (exempt,
 * review one level lower, or asserted; see stance.ts), and one explained hit per trope with evidence spans into the
 * original text.
 */
import type { TropeDetector, TropeEvidence, TropeHit, TropeSeverity } from '../../core/scoring.ts';
import { analyze, type Analysis, type Slot } from './analyze.ts';
import { runRules, type Candidate } from './rules.ts';
import { stanceOf } from './stance.ts';
import { tropeInfo, type TropeId } from './taxonomy.ts';

export const TROPE_DETECTOR_NAME = 'trope-detector';
export const TROPE_DETECTOR_VERSION = '0.7.1';

function toEvidence(a: Analysis, s: Slot, role: TropeEvidence['role']): TropeEvidence {
  const text = a.tz.text;
  const first = a.tz.tokens[s.from];
  const last = a.tz.tokens[s.to - 1];
  const start = s.charStart ?? first?.start ?? 0;
  const end = s.charEnd ?? last?.end ?? start;
  return { start, end, text: text.slice(start, end), role };
}

/** Merges overlapping or touching spans of the same role (e.g. "zombie" + "infected" + "Rats"). */
function mergeSpans(text: string, spans: TropeEvidence[]): TropeEvidence[] {
  const sorted = [...spans].sort((x, y) => x.start - y.start || y.end - x.end);
  const out: TropeEvidence[] = [];
  for (const s of sorted) {
    const prev = out.find((p) => p.role === s.role && s.start <= p.end + 1 && s.end >= p.start);
    if (prev) {
      prev.end = Math.max(prev.end, s.end);
      prev.start = Math.min(prev.start, s.start);
      prev.text = text.slice(prev.start, prev.end);
      continue;
    }
    out.push({ ...s });
  }
  return out;
}

function quote(list: readonly TropeEvidence[]): string {
  return list.map((e) => `"${e.text}"`).join(', ');
}

/** One sentence from the evidence, e.g. `Secret control of leaders: "chabad" is said to control "putin" ("is controlled by")`. */
function explain(id: TropeId, ev: readonly TropeEvidence[]): string {
  const info = tropeInfo(id);
  const who = ev.find((e) => e.role === 'who');
  const whom = ev.find((e) => e.role === 'whom');
  const what = ev.filter((e) => e.role === 'what');
  const code = ev.filter((e) => e.role === 'code');
  const how = what.length > 0 ? ` (${quote(what)})` : '';
  if (who && whom) return `${info.name}: "${who.text}" is said to ${info.verb} "${whom.text}"${how}`;
  if (who) return `${info.name}: "${who.text}" ${info.claim}${how || (code.length > 0 ? ` (${quote(code)})` : '')}`;
  if (code.length > 0) return `${info.name}: coded term ${quote(code)}${what.length > 0 ? ` with ${quote(what)}` : ''}`;
  return `${info.name}: the comment asserts ${quote(what)}`;
}

/** Per trope, keeps the strongest candidate and pools the evidence of all of them. */
function mergeCandidates(a: Analysis, candidates: readonly Candidate[]): TropeHit[] {
  const byTrope = new Map<TropeId, { severity: number; ev: TropeEvidence[] }>();
  for (const c of candidates) {
    const ev: TropeEvidence[] = [];
    if (c.who?.antecedent) ev.push(toEvidence(a, c.who.antecedent, 'who'));
    if (c.who) ev.push(toEvidence(a, c.who, 'who'));
    for (const w of c.whats) ev.push(toEvidence(a, w, 'what'));
    if (c.whom) ev.push(toEvidence(a, c.whom, 'whom'));
    for (const k of c.codes) ev.push(toEvidence(a, k, 'code'));
    const entry = byTrope.get(c.trope);
    if (entry) {
      entry.severity = Math.max(entry.severity, c.severity);
      entry.ev.push(...ev);
    } else {
      byTrope.set(c.trope, { severity: c.severity, ev });
    }
  }
  const hits: TropeHit[] = [];
  for (const [id, { severity, ev }] of byTrope) {
    const evidence = mergeSpans(a.tz.text, ev);
    const info = tropeInfo(id);
    hits.push({ id, name: info.name, severity: Math.min(4, Math.max(1, severity)) as TropeSeverity, evidence, explanation: explain(id, evidence) });
  }
  return hits.sort((x, y) => y.severity - x.severity || x.id.localeCompare(y.id));
}

/** Drops code-only hits whose code is already the accused agent of another hit ("kh@zarian vermin" is dehumanisation). */
function absorbCodes(candidates: Candidate[]): Candidate[] {
  const agentSpans = candidates.flatMap((c) => (c.who ? [c.who, ...(c.who.antecedent ? [c.who.antecedent] : [])] : []));
  return candidates.filter((c) => {
    if (c.trope !== 'khazar-fake-jews' && c.trope !== 'coded-othering-marking') return true;
    if (c.whats.length > 0) return true;
    return !c.codes.every((k) =>
      agentSpans.some((w) => (w.from < k.to && k.from < w.to) || (k.charStart !== undefined && w.charStart !== undefined && w.sentence === k.sentence)),
    );
  });
}

/** Finds trope hits in one comment's text; pure and synchronous, never throws on any string. */
export function detectTropes(text: string): TropeHit[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const a = analyze(text);
  if (!a) return [];
  const candidates: Candidate[] = [];
  for (const c of absorbCodes(runRules(a))) {
    const stance = stanceOf(a, c);
    if (stance === 'exempt' || (stance === 'review' && c.severity <= 1)) continue;
    candidates.push(stance === 'review' ? { ...c, severity: Math.max(1, c.severity - 1) } : c);
  }
  if (candidates.length === 0) return [];
  const hits = mergeCandidates(a, candidates);
  if (hits.length > 1) {
    for (const h of hits) if (h.id === 'coded-othering-marking' && h.severity < 3) h.severity = 3;
  }
  return hits;
}

/** The embedded trope detector. */
export function createTropeDetector(): TropeDetector {
  return { name: TROPE_DETECTOR_NAME, version: TROPE_DETECTOR_VERSION, detect: detectTropes };
}
