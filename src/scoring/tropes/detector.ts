/**
 * The first conspiracy-trope detector: slot rules over a lightly de-obfuscated token stream, stance exemptions
 * (negation, counter-speech, reporting, quotation with a meta verb, in-group satire), and one explained hit per trope
 * with evidence spans into the original text.
 */
import type { TropeDetector, TropeEvidence, TropeHit, TropeSeverity } from '../../core/scoring.ts';
import { analyze, type Analysis, type Slot } from './analyze.ts';
import { runRules, type Candidate } from './rules.ts';
import { tropeInfo, type TropeId } from './taxonomy.ts';

export const TROPE_DETECTOR_NAME = 'trope-detector';
export const TROPE_DETECTOR_VERSION = '0.1.0';

/** True when the stance of the sentence(s) holding the candidate exempts it (reference section 3). */
function exempt(a: Analysis, c: Candidate): boolean {
  if (a.satire) return true;
  const sentences = new Set<number>([c.sentence]);
  for (const s of [c.who, c.whom, ...c.whats, ...c.codes]) if (s) sentences.add(s.sentence);
  for (const s of sentences) {
    if (a.counter.has(s) || a.report.has(s)) return true;
  }
  if (c.who && reportedLabelling(a, c.who)) return true;
  if (a.meta.has(c.sentence)) {
    const claim = [...c.whats, ...c.codes];
    const quoted = claim.some((s) => a.tz.tokens[s.from]?.quoted === true);
    if (quoted) return true;
  }
  return false;
}

const CALL_VERBS = new Set(['called', 'calls', 'branded', 'labelled', 'labeled', 'depicted', 'portrayed', 'described']);
const FIRST_PERSON = new Set(['i', 'we', "i'd", "i'll", "we'd", "we'll", 'id', 'ill']);

/** "Nazi propaganda called Jews vermin": a third party's labelling, reported (the speaker's own "I call them ..." is not). */
function reportedLabelling(a: Analysis, who: Slot): boolean {
  const tokens = a.tz.tokens;
  const verb = tokens[who.from - 1];
  if (!verb || verb.sentence !== who.sentence || !CALL_VERBS.has(verb.norm)) return false;
  const subject = tokens[who.from - 2];
  return subject !== undefined && subject.sentence === who.sentence && !FIRST_PERSON.has(subject.norm);
}

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
  const candidates = absorbCodes(runRules(a)).filter((c) => !exempt(a, c));
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
