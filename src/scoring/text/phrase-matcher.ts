/**
 * Compiled multi-word phrase lookup over tokens: patterns are compiled once, indexed by their first word and, where
 * it is a required word, their second; matching costs a few Map lookups per token plus a short walk for the
 * candidate phrases found (no regular expressions at match time).
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
  /** Definition order: candidates are tried in it, so of two equal matches the first definition's comes first. */
  order: number;
  /** The matcher's position stamp when last tried (a phrase reachable through two word forms is tried once). */
  stamp: number;
}

/**
 * The phrases that start with one word: those whose second element is a required word, indexed by that word (most
 * phrases that start with a common word, "the" or "are", are ruled out by one look-up), and the others ("loose").
 */
interface Bucket<L> {
  loose: Compiled<L>[];
  bySecond: Map<string, Compiled<L>[]>;
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
  private readonly byFirst = new Map<string, Bucket<L>>();
  /** Every word that appears in any pattern (for de-obfuscation candidates). */
  readonly vocabulary = new Set<string>();
  private stamp = 0;
  /** Candidates of the current position (reused, never shrunk). */
  private readonly buffer: Compiled<L>[] = [];
  private count = 0;

  constructor(defs: readonly PhraseDef<L>[]) {
    defs.forEach((def, order) => {
      const parts = def.pattern.trim().toLowerCase().split(/\s+/);
      const elements = parts.map((p) => compileElement(p, def.pattern));
      const first = elements[0];
      if (!first || first.kind !== 'word' || first.optional) throw new Error(`phrase "${def.pattern}" must start with a plain word`);
      for (const el of elements) if (el.kind === 'word') for (const a of el.alts) this.vocabulary.add(a);
      const compiled: Compiled<L> = { label: def.label, rest: elements.slice(1), order, stamp: -1 };
      const next = elements[1];
      for (const alt of first.alts) {
        let bucket = this.byFirst.get(alt);
        if (!bucket) this.byFirst.set(alt, (bucket = { loose: [], bySecond: new Map() }));
        if (next?.kind === 'word' && !next.optional) {
          for (const second of next.alts) {
            const list = bucket.bySecond.get(second);
            if (list) list.push(compiled);
            else bucket.bySecond.set(second, [compiled]);
          }
        } else bucket.loose.push(compiled);
      }
    });
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
      if (a === undefined && b === undefined) continue;
      this.stamp++;
      this.count = 0;
      const next = tokens[i + 1];
      const usable = next !== undefined && !next.symbol && next.sentence === tok.sentence;
      const otherLemma = usable && next.lemma !== next.norm;
      // Phrases through the token's own form come first, then those through its lemma: an exact form wins a tie.
      let sources = 0;
      if (a) {
        sources += this.collect(a.loose);
        if (usable) sources += this.collect(a.bySecond.get(next.norm)) + (otherLemma ? this.collect(a.bySecond.get(next.lemma)) : 0);
      }
      const own = this.count;
      if (sources > 1) sortByOrder(this.buffer, 0, own);
      if (b) {
        sources = this.collect(b.loose);
        if (usable) sources += this.collect(b.bySecond.get(next.norm)) + (otherLemma ? this.collect(b.bySecond.get(next.lemma)) : 0);
        if (sources > 1) sortByOrder(this.buffer, own, this.count);
      }
      const found = this.buffer;
      const n = this.count;
      for (let k = 0; k < n; k++) {
        const c = found[k] as Compiled<L>;
        // A one-word phrase matches here and now.
        const end = c.rest.length === 0 ? i + 1 : matchFrom(c.rest, 0, tokens, i + 1, tok.sentence);
        if (end >= 0) out.push({ label: c.label, from: i, to: end });
      }
    }
    return out;
  }

  /** Adds the phrases of `list` not yet taken at this position to the candidates; 1 when it added any. */
  private collect(list: readonly Compiled<L>[] | undefined): number {
    if (list === undefined || list.length === 0) return 0;
    for (const c of list) {
      if (c.stamp === this.stamp) continue;
      c.stamp = this.stamp;
      this.buffer[this.count++] = c;
    }
    return 1;
  }
}

/** Insertion sort of the candidates `[from, to)` by definition order (a handful at most). */
function sortByOrder<L>(list: Compiled<L>[], from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const c = list[i] as Compiled<L>;
    let j = i - 1;
    while (j >= from && (list[j] as Compiled<L>).order > c.order) {
      list[j + 1] = list[j] as Compiled<L>;
      j--;
    }
    list[j + 1] = c;
  }
}

function wordMatches(alts: ReadonlySet<string>, tok: Token): boolean {
  return alts.has(tok.norm) || (tok.lemma !== tok.norm && alts.has(tok.lemma));
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
