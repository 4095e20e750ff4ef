import { describe, expect, it } from 'vitest';
import type { CommentScore } from '../core/scoring.ts';
import { SCORER_LOGIC_VERSION } from './model-scoring.ts';
import { createModelScorer, loadEmbeddedModel, MODEL_SCORER_NAME, scoreWithModel } from './model-scorer.ts';

const score = (text: string): CommentScore => scoreWithModel(loadEmbeddedModel(), text);
const tox = (text: string): number => score(text).scores.TOXICITY ?? Number.NaN;
const ia = (text: string): number => score(text).scores.IDENTITY_ATTACK ?? Number.NaN;

describe('embedded-model scorer', () => {
  it('names itself with a version from the artefact hash and supplies all six attributes', async () => {
    const scorer = createModelScorer();
    expect(scorer.name).toBe(MODEL_SCORER_NAME);
    expect(scorer.version).toBe(`${SCORER_LOGIC_VERSION}+${loadEmbeddedModel().hash.slice(0, 12)}`);
    const [outcome] = await scorer.score([{ key: 'a', text: 'Have a nice day' }]);
    expect(outcome?.ok && Object.keys(outcome.score.scores).sort()).toEqual(['IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'SEVERE_TOXICITY', 'THREAT', 'TOXICITY']);
  });

  it('gives a per-comment error for a non-string text and zeros for empty text', async () => {
    const [bad, empty] = await createModelScorer().score([{ key: 'x', text: 42 as unknown as string }, { key: 'y', text: '   ' }]);
    expect(bad).toEqual({ ok: false, error: 'text is not a string' });
    expect(empty?.ok && empty.score.scores.TOXICITY).toBe(0);
    expect(score('🙂🙂 ✡').scores).toMatchObject({ TOXICITY: 0, IDENTITY_ATTACK: 0 });
  });

  it('scores abuse high and ordinary remarks low', () => {
    expect(tox('you are a stupid bitch')).toBeGreaterThan(0.9);
    expect(tox('shut up you worthless piece of shit')).toBeGreaterThan(0.7);
    expect(tox('The council meeting is on Tuesday, bring your questions.')).toBeLessThan(0.2);
    expect(ia('Immigrants are vermin')).toBeGreaterThan(0.5);
  });

  it('does not let African-American English markers alone drive a score', () => {
    for (const text of ['he finna go to the store', "y'all ain't ready for this weekend", 'I been tryna call my mama all day', 'dat new album lit tho']) {
      expect(tox(text), text).toBeLessThan(0.35);
      expect(ia(text), text).toBeLessThan(0.35);
    }
  });

  it('lowers negated, condemned and quoted hate', () => {
    expect(ia("I don't hate Jews")).toBeLessThan(ia('I hate Jews') / 2);
    expect(tox('Calling immigrants vermin is wrong')).toBeLessThan(0.3);
    expect(tox('Calling immigrants vermin is wrong')).toBeLessThan(tox('immigrants are vermin'));
  });

  it('does not raise a score because a group is named', () => {
    for (const text of ['I am a proud Jewish woman', 'My Muslim neighbours hosted dinner', 'Black people are wonderful', 'I love my gay friends']) {
      expect(tox(text), text).toBeLessThan(0.3);
      expect(ia(text), text).toBeLessThan(0.3);
    }
  });

  it('does not read an affirmation of a group as a generalisation about it, unless the sentence says something hostile', () => {
    for (const text of ['Trans women are women.', 'Refugees are welcome here.', 'Muslims are human beings.']) {
      expect(score(text).scores.TOXICITY, text).toBeLessThan(0.7);
      expect(score(text).scores.IDENTITY_ATTACK, text).toBeLessThan(0.5);
    }
    expect(score('Women are women, and they are all whores.').scores.IDENTITY_ATTACK).toBeGreaterThanOrEqual(0.5);
    expect(score('Trans women are men.').scores.IDENTITY_ATTACK).toBeGreaterThanOrEqual(0.5);
  });

  it('reads antisemitic codes learned from ISCA (evidence on the code) and leaves remembrance and news low', () => {
    const text = 'The Zionazi regime is committing genocide.';
    const s = score(text);
    expect(s.scores.IDENTITY_ATTACK).toBeGreaterThan(0.7);
    expect((s.evidence.IDENTITY_ATTACK ?? []).map((span) => span.text)).toContain('Zionazi');
    expect(ia('We remember the Jews who were murdered at Auschwitz.')).toBeLessThan(0.2);
    expect(ia('Israel signed a trade agreement with Japan today.')).toBeLessThan(0.2);
  });

  it('gives evidence spans that are slices of the original text', () => {
    const text = 'Honestly, you are a PATHETIC id1ot and a b!tch.';
    const s = score(text);
    expect(s.scores.TOXICITY).toBeGreaterThan(0.7);
    const spans = s.evidence.TOXICITY ?? [];
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

});

describe('language check', () => {
  it('marks text in another language as unsupported and leaves English unmarked', async () => {
    const outcomes = await createModelScorer().score([
      { key: 'de', text: 'Das ist ein ganz normaler Kommentar über die Politik in Berlin und die Wahlen im Herbst.' },
      { key: 'es', text: 'Creo que el gobierno se equivoca con esta ley y los vecinos merecen una explicación.' },
      { key: 'en', text: 'I think the council got this one wrong and the neighbours deserve an explanation.' },
      { key: 'aae', text: "he finna go to the store, y'all ain't ready" },
    ]);
    const scores = outcomes.map((o) => (o.ok ? o.score : null));
    expect(scores[0]).toMatchObject({ language: 'de', languageUnsupported: true });
    expect(scores[1]).toMatchObject({ language: 'es', languageUnsupported: true });
    expect(scores[2]?.languageUnsupported).toBeUndefined();
    expect(scores[3]?.languageUnsupported).toBeUndefined();
  });
});
