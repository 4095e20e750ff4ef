import { describe, expect, it } from 'vitest';
import { ATTRIBUTES, type Attribute, type CommentScore } from '../core/scoring.ts';
import { createLexiconScorer } from './index.ts';
import { scoreText } from './lexicon/analyze.ts';

const s = (text: string, attribute: Attribute): number => scoreText(text).scores[attribute] ?? NaN;
const spans = (text: string, attribute: Attribute): string[] => (scoreText(text).evidence[attribute] ?? []).map((e) => e.text);

function expectSpansAreSlices(text: string, score: CommentScore): void {
  for (const list of Object.values(score.evidence)) {
    for (const e of list ?? []) expect(text.slice(e.start, e.end)).toBe(e.text);
  }
}

describe('embedded-lexicon scorer adapter', () => {
  const scorer = createLexiconScorer();

  it('says plainly what it is and supplies all six attributes', () => {
    expect(scorer.name).toBe('embedded-lexicon');
    expect(scorer.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(scorer.description).toMatch(/no trained model yet/);
    expect(scorer.description).toMatch(/not probabilities/);
    expect([...scorer.attributes]).toEqual([...ATTRIBUTES]);
  });

  it('returns one outcome per request, in order, with every attribute in 0..1', async () => {
    const texts = ['you idiot', '', '   ', 'I will kill you', 'Have a nice day'];
    const out = await scorer.score(texts.map((text, i) => ({ key: String(i), text })));
    expect(out).toHaveLength(texts.length);
    out.forEach((o, i) => {
      expect(o.ok).toBe(true);
      if (!o.ok) return;
      for (const a of ATTRIBUTES) {
        const v = o.score.scores[a];
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expectSpansAreSlices(texts[i] as string, o.score);
    });
    const empty = out[1];
    expect(empty?.ok && Object.values(empty.score.scores).every((v) => v === 0)).toBe(true);
  });

  it('turns a bad item into a per-comment error and still scores the rest', async () => {
    const out = await scorer.score([{ key: 'a', text: 42 as unknown as string }, { key: 'b', text: 'you idiot' }]);
    expect(out[0]).toEqual({ ok: false, error: 'text is not a string' });
    expect(out[1]?.ok).toBe(true);
  });
});

describe('attributes on targeted sentences', () => {
  it('INSULT: insults aimed at "you" and groups score high, with the target and the insult as evidence', () => {
    const text = 'You people sound like some real losers. Don’t mess with the US.';
    expect(s(text, 'INSULT')).toBeGreaterThanOrEqual(0.8);
    expect(spans(text, 'INSULT')).toEqual(['You people', 'real losers']);
    expect(s('you idiot', 'INSULT')).toBeGreaterThan(0.8);
    expect(s('Trump is a moron', 'INSULT')).toBeGreaterThan(0.6);
    expect(s('You suck', 'INSULT')).toBeGreaterThan(0.7);
  });

  it('INSULT: casual mild words and things are not insults at a person', () => {
    expect(s('That really Sucks.', 'INSULT')).toBe(0);
    expect(s('the movie sucks', 'INSULT')).toBe(0);
    expect(s('that idea is stupid', 'INSULT')).toBeLessThan(0.4);
  });

  it('PROFANITY: swear words including obfuscated spellings', () => {
    for (const text of ['what the fuck', 'what the f*ck', 'this is sh1t', 'fuuuuuck this', 'f u c k this', 'total $hit', 'this is bullshit']) {
      expect(s(text, 'PROFANITY'), text).toBeGreaterThanOrEqual(0.8);
    }
    expect(spans('what the f*ck', 'PROFANITY')).toEqual(['f*ck']);
    expect(s('Damn, that was close', 'PROFANITY')).toBeLessThan(0.5);
    expect(s('That really Sucks.', 'PROFANITY')).toBeLessThan(0.3);
    expect(s('Foggy Bottom really does contain major elements of Monty Python.', 'PROFANITY')).toBe(0);
  });

  it('THREAT: wishes and intent to harm score high; harm words in description stay low', () => {
    const willy = 'Hope civil war begins there as soon as it gets cold out and Y’all start offing each other. The rest of the planet will rejoice as your body count goes up daily.';
    expect(s(willy, 'THREAT')).toBeGreaterThan(0.9);
    expect(spans(willy, 'THREAT')).toEqual(expect.arrayContaining(['Hope', 'civil war', 'offing each other', 'body count']));
    expect(s('I will kill you', 'THREAT')).toBeGreaterThan(0.9);
    expect(s('I hope you die', 'THREAT')).toBeGreaterThan(0.7);
    expect(s('He was killed in a car crash, police said', 'THREAT')).toBeLessThan(0.3);
    expect(s('this traffic is killing me', 'THREAT')).toBeLessThan(0.3);
    expect(s('the United States should have a right to launch sneak attacks on other nations', 'THREAT')).toBeLessThan(0.2);
  });

  it('THREAT: a modal wish before a strong harm word is a violent wish; figurative uses are not threats', () => {
    for (const wish of ['somebody should shoot you', 'they should all be hanged', 'They must all die', 'he deserves a bullet', 'all of them should be lined up and shot']) {
      expect(s(wish, 'THREAT'), wish).toBeGreaterThanOrEqual(0.7);
    }
    expect(spans('somebody should shoot you', 'THREAT')).toEqual(['should', 'shoot']);
    for (const plain of ['you should shoot for the stars', 'we should kill this bill', 'Killing it at home tonight!', 'the police should not shoot unarmed people', 'Everyone should get their booster shot', 'We must launch attacks on their arguments']) {
      expect(s(plain, 'THREAT'), plain).toBeLessThan(0.3);
    }
  });

  it('IDENTITY_ATTACK: negative or hateful statements about a group', () => {
    expect(s('muslims are animals', 'IDENTITY_ATTACK')).toBeGreaterThan(0.8);
    expect(s('I hate jews', 'IDENTITY_ATTACK')).toBeGreaterThan(0.6);
    expect(s('kill all the immigrants', 'IDENTITY_ATTACK')).toBeGreaterThan(0.7);
    expect(s('immigrants are criminals and should be deported', 'IDENTITY_ATTACK')).toBeGreaterThan(0.8);
    expect(s('they should hang all the Jews', 'IDENTITY_ATTACK')).toBeGreaterThan(0.7);
  });

  it('IDENTITY_ATTACK: a report of harm done to a group is not an attack on it', () => {
    expect(s('In 1942 the Nazis murdered thousands of Jews in this town.', 'IDENTITY_ATTACK')).toBeLessThan(0.3);
    expect(s('The militia killed Muslims in the village, the report says.', 'IDENTITY_ATTACK')).toBeLessThan(0.3);
  });

  it('SEVERE_TOXICITY: aimed strong profanity, death wishes and dehumanisation', () => {
    expect(s('you are such a f**king idiot', 'SEVERE_TOXICITY')).toBeGreaterThan(0.7);
    expect(s('I will kill you', 'SEVERE_TOXICITY')).toBeGreaterThan(0.7);
    expect(s('muslims are animals', 'SEVERE_TOXICITY')).toBeGreaterThan(0.6);
    expect(s('what the f*ck', 'SEVERE_TOXICITY')).toBe(0);
    expect(s('You people sound like some real losers.', 'SEVERE_TOXICITY')).toBe(0);
  });

  it('TOXICITY follows the other attributes and hostility cues', () => {
    expect(s('You people sound like some real losers.', 'TOXICITY')).toBeGreaterThan(0.7);
    expect(s('The whole planet hates you and your country.', 'TOXICITY')).toBeGreaterThan(0.4);
    expect(s('Have a lovely day, thanks for the article', 'TOXICITY')).toBe(0);
  });
});

describe('negation, mention and identity statements', () => {
  it('negation cancels an insult or a threat', () => {
    expect(s('you are not an idiot', 'INSULT')).toBe(0);
    expect(s("He's not stupid, just uninformed", 'INSULT')).toBe(0);
    expect(s('I would never hurt you', 'THREAT')).toBe(0);
    expect(s('Muslims are not terrorists', 'IDENTITY_ATTACK')).toBe(0);
  });

  it('quotation and counter-speech lower the score', () => {
    expect(s('calling someone an idiot is wrong', 'INSULT')).toBeLessThan(0.3);
    expect(s('"idiot" is a word people use too much', 'INSULT')).toBeLessThan(0.4);
    expect(s('saying muslims are animals is hateful', 'IDENTITY_ATTACK')).toBeLessThan(0.3);
  });

  it('identity words alone never raise IDENTITY_ATTACK (or anything else)', () => {
    const statements = [
      'I am a proud Jewish woman',
      "I'm a gay man and proud of it",
      'Black people deserve equal rights',
      'As a Muslim I pray five times a day',
      'Immigrants built this country',
      'Trans women are women',
      "I'm an atheist and I love my Christian neighbours",
      'Mexicans make the best food',
      'My Chinese grandmother taught me to cook',
      'Hindus celebrate Diwali',
      'Women are amazing scientists',
      'Arabs and Israelis signed the deal',
      'My lesbian sisters run a bakery',
      'Catholics and Protestants marched together',
    ];
    for (const text of statements) {
      const score = scoreText(text);
      for (const a of ATTRIBUTES) expect(score.scores[a], `${a} of "${text}"`).toBeLessThan(0.2);
    }
  });

  it('empty and whitespace text scores all zeros', () => {
    for (const text of ['', '  \n\t', '\u3000\u00a0\ufeff\u1680\u2028']) {
      expect(scoreText(text)).toEqual({ scores: { TOXICITY: 0, SEVERE_TOXICITY: 0, IDENTITY_ATTACK: 0, INSULT: 0, PROFANITY: 0, THREAT: 0 }, evidence: {} });
    }
  });

  it('evidence spans are slices of the original text, also for obfuscated input', () => {
    for (const text of ['Y’all are such f*cking l00sers!!!', 'you are an IDIOOOOT', 'I hope you die, sh1thead']) {
      const score = scoreText(text);
      expect(Object.keys(score.evidence).length).toBeGreaterThan(0);
      expectSpansAreSlices(text, score);
    }
  });
});
