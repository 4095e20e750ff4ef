import { describe, expect, it } from 'vitest';
import { PhraseMatcher } from './phrase-matcher.ts';
import { lemmaOf, tokenize } from './tokenize.ts';

const KNOWN = new Set(['jews', 'fuck', 'jooz', 'shit']);
const known = (w: string) => KNOWN.has(w);

describe('tokenize', () => {
  it('keeps offsets into the original text for every token', () => {
    const text = 'Th3 j00s?! “Quoted” — kh@zarian, sh1t… 👃 end';
    const { tokens } = tokenize(text, known);
    for (const t of tokens) expect(text.slice(t.start, t.end).length).toBe(t.end - t.start);
    expect(tokens.map((t) => t.norm)).toEqual(['the', 'joos', 'quoted', 'khazarian', 'shit', '👃', 'end']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Th3', 'j00s', 'Quoted', 'kh@zarian', 'sh1t', '👃', 'end']);
  });

  it('maps leetspeak only inside words, not numbers', () => {
    expect(tokenize('4000 j3ws did 9/11 in 1939 covid19 z!os $hit').tokens.map((t) => t.norm)).toEqual([
      '4000', 'jews', 'did', '9', '11', 'in', '1939', 'covid19', 'zios', 'shit',
    ]);
  });

  it('squeezes repeated letters, to one letter when only that is a known word', () => {
    expect(tokenize('fuuuuck jooooz soooo', known).tokens.map((t) => t.norm)).toEqual(['fuck', 'jooz', 'soo']);
  });

  it('squeezes letter runs whatever their case, and only runs of three or more', () => {
    expect(tokenize('Pffffft SOOOO NOooo BaRRRy Look aaBBcc', known).tokens.map((t) => t.norm)).toEqual(['pfft', 'soo', 'noo', 'barry', 'look', 'aabbcc']);
    expect(tokenize('FUUUCK', known).tokens.map((t) => [t.norm, t.upper])).toEqual([['fuck', true]]);
  });

  it('reads quotation marks, clause marks and spaced dashes by their code', () => {
    const tz = tokenize('a \u00abb\u00bb c \u201ed\u201d e "f" g; h: i (j) k \u2013 l - m-n \u2014 o');
    expect(tz.tokens.map((t) => `${t.norm}${t.quoted ? 'q' : ''}${t.clause}`)).toEqual([
      'a0', 'bq0', 'c0', 'dq0', 'e0', 'fq0', 'g0', 'h1', 'i2', 'j3', 'k4', 'l5', 'm6', 'n6', 'o7',
    ]);
    expect(tz.questions.size).toBe(0);
  });

  it('joins spelled-out letters into a known word, spanning the original characters', () => {
    const text = 'the j e w s and f.u.c.k and a b c';
    const { tokens } = tokenize(text, known);
    const jews = tokens.find((t) => t.norm === 'jews');
    expect(jews && text.slice(jews.start, jews.end)).toBe('j e w s');
    expect(tokens.some((t) => t.norm === 'fuck')).toBe(true);
    expect(tokens.filter((t) => t.norm.length === 1).map((t) => t.norm)).toEqual(['a', 'b', 'c']);
  });

  it('tracks sentences, clauses, questions and quotation', () => {
    const tz = tokenize("Who runs it? He said 'they control it', fine.\nNext line");
    const by = (w: string) => tz.tokens.find((t) => t.norm === w);
    expect(by('who')?.sentence).toBe(0);
    expect(by('he')?.sentence).toBe(1);
    expect(by('next')?.sentence).toBe(2);
    expect(tz.questions.has(0)).toBe(true);
    expect(by('control')?.quoted).toBe(true);
    expect(by('fine')?.quoted).toBe(false);
    expect(by('fine')?.clause).not.toBe(by('control')?.clause);
  });

  it('handles empty and symbol-only text', () => {
    expect(tokenize('').tokens).toEqual([]);
    expect(tokenize('   \n ').sentences).toBe(0);
    expect(tokenize('👍👍').tokens.map((t) => t.symbol)).toEqual([true, true]);
  });

  it('lemmatizes plurals and possessives', () => {
    expect(['rats', "israel's", 'cities', 'churches', 'us', 'this', "jews'"].map(lemmaOf)).toEqual(['rat', 'israel', 'city', 'church', 'us', 'this', 'jew']);
  });
});

describe('PhraseMatcher', () => {
  const m = new PhraseMatcher([
    { pattern: 'take over the ?whole world|planet', label: 'dom' },
    { pattern: 'controlled|owned by', label: 'ctl' },
    { pattern: 'tell|tells * what to do', label: 'tell' },
    { pattern: 'orders ~2 from', label: 'gap' },
  ]);
  const found = (text: string) => m.matchAll(tokenize(text).tokens).map((x) => `${x.label}:${x.from}-${x.to}`);

  it('matches alternatives, optional words, wildcards and gaps', () => {
    expect(found('they take over the whole world')).toEqual(['dom:1-6']);
    expect(found('take over the planet')).toEqual(['dom:0-4']);
    expect(found('Putin is owned by them')).toEqual(['ctl:2-4']);
    expect(found('they tell Putin what to do')).toEqual(['tell:1-6']);
    expect(found('orders straight from Brooklyn')).toEqual(['gap:0-3']);
  });

  it('does not match across sentences or on partial phrases', () => {
    expect(found('take over the. world')).toEqual([]);
    expect(found('controlled')).toEqual([]);
  });

  it('rejects patterns that cannot start a lookup', () => {
    expect(() => new PhraseMatcher([{ pattern: '?maybe start', label: 1 }])).toThrow(/plain word/);
    expect(() => new PhraseMatcher([{ pattern: 'a ~0 b', label: 1 }])).toThrow(/gap/);
  });
});
