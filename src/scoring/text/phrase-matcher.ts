/**
 * Compiled multi-word phrase lookup over tokens: patterns are compiled once, and matching costs one Map lookup per
 * token plus, for the candidate phrases that start there, a check of their second word and a short walk for those
 * that pass (no regular expressions at match time).
 *
 * Pattern syntax, words separated by spaces: `a|b` alternatives, `?a|b` optional word, `*` any one word,
 * `~N` up to N arbitrary words. The first element must be a plain word or alternatives. A word matches a token
 * when it equals the token's normalized form or its lemma ("rat" matches "rats").
 */
import type { Token } from './tokenize.ts';

type Element =
  | { kind: 'word'; alts: ReadonlySet<string>; optional: boolean }
  | { kind: 'any' }
  | { kind: 'gap'; max: number };

interface Compiled<L> {
  label: L;
  rest: Element[];
  /** The words the second token must be (norm or lemma) when the second element is a required word; null otherwise. */
  second: ReadonlySet<string> | null;
}

/** One phrase found in the tokens: `[from, to)` token indexes. */
export interface PhraseMatch<L> {
  label: L;
  from: number;
  to: number;
}

/** A pattern with the label it reports. */
export interface PhraseDef<L> {
  pattern: string;
  label: L;
}

function compileElement(part: string, pattern: string): Element {
  if (part === '*') return { kind: 'any' };
  if (part.startsWith('~')) {
    const max = Number(part.slice(1));
    if (!Number.isInteger(max) || max < 1) throw new Error(`bad gap "${part}" in phrase "${pattern}"`);
    return { kind: 'gap', max };
  }
  const optional = part.startsWith('?');
  const body = optional ? part.slice(1) : part;
  const alts = body.split('|').filter((a) => a.length > 0);
  if (alts.length === 0) throw new Error(`empty word in phrase "${pattern}"`);
  return { kind: 'word', alts: new Set(alts), optional };
}

/**
 * For a cheap pre-check: per pattern, the alternatives of one required word that every match must contain, chosen to
 * avoid `common` words ("the tribe" → "tribe"). Patterns made only of common words are returned in `whole`, to be
 * matched as phrases, with their required words in `wholeWords`.
 */
export function requiredWords<L>(
  defs: readonly PhraseDef<L>[],
  common: ReadonlySet<string>,
): { keys: Set<string>; whole: PhraseDef<L>[]; wholeWords: Array<Array<ReadonlySet<string>>> } {
  const keys = new Set<string>();
  const whole: PhraseDef<L>[] = [];
  const wholeWords: Array<Array<ReadonlySet<string>>> = [];
  for (const def of defs) {
    const parts = def.pattern.trim().toLowerCase().split(/\s+/);
    const required = parts.map((p) => compileElement(p, def.pattern)).filter((e): e is Extract<Element, { kind: 'word' }> => e.kind === 'word' && !e.optional);
    const pick = required.find((e) => [...e.alts].every((a) => !common.has(a)));
    if (pick) for (const a of pick.alts) keys.add(a);
    else {
      whole.push(def);
      wholeWords.push(required.map((e) => e.alts));
    }
  }
  return { keys, whole, wholeWords };
}

/** Phrase lookup table, built once per lexicon. */
export class PhraseMatcher<L> {
  private readonly byFirst = new Map<string, Compiled<L>[]>();
  /** Every word that appears in any pattern (for de-obfuscation candidates). */
  readonly vocabulary = new Set<string>();

  constructor(defs: readonly PhraseDef<L>[]) {
    for (const def of defs) {
      const parts = def.pattern.trim().toLowerCase().split(/\s+/);
      const elements = parts.map((p) => compileElement(p, def.pattern));
      const first = elements[0];
      if (!first || first.kind !== 'word' || first.optional) throw new Error(`phrase "${def.pattern}" must start with a plain word`);
      for (const el of elements) if (el.kind === 'word') for (const a of el.alts) this.vocabulary.add(a);
      const next = elements[1];
      const second = next && next.kind === 'word' && !next.optional ? next.alts : null;
      const compiled: Compiled<L> = { label: def.label, rest: elements.slice(1), second };
      for (const alt of first.alts) {
        const list = this.byFirst.get(alt);
        if (list) list.push(compiled);
        else this.byFirst.set(alt, [compiled]);
      }
    }
  }

  /** True when a word starts some phrase. */
  starts(word: string): boolean {
    return this.byFirst.has(word);
  }

  /** All phrases in the tokens (phrases never cross a sentence); overlapping matches are all reported. */
  matchAll(tokens: readonly Token[]): PhraseMatch<L>[] {
    const out: PhraseMatch<L>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i] as Token;
      const a = this.byFirst.get(tok.norm);
      const b = tok.lemma !== tok.norm ? this.byFirst.get(tok.lemma) : undefined;
      if (a) this.tryAll(a, tokens, i, out);
      if (b) this.tryAll(b, tokens, i, out, a);
    }
    return out;
  }

  /** Tries the phrases of `list` at token `i`, except those in `skip` (already tried through the other form). */
  private tryAll(list: readonly Compiled<L>[], tokens: readonly Token[], i: number, out: PhraseMatch<L>[], skip?: readonly Compiled<L>[]): void {
    const sentence = (tokens[i] as Token).sentence;
    const next = tokens[i + 1];
    const nextNorm = next !== undefined && !next.symbol && next.sentence === sentence ? next.norm : undefined;
    for (const c of list) {
      // Most phrases that start with a common word ("the", "are") fail on their second word: test it before walking.
      if (c.second !== null && (nextNorm === undefined || !(c.second.has(nextNorm) || c.second.has((next as Token).lemma)))) continue;
      if (skip && skip.includes(c)) continue;
      // A one-word phrase matches here and now.
      const end = c.rest.length === 0 ? i + 1 : matchFrom(c.rest, 0, tokens, i + 1, sentence);
      if (end >= 0) out.push({ label: c.label, from: i, to: end });
    }
  }
}

function wordMatches(alts: ReadonlySet<string>, tok: Token): boolean {
  return alts.has(tok.norm) || alts.has(tok.lemma);
}

/** Matches elements[k..] at token index i; returns the end index (exclusive) or -1. Greedy on optional words. */
function matchFrom(elements: readonly Element[], k: number, tokens: readonly Token[], i: number, sentence: number): number {
  if (k === elements.length) return i;
  const el = elements[k] as Element;
  const tok = tokens[i];
  const inSentence = tok !== undefined && tok.sentence === sentence;
  if (el.kind === 'word') {
    if (inSentence && !tok.symbol && wordMatches(el.alts, tok)) {
      const r = matchFrom(elements, k + 1, tokens, i + 1, sentence);
      if (r >= 0) return r;
    }
    return el.optional ? matchFrom(elements, k + 1, tokens, i, sentence) : -1;
  }
  if (el.kind === 'any') {
    return inSentence && !tok.symbol ? matchFrom(elements, k + 1, tokens, i + 1, sentence) : -1;
  }
  for (let skip = 0; skip <= el.max; skip++) {
    const t = tokens[i + skip - 1];
    if (skip > 0 && (t === undefined || t.sentence !== sentence)) break;
    const r = matchFrom(elements, k + 1, tokens, i + skip, sentence);
    if (r >= 0) return r;
  }
  return -1;
}
