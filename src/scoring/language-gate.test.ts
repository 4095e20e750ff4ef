/**
 * The language gate (issue 11): no English rule or model scores a comment the detector calls another language, on a
 * German WordPress thread written for the purpose (language-cases/garten-am-hang.wxr.xml: "die", "Hang", "Gift",
 * "Kind", "Rat", "Mist", "fast", "also", pingbacks, short replies; visitors in French, Spanish, Dutch and Polish);
 * the rule for mixed and short texts of docs/scoring.md ("Other languages").
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideFlags, DEFAULT_THRESHOLDS } from '../core/flags.ts';
import type { CommentScore, Scorer } from '../core/scoring.ts';
import { importInput } from '../importers/registry.ts';
import { createLexiconScorer } from './lexicon-scorer.ts';
import { createModelScorer } from './model-scorer.ts';
import { createTropeDetector } from './index.ts';

const THREAD = resolve(import.meta.dirname, 'language-cases/garten-am-hang.wxr.xml');

function threadComments(): Array<{ id: string; kind: string; text: string }> {
  const result = importInput({ bytes: new Uint8Array(readFileSync(THREAD)), fileName: 'garten-am-hang.wxr.xml' });
  if (!result.ok) throw new Error(`the test thread does not import: ${JSON.stringify(result)}`);
  return result.threads.flatMap((t) => t.comments.map((c) => ({ id: c.id, kind: c.kind, text: c.text })));
}

async function scoreAll(scorer: Scorer, texts: readonly string[]): Promise<CommentScore[]> {
  const outcomes = await scorer.score(texts.map((text, i) => ({ key: String(i), text })));
  return outcomes.map((o) => {
    if (!o.ok) throw new Error(o.error);
    return o.score;
  });
}

const model = createModelScorer();
const one = async (text: string, scorer: Scorer = model): Promise<CommentScore> => (await scoreAll(scorer, [text]))[0] as CommentScore;

describe('a German WordPress thread with visitors in four more languages', () => {
  const comments = threadComments();
  const other: Record<string, string> = { '37': 'fr', '38': 'es', '39': 'nl', '40': 'pl', '41': 'nl', '42': 'fr' };

  it('is the thread written for the test: 42 entries, 7 of them pingbacks', () => {
    expect(comments).toHaveLength(42);
    expect(comments.filter((c) => c.kind === 'pingback')).toHaveLength(7);
  });

  for (const scorer of [model, createLexiconScorer()]) {
    it(`gets no attribute score and no flag from ${scorer.name}: every entry needs a human, in its language`, async () => {
      const scores = await scoreAll(scorer, comments.map((c) => c.text));
      const detector = createTropeDetector();
      comments.forEach((c, i) => {
        const s = scores[i] as CommentScore;
        expect(s.scores, c.text).toEqual({});
        expect(s.evidence, c.text).toEqual({});
        expect(s.explanations, c.text).toBeUndefined();
        expect(s.unsupported, c.text).toHaveLength(6);
        expect({ language: s.language, unsupported: s.languageUnsupported }, c.text).toEqual({ language: other[c.id] ?? 'de', unsupported: true });
        const decision = decideFlags(s, detector.detect(c.text), DEFAULT_THRESHOLDS);
        expect(decision, c.text).toEqual({ flagged: false, needsHuman: { reason: 'language-not-supported', language: other[c.id] ?? 'de' }, reasons: [] });
      });
    });
  }
});

describe('mixed texts: the detector calls the whole comment', () => {
  it('an English insult or threat inside a German comment: no English score, the comment needs a human', async () => {
    const s = await one('Ich habe den ganzen Abend mit ihm diskutiert, aber er hört einfach nicht zu und wiederholt immer nur seine Parolen. You are a pathetic idiot.');
    expect(s).toMatchObject({ scores: {}, language: 'de', languageUnsupported: true });
  });

  it('a German word or phrase in an English comment: English, scored as usual', async () => {
    const s = await one('You are a pathetic idiot and I hope someone shoots you. Schadenfreude, as the Germans say.');
    expect(s.languageUnsupported).toBeUndefined();
    expect(s.scores.THREAT).toBeGreaterThanOrEqual(0.5);
    expect(s.scores.INSULT).toBeGreaterThanOrEqual(0.6);
    const film = await one('Die Hard is still the best Christmas film, fight me.');
    expect(film.languageUnsupported).toBeUndefined();
  });

  it('code-switching goes by the larger part', async () => {
    const english = await one('I hope you die in a fire, you worthless coward. Everyone on this street knows what you did last summer. Ich sag nur: Mist.');
    expect(english.languageUnsupported).toBeUndefined();
    expect(english.scores.THREAT).toBeGreaterThanOrEqual(0.5);
    const german = await one('Das war wirklich ein schöner Abend mit euch allen, und das Essen war fantastisch. Die Kinder haben bis Mitternacht gespielt. Love you all!');
    expect(german).toMatchObject({ scores: {}, language: 'de', languageUnsupported: true });
  });
});

describe('short texts: English scoring stays unless something says another language', () => {
  it('keeps English readings of short English texts the detector cannot call', async () => {
    expect((await one('die')).scores.THREAT).toBeGreaterThanOrEqual(0.5);
    expect((await one('Die!')).languageUnsupported).toBeUndefined();
    expect((await one('Hang in there')).scores.THREAT).toBe(0);
    for (const text of ['you idiot', 'bite me bitch', 'UTTER GARBAGE !!', 'SLUT SLUT SLUT WHORE']) {
      const s = await one(text);
      expect(s.languageUnsupported, text).toBeUndefined();
      expect(Object.keys(s.scores), text).toHaveLength(6);
    }
  });

  it('gates short replies in another language, by the detector or by their function words when it is unsure', async () => {
    for (const [text, language] of [['Danke!', 'de'], ['Genau.', 'de'], ['Super Beitrag 👍', 'de'], ['Merci beaucoup !', 'fr'], ['¡Gracias!', 'es']] as const) {
      expect(await one(text), text).toMatchObject({ scores: {}, language, languageUnsupported: true });
    }
  });

  it('leaves text without words alone', async () => {
    const s = await one('👍👍');
    expect(s.languageUnsupported).toBeUndefined();
    expect(s.scores.TOXICITY).toBe(0);
  });
});
