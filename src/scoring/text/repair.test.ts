import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { analyzeText } from '../lexicon/analyze.ts';
import { TokenRepair } from './repair.ts';
import { tokenize, type Token } from './tokenize.ts';
import VOCABULARY_FILE from './vocabulary.json' with { type: 'json' };
import { COMMON_WORDS, ORDINARY_WORDS } from './vocabulary.ts';

const TARGETS = ['hate', 'hates', 'despise', 'disgusting', 'jews', 'jew', 'vermin', 'muslims', 'scum', 'bitch', 'is', 'to', 'i', 'you', 'kill', 'rapist'];
const WORDS = ['i', 'a', 'u', 'total', 'them', 'all', 'the', 'hat', 'heat', 'killjoy', 'therapist', 'joy', 'son', 'er', 'ate'];

function repairer(targets: Iterable<string> = TARGETS, vocabulary: Iterable<string> = WORDS): TokenRepair {
  return new TokenRepair(targets, vocabulary);
}

/** The tokens of `text` after repair. */
function repaired(text: string, rep = repairer()): Token[] {
  return rep.repair(text, tokenize(text).tokens);
}

/** Norm, repair kind and original slice of each token of `text` after repair. */
function read(text: string, rep = repairer()): Array<[string, string, string]> {
  return repaired(text, rep).map((t) => [t.norm, t.repair ?? '', text.slice(t.start, t.end)]);
}

describe('TokenRepair: one edit from a target', () => {
  it('reads two swapped letters (not the first) as the target', () => {
    expect(read('haet despies disgsuting jwes')).toEqual([
      ['hate', 'swap', 'haet'],
      ['despise', 'swap', 'despies'],
      ['disgusting', 'swap', 'disgsuting'],
      ['jews', 'swap', 'jwes'],
    ]);
    expect(read('ahte ejws').map(([, k]) => k)).toEqual(['', '']);
  });

  it('reads one dropped inner vowel as a target of five letters or more', () => {
    expect(read('disgustng vermn mslims btch').map(([n, k]) => `${n}:${k}`)).toEqual(['disgusting:drop', 'vermin:drop', 'muslims:drop', 'bitch:drop']);
    // Not a consonant ("vemin", "bich"), not the first or last letter ("ermin", "vermi"), not from a four-letter
    // target ("hte"), and from a five-letter one only when no vowel is left ("btch", not "huts" from "houts").
    expect(read('vemin bich ermin vermi hte huts').map(([, k]) => k)).toEqual(['', '', '', '', '', '']);
    expect(repairer(['houts']).fixOf('huts')).toBeNull();
    expect(repairer(['houts']).fixOf('hots')).toBeNull();
    expect(repairer(['hoyts']).fixOf('hyts')?.words).toEqual(['hoyts']);
  });

  it('reads one doubled letter as the target, but not an arbitrary inserted one', () => {
    expect(read('hatte scumm hhate').map(([n, k]) => `${n}:${k}`)).toEqual(['hate:double', 'scum:double', 'hate:double']);
    expect(read('hatem Hatem hatre').map(([, k]) => k)).toEqual(['', '', '']);
  });

  it('leaves an @handle alone, whatever it reads', () => {
    // "@hatejews" reads "ahatejews", which would split as a | hate | jews.
    expect(read('@hatejews hatejews').map(([n, k]) => `${n}:${k}`)).toEqual(['ahatejews:', 'hate:split', 'jews:split']);
  });

  it('never repairs an ordinary word, a target, or a short or non-letter word', () => {
    expect(read('heat hat killjoy therapist hate jew jews hte h8 2hate').map(([, k]) => k).every((k) => k === '')).toBe(true);
  });

  it('picks the longest fitting target, then the first in lexical order, whatever the target order', () => {
    // "abbcd" is "abcd" with a doubled letter and "abbcud" with a dropped one: the longer target wins.
    expect(repairer(['abcd', 'abbcud']).fixOf('abbcd')).toEqual({ kind: 'drop', words: ['abbcud'], at: [0] });
    // "xacbd" is one swap from both "xabcd" and "xacdb": the first in lexical order wins, in either target order.
    expect(repairer(['xacdb', 'xabcd']).fixOf('xacbd')).toEqual({ kind: 'swap', words: ['xabcd'], at: [0] });
    expect(repairer(['xabcd', 'xacdb']).fixOf('xacbd')).toEqual({ kind: 'swap', words: ['xabcd'], at: [0] });
  });
});

describe('TokenRepair: glued words', () => {
  it('cuts a glued word into 2 or 3 parts with exact sub-slices', () => {
    const text = 'idespise ihatemuslims, totalscum. hateMuslims';
    expect(read(text)).toEqual([
      ['i', 'split', 'i'],
      ['despise', 'split', 'despise'],
      ['i', 'split', 'i'],
      ['hate', 'split', 'hate'],
      ['muslims', 'split', 'muslims'],
      ['total', 'split', 'total'],
      ['scum', 'split', 'scum'],
      ['hate', 'split', 'hate'],
      ['muslims', 'split', 'Muslims'],
    ]);
  });

  it('keeps sentence, clause, quotation and case flags on each part, and sets each part its lemma', () => {
    const tokens = repaired('fine. "IHATEJEWS", ok');
    const parts = tokens.filter((t) => t.repair === 'split');
    expect(parts.map((t) => [t.norm, t.lemma, t.sentence, t.quoted, t.upper])).toEqual([
      ['i', 'i', 1, true, true],
      ['hate', 'hate', 1, true, true],
      ['jews', 'jew', 1, true, true],
    ]);
  });

  it('gives every part the whole span when normalization changed the length', () => {
    // A zero-width space inside the word: the norm is one unit shorter than the original text.
    const text = 'i\u200bhate\u200bmuslims';
    const tokens = repaired(text);
    expect(tokens.map((t) => t.norm)).toEqual(['i', 'hate', 'muslims']);
    for (const t of tokens) expect([t.start, t.end]).toEqual([0, text.length]);
  });

  it('prefers fewer parts, then more letters in target parts, and needs a target of four letters or more', () => {
    expect(repairer(['white', 'whites', 'space'], ['pace']).fixOf('whitespace')?.words).toEqual(['white', 'space']);
    expect(repairer(['is', 'to']).fixOf('istoto')).toBeNull();
    expect(repairer().fixOf('youjews')?.words).toEqual(['you', 'jews']);
  });

  it('glues only targets, glue words of three letters or more, or one letter at either end', () => {
    const rep = repairer();
    // "er" is an ordinary word of two letters and no target; "i" may not sit between two parts.
    expect(rep.fixOf('killer')).toBeNull();
    expect(rep.fixOf('jewsihate')).toBeNull();
    expect(rep.fixOf('killjoys')).toBeNull();
    expect(rep.fixOf('killthem')?.words).toEqual(['kill', 'them']);
    expect(rep.fixOf('killson')?.words).toEqual(['kill', 'son']);
    // Only the glue list may be glued when one is given ("son" is ordinary but not glue here).
    const glued = new TokenRepair(TARGETS, WORDS, { glue: ['i', 'them'] });
    expect(glued.fixOf('killson')).toBeNull();
    expect(glued.fixOf('killthem')?.words).toEqual(['kill', 'them']);
  });
});

describe('TokenRepair: tokens, case and leetspeak', () => {
  it('repairs after leetspeak and case are normalized', () => {
    expect(read('d3sp1es JW3S DISGSUTING').map(([n, k, s]) => `${n}:${k}:${s}`)).toEqual(['despise:swap:d3sp1es', 'jews:swap:JW3S', 'disgusting:swap:DISGSUTING']);
    const [jews] = repaired('JWES');
    expect(jews?.upper).toBe(true);
  });

  it('returns the same array, and the same token objects, when nothing needs repair', () => {
    const rep = repairer();
    const text = 'I really hate them all, you know 😀';
    const tokens = tokenize(text).tokens;
    expect(rep.repair(text, tokens)).toBe(tokens);
    const mixed = tokenize('the jwes are here').tokens;
    const out = rep.repair('the jwes are here', mixed);
    expect(out).not.toBe(mixed);
    expect(out[0]).toBe(mixed[0]);
    expect(out[2]).toBe(mixed[2]);
    expect(out[1]).toMatchObject({ norm: 'jews', lemma: 'jew', repair: 'swap', start: 4, end: 8 });
  });

  it('looks up listed words only, caches the outcome of other words per norm, within a bound', () => {
    const rep = repairer();
    const find = vi.spyOn(rep as unknown as { find: (norm: string) => unknown }, 'find');
    const text = 'the jwes idespise therapist heat, jwes';
    const tokens = tokenize(text).tokens;
    const first = rep.repair(text, tokens);
    // "the" is too short, "therapist" and "heat" are listed; "jwes" and "idespise" are worked out once each.
    expect(find.mock.calls.map(([norm]) => norm)).toEqual(['jwes', 'idespise']);
    expect(rep.cached).toBe(2);
    expect(rep.repair(text, tokens)).toEqual(first);
    expect(find).toHaveBeenCalledTimes(2);
    const small = new TokenRepair(TARGETS, WORDS, { cacheLimit: 1 });
    expect(small.repair(text, tokens)).toEqual(first);
    expect(small.cached).toBeLessThanOrEqual(1);
  });

  it('keeps every token within the text and in text order, for any text', () => {
    const rep = repairer();
    const pieces = ['idespise', 'IHateMuslims', 'j\u200bwes', 'haaaate', 'h4et', 'sh1t', 'jwes', ' ', ', ', '. ', '\n', '😀', 'é', 'x', '0', "'", 'totalscum', 'scumm'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const tokens = rep.repair(text, tokenize(text).tokens);
        let previous: Token | undefined;
        for (const t of tokens) {
          expect(0 <= t.start && t.start < t.end && t.end <= text.length).toBe(true);
          if (previous) expect(t.start >= previous.start && t.end >= previous.end && (t.start >= previous.end || t.start === previous.start)).toBe(true);
          previous = t;
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('the shipped vocabulary', () => {
  it('is two sorted, disjoint lists of lower-case words', () => {
    const { common, words } = VOCABULARY_FILE;
    for (const list of [common, words]) {
      expect(list.every((w) => /^[a-z]+$/.test(w))).toBe(true);
      expect(list.every((w, k) => k === 0 || (list[k - 1] as string) < w)).toBe(true);
    }
    expect(common.filter((w) => words.includes(w))).toEqual([]);
    expect(COMMON_WORDS.includes('total') && ORDINARY_WORDS.includes('total') && ORDINARY_WORDS.includes('therapist')).toBe(true);
    expect(VOCABULARY_FILE.licence).toMatch(/CC BY-SA 4\.0/);
  });
});

describe('the lexicon reads repaired words', () => {
  const repairs = (text: string) => (analyzeText(text).ctx?.tokens ?? []).filter((t) => t.repair).map((t) => `${text.slice(t.start, t.end)}>${t.norm}`);

  it('repairs the hostile and group words of the issue', () => {
    expect(repairs('I despies them, so disgsuting')).toEqual(['despies>despise', 'disgsuting>disgusting']);
    expect(repairs('idespise the mslims')).toEqual(['i>i', 'despise>despise', 'mslims>muslims']);
    expect(repairs('you are totalscum')).toEqual(['total>total', 'scum>scum']);
  });

  it('leaves ordinary words, names and words that merely contain a target alone', () => {
    const traps = 'my therapist and the therapists, a killjoy from Scunthorpe, the assassin, Hatem, grapes and a grape, drape, scrape, shitake mushrooms, Islamabad, Indiana, cocktail, peacock, arsenal, studies';
    expect(repairs(traps)).toEqual([]);
  });

  it('keeps evidence spans exact slices of the text', () => {
    const text = 'You are a totalscum and I haet you';
    const { evidence } = analyzeText(text).score;
    const spans = Object.values(evidence).flat();
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
