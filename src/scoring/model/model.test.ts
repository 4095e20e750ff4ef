import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights } from './artefact.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { csvRecords, parseCsv } from './csv.ts';
import { loadExamples, sentencesOf, type Example, type SourceFiles } from './datasets.ts';
import { wordCodes } from './features.ts';
import { rocAuc, prf } from './metrics.ts';
import { parseArtefact } from './runtime.ts';
import { splitKey, splitOf } from './split.ts';
import { trainModel } from './train.ts';
import { cleanTrainingText, IDENTITY_MARKER, modelWords } from './words.ts';
import { tokenize } from '../text/tokenize.ts';

const DATA = resolve(process.cwd(), '../shared/data');

/** The first `n` records of a CSV file (quoted line breaks respected). */
function head(file: string, n: number): string {
  const text = readFileSync(resolve(DATA, file), 'utf8');
  let quoted = false;
  let rows = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted && ++rows > n) return text.slice(0, i + 1);
  }
  return text;
}

describe('CSV parser', () => {
  it('handles quoted commas, doubled quotes, CRLF and line breaks inside quotes', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere']]);
  });
  it('names the line of a quote that never closes and a missing column', () => {
    expect(() => parseCsv('a\n"open\n')).toThrow('line 2');
    expect(() => csvRecords('a,b\n1,2\n', 'f.csv', ['text'])).toThrow('f.csv: missing column "text"');
  });
  it('reads every Davidson row despite tweets with line breaks', () => {
    expect(csvRecords(readFileSync(resolve(DATA, 'davidson/labeled_data.csv'), 'utf8'), 'davidson', ['class', 'tweet'])).toHaveLength(24783);
  });
});

describe('split and words', () => {
  it('puts duplicates that differ in case and punctuation on the same side, about 20% held out', () => {
    expect(splitKey('Hello,  WORLD!!')).toBe('hello world');
    expect(splitOf('Hello,  WORLD!!')).toBe(splitOf('hello world'));
    const sides = Array.from({ length: 5000 }, (_, i) => splitOf(`text number ${i}`));
    const held = sides.filter((s) => s === 'heldout').length / sides.length;
    expect(held).toBeGreaterThan(0.17);
    expect(held).toBeLessThan(0.23);
  });
  it('cleans retweet marks, handles, links and entities', () => {
    expect(cleanTrainingText('RT @bob: a &amp; b https://t.co/x \\n@cy ok').replace(/\s+/g, ' ').trim()).toBe('a & b ok');
  });
  it('masks identity terms and glosses dialect spellings', () => {
    const words = modelWords(tokenize('He finna meet my Jewish neighbours').tokens).map((w) => w.word);
    expect(words).toEqual(['he', 'going', 'to', 'meet', 'my', IDENTITY_MARKER, 'neighbours']);
  });
  it('reads emoji only when asked: group emoji masked, skin tones dropped, others as themselves', () => {
    const tokens = tokenize('I would love to 🔪 some 👳🏾 🐀 ✡').tokens;
    expect(modelWords(tokens).map((w) => w.word)).toEqual(['i', 'would', 'love', 'to', 'some']);
    expect(modelWords(tokens, true).map((w) => w.word)).toEqual(['i', 'would', 'love', 'to', '🔪', 'some', IDENTITY_MARKER, '🐀', IDENTITY_MARKER]);
  });
  it('gives an emoji word its unigram only, and the identity marker no feature of its own', () => {
    const config = { bits: 12, charMin: 3, charMax: 5, emoji: true };
    expect(wordCodes('🔪', config)).toHaveLength(1);
    expect(wordCodes(IDENTITY_MARKER, config)).toHaveLength(0);
    expect(wordCodes('knife', config).length).toBeGreaterThan(1);
  });
});

/** The first 3,000 records of every source file (the IDENTITY_ATTACK ⇒ TOXICITY check needs no more). */
function readSourceFilesForTest(): SourceFiles {
  const n = 3000;
  const lines = (file: string): string => readFileSync(resolve(DATA, file), 'utf8').split('\n').slice(0, n).join('\n');
  return {
    davidson: head('davidson/labeled_data.csv', n),
    isca: head('isca-antisemitism/train.csv', n),
    stormfront: head('stormfront/train.csv', n),
    toxicSpans: { posts: head('toxic-spans/posts.csv', n), annotations: head('toxic-spans/annotations.csv', 4 * n), spans: head('toxic-spans/spans.csv', 4 * n) },
    edos: head('edos/edos_labelled_aggregated.csv', n),
    hatemoji: ['train', 'validation', 'test'].map((f) => head(`hatemoji-build/${f}.csv`, n)),
    convabuse: ['train', 'valid', 'test'].map((f) => head(`convabuse/ConvAbuseEMNLP${f}.csv`, n)),
    redditMisogyny: head('reddit-misogyny/final_labels.csv', n),
    wiki: { gc: head('wiki-context-toxicity/gc.csv', n), gn: head('wiki-context-toxicity/gn.csv', n), catSmall: head('wiki-context-toxicity/cat_small.csv', n) },
    toxichat: ['train', 'dev', 'test'].map((f) => lines(`toxichat/${f}.jsonl`)),
  };
}

/** A CSV file from a header and rows (fields quoted). */
function csv(header: string[], rows: string[][]): string {
  const line = (fields: string[]): string => fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const labelsOf = (examples: Example[], text: string): Example['labels'] | undefined => examples.find((e) => e.text === text)?.labels;

describe('loaders of the added sources', () => {
  it('splits sentences at . ! ? before white space and at line breaks, with offsets', () => {
    const text = 'One two. Three, 4.5 four!\nFive?';
    expect(sentencesOf(text).map((s) => text.slice(s.start, s.end).trim())).toEqual(['One two.', 'Three, 4.5 four!', 'Five?']);
  });

  it('Toxic Spans: a post most raters marked is toxic, its unmarked rest is clean unless it holds a usually-marked word', () => {
    const post = 'You are an idiot. The council met on Tuesday and voted on the budget.';
    const other = 'What a moron. Everyone in the county should read the full report first.';
    const idiots = Array.from({ length: 5 }, (_, i) => [`9${i}`, `idiot number ${i} here. Some civil words follow in this one.`]);
    const header = ['comment_id', 'text', 'n_raters', 'n_raters_with_spans', 'raters_insult', 'raters_threat', 'raters_identity_attack', 'majority_spans'];
    const posts = csv(header, [
      ['1', post, '3', '3', '3', '0', '1', '[[11, 16, "insult"]]'],
      ['2', other, '3', '1', '1', '0', '0', '[]'],
      ...idiots.map(([id, text]) => [id as string, text as string, '3', '2', '2', '0', '0', '[]']),
    ]);
    const annotations = csv(['annotation', 'comment_id'], [['a', '1'], ['b', '1'], ['c', '2'], ...idiots.map(([id]) => [`x${id}`, id as string])]);
    const spans = csv(['annotation', 'type', 'start', 'end'], [['a', 'Insult', '11', '16'], ['b', 'Insult', '0', '16'], ['c', 'Insult', '7', '12'], ...idiots.map(([id]) => [`x${id}`, 'Insult', '0', '5'])]);
    const examples = loadExamples({ toxicSpans: { posts, annotations, spans } });
    expect(labelsOf(examples, post)).toEqual({ TOXICITY: 1, INSULT: 1, THREAT: 0 });
    expect(examples.find((e) => e.text === post)?.spans).toEqual([[11, 16]]);
    expect(labelsOf(examples, 'The council met on Tuesday and voted on the budget.')).toEqual({ TOXICITY: 0, IDENTITY_ATTACK: 0, INSULT: 0, THREAT: 0 });
    expect(examples.some((e) => e.text.includes('moron'))).toBe(false);
    // "idiot" is marked in every one of its six occurrences: a rest holding it is not taken as clean.
    expect(examples.filter((e) => e.labels.TOXICITY === 0).map((e) => e.text)).toEqual(['The council met on Tuesday and voted on the budget.', ...idiots.map(() => 'Some civil words follow in this one.')]);
    const rest = examples.find((e) => e.labels.TOXICITY === 0);
    expect(rest?.split).toBe(examples.find((e) => e.text === post)?.split);
  });

  it('HatemojiBuild: twins share a pair id and a split; the non-hateful twin has no TOXICITY label', () => {
    const header = ['entry_id', 'text', 'type', 'label_gold', 'matched_id'];
    const examples = loadExamples({
      hatemoji: [csv(header, [['0', 'I would love to 🔪 some 👳🏾', 'threateninglanguage', '1', '1']]), csv(header, [['1', 'I would love to 👏🏽 some 👳🏾', 'none', '0', '0']])],
    });
    const [hate, twin] = examples as [Example, Example];
    expect(hate.labels).toEqual({ IDENTITY_ATTACK: 1, TOXICITY: 1, THREAT: 1 });
    expect(twin.labels).toEqual({ IDENTITY_ATTACK: 0 });
    expect(hate.pair).toBe(twin.pair);
    expect(hate.split).toBe(twin.split);
  });

  it('ConvAbuse: a majority of the annotators who saw the turn decides; split votes are left out', () => {
    const header = ['user', 'Annotator1_is_abuse.1', 'Annotator1_is_abuse.-2', 'Annotator1_sexist', 'Annotator2_is_abuse.1', 'Annotator2_is_abuse.-2', 'Annotator2_sexist', 'Annotator3_is_abuse.-2', 'Annotator3_sexist'];
    const examples = loadExamples({
      convabuse: [csv(header, [['hello there', '1', '', '', '1', '', '', '', ''], ['you stupid woman', '', '1', '1', '', '1', '1', '1', ''], ['maybe', '1', '', '', '', '1', '', '', '']])],
    });
    expect(labelsOf(examples, 'hello there')).toEqual({ TOXICITY: 0, IDENTITY_ATTACK: 0, INSULT: 0, THREAT: 0 });
    expect(labelsOf(examples, 'you stupid woman')).toEqual({ TOXICITY: 1, IDENTITY_ATTACK: 1 });
    expect(labelsOf(examples, 'maybe')).toBeUndefined();
  });

  it('ToxiChat: human turns only, never the machine replies; group targets are identity attacks', () => {
    const thread = {
      reddit_thread: [
        { turn_id: 1, text: ' Title: a walk &amp;nbsp;in the park ', offense_label: 'Safe', offense_targets: [] },
        { turn_id: 2, text: 'women are all liars', offense_label: 'Offensive', offense_targets: ['women'] },
        { turn_id: 3, text: 'you are a clown', offense_label: 'Offensive', offense_targets: ['individual/redditor'] },
      ],
      final_dgpt_response: { text: 'a machine reply', offense_label: 'Offensive', offense_targets: [] },
      final_gpt3_response: { text: 'another machine reply', offense_label: 'Safe', offense_targets: [] },
    };
    const examples = loadExamples({ toxichat: [`${JSON.stringify(thread)}\n`] });
    expect(examples.map((e) => e.text)).toEqual(['Title: a walk  in the park', 'women are all liars', 'you are a clown']);
    expect(labelsOf(examples, 'women are all liars')).toEqual({ TOXICITY: 1, IDENTITY_ATTACK: 1 });
    expect(labelsOf(examples, 'you are a clown')).toEqual({ TOXICITY: 1, IDENTITY_ATTACK: 0, INSULT: 1 });
  });

  it('EDOS and the misogyny set: gendered slurs are toxic but no IDENTITY_ATTACK label; "not sexist" naming another group is left out', () => {
    const edos = csv(['text', 'label_sexist', 'label_category', 'label_vector'], [
      ['she is a dumb [USER] bitch', 'sexist', '3. animosity', '3.1 casual use of gendered slurs, profanities, and insults'],
      ['women should be beaten', 'sexist', '1. threats, plans to harm and incitement', '1.2 incitement and encouragement of harm'],
      ['nice weather today', 'not sexist', 'none', 'none'],
      ['muslims are the problem', 'not sexist', 'none', 'none'],
    ]);
    const examples = loadExamples({ edos });
    expect(labelsOf(examples, 'she is a dumb   bitch')).toEqual({ TOXICITY: 1, THREAT: 0 });
    expect(labelsOf(examples, 'women should be beaten')).toEqual({ TOXICITY: 1, IDENTITY_ATTACK: 1, THREAT: 1 });
    expect(labelsOf(examples, 'nice weather today')).toEqual({ IDENTITY_ATTACK: 0 });
    expect(examples).toHaveLength(3);
    const header = ['entry_id', 'body', 'image', 'level_1', 'level_2', 'level_3'];
    const misogyny = loadExamples({
      redditMisogyny: csv(header, [
        ['a', 'what a whore', '', 'Misogynistic', 'Misogynistic_pejorative', ''],
        ['a', 'what a whore', '', 'Nonmisogynistic', 'None_of_the_categories', ''],
        ['b', 'women belong in the kitchen', '', 'Misogynistic', 'Derogation', 'Moral_inferiority'],
        ['c', 'look at this', 'Yes', 'Nonmisogynistic', 'None_of_the_categories', ''],
        ['d', '[removed]', '', 'Nonmisogynistic', 'None_of_the_categories', ''],
      ]),
    });
    expect(misogyny.map((e) => [e.text, e.labels])).toEqual([['what a whore', { TOXICITY: 1 }], ['women belong in the kitchen', { TOXICITY: 1, IDENTITY_ATTACK: 1 }]]);
  });

  it('Wikipedia talk: a comment in several files keeps the label given without its parent', () => {
    const examples = loadExamples({
      wiki: {
        gc: csv(['text', 'label'], [['you are wrong about this', '1'], ['thanks for the fix', '0']]),
        gn: csv(['text', 'label'], [['you are wrong about this', '0']]),
        catSmall: csv(['text', 'label_oc'], []),
      },
    });
    expect(examples.map((e) => [e.text, e.labels.TOXICITY])).toEqual([['you are wrong about this', 0], ['thanks for the fix', 0]]);
  });

  it('on the real data: every identity attack is toxic, and the added sources load', () => {
    const files = readSourceFilesForTest();
    const examples = loadExamples(files);
    for (const e of examples) if (e.labels.IDENTITY_ATTACK === 1) expect(e.labels.TOXICITY, `${e.source}: ${e.text}`).toBe(1);
    const sources = new Set(examples.map((e) => e.source));
    expect([...sources]).toEqual(['davidson', 'isca', 'stormfront', 'toxic-spans', 'edos', 'hatemoji', 'convabuse', 'reddit-misogyny', 'wiki', 'toxichat']);
  });
});

describe('artefact encoding', () => {
  it('round-trips base64 of every length', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }
    expect(() => decodeBase64('ab$c')).toThrow('bad character');
  });
  it('quantizes to int8 within half a step and keeps only non-zero buckets', () => {
    const w = new Float64Array(1000);
    w[3] = 0.5;
    w[700] = -1.27;
    w[999] = 0.001;
    const enc = encodeWeights(w);
    expect(enc.nonZero).toBe(2);
    const back = decodeWeights({ bias: 0, platt: [1, 0], ...enc }, 1000, 'T');
    expect(back[3]).toBeCloseTo(0.5, 2);
    expect(back[700]).toBeCloseTo(-1.27, 5);
    expect(back[999]).toBe(0);
    expect(() => decodeWeights({ bias: 0, platt: [1, 0], ...enc, nonZero: 3 }, 1000, 'T')).toThrow('head T has 2 weights, expected 3');
  });
  it('rejects a malformed artefact with a message naming the field', () => {
    expect(() => parseArtefact({ format: 'x' })).toThrow('format');
    expect(() => parseArtefact({ format: 'threadscope-linear-v1', features: { bits: 18, charMin: 3, charMax: 5 }, heads: {} })).toThrow('head TOXICITY missing');
  });
});

describe('metrics', () => {
  it('computes ROC AUC with ties and P/R/F1', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBeCloseTo(0.5);
    expect(prf([0.9, 0.8, 0.2, 0.1], [1, 0, 1, 0], 0.5)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });
});

describe('training', () => {
  it('is deterministic: two runs on the same subset give identical artefacts', () => {
    const files: SourceFiles = {
      davidson: head('davidson/labeled_data.csv', 600),
      isca: head('isca-antisemitism/train.csv', 300),
      stormfront: head('stormfront/train.csv', 300),
    };
    const examples = loadExamples(files);
    const fit = { epochs: 2, learningRate: 0.15, l2: 1e-6 };
    const options = {
      seed: 7,
      heads: {
        TOXICITY: { ...fit, sourceWeight: { davidson: 1, stormfront: 1 } },
        IDENTITY_ATTACK: { ...fit, sourceWeight: { davidson: 1, isca: 3, stormfront: 1 } },
        ANTISEMITISM: { ...fit, l2: 1e-2, nbMix: 0.5, sourceWeight: { isca: 1, stormfront: 0.3 } },
      },
      combinerSourceWeight: { davidson: 1, isca: 1, stormfront: 1 },
    };
    const features = { bits: 12, charMin: 3, charMax: 5 };
    const a = JSON.stringify(trainModel(examples, options, features).artefact);
    const b = JSON.stringify(trainModel(examples, options, features).artefact);
    expect(a).toBe(b);
    const other = JSON.stringify(trainModel(examples, { ...options, seed: 8 }, features).artefact);
    expect(other).not.toBe(a);
  });
});

describe('committed artefact', () => {
  it('is the one docs/model-card.md names (sha256), loads, and stays under 8 MB', async () => {
    const { createHash } = await import('node:crypto');
    const bytes = readFileSync(resolve(process.cwd(), 'src/scoring/model/weights/embedded-model.json'));
    expect(bytes.length).toBeLessThan(8 * 1024 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const card = readFileSync(resolve(process.cwd(), 'docs/model-card.md'), 'utf8');
    expect(card).toContain(sha);
    const artefact = parseArtefact(JSON.parse(bytes.toString('utf8')));
    expect(card).toContain(artefact.payloadSha256.slice(0, 12));
  });
  it('records the TOXICITY combiner: its own fit and the IDENTITY_ATTACK fit, both read positively', () => {
    const artefact = parseArtefact(JSON.parse(readFileSync(resolve(process.cwd(), 'src/scoring/model/weights/embedded-model.json'), 'utf8')));
    const combiner = artefact.training.combiners?.TOXICITY;
    expect(combiner?.inputs).toEqual(['TOXICITY', 'IDENTITY_ATTACK']);
    for (const w of combiner?.weights ?? [Number.NaN]) expect(w).toBeGreaterThan(0);
  });
});

describe('runtime', () => {
  it('scores tokens exactly as it scores the model words built from them', async () => {
    const { loadEmbeddedModel } = await import('../model-scorer.ts');
    const model = loadEmbeddedModel();
    for (const text of ['He finna meet my Jewish neighbours', "y'all ain't ready 🙂 for the Muslims' party", 'you are a stupid b1tch', 'I would love to 🔪 some 👳🏾', '']) {
      const tokens = tokenize(text).tokens;
      const a = model.predictTokens(tokens);
      const b = model.predict(modelWords(tokens, model.config.emoji === true), tokens.length);
      expect(a.probability).toEqual(b.probability);
      expect([...a.contributions.TOXICITY]).toEqual([...b.contributions.TOXICITY]);
    }
  });

  it('reads a head without weights as its calibrated bias alone, and the other heads as if it were not there', async () => {
    const { EmbeddedModel } = await import('./runtime.ts');
    const artefact = parseArtefact(JSON.parse(readFileSync(resolve(process.cwd(), 'src/scoring/model/weights/embedded-model.json'), 'utf8')));
    const full = new EmbeddedModel(artefact);
    const untrained = { bias: -20, scale: 1, platt: [1, 0] as [number, number], nonZero: 0, data: '' };
    const lacking = new EmbeddedModel({ ...artefact, heads: { ...artefact.heads, INSULT: untrained } });
    const tokens = tokenize('You are a stupid idiot and Muslims are vermin').tokens;
    const a = full.predictTokens(tokens);
    const b = lacking.predictTokens(tokens);
    expect(a.probability.INSULT).toBeGreaterThan(0.5);
    expect(b.probability.INSULT).toBeCloseTo(1 / (1 + Math.exp(20)), 12);
    expect([...b.contributions.INSULT]).toEqual(tokens.map(() => 0));
    expect(b.probability.TOXICITY).toBe(a.probability.TOXICITY);
    expect(b.probability.IDENTITY_ATTACK).toBe(a.probability.IDENTITY_ATTACK);
    expect([...b.contributions.IDENTITY_ATTACK]).toEqual([...a.contributions.IDENTITY_ATTACK]);
  });
});

describe('tokenizer drift', () => {
  it('reads the probe text exactly as when the artefact was trained (else: npm run train, update docs/model-card.md)', async () => {
    const { featureFingerprint, PROBE_TEXT } = await import('./train.ts');
    const artefact = parseArtefact(JSON.parse(readFileSync(resolve(process.cwd(), 'src/scoring/model/weights/embedded-model.json'), 'utf8')));
    expect(featureFingerprint(PROBE_TEXT, artefact.features), 'the tokenizer changed what the model reads: retrain').toBe(artefact.training.probe);
  });
});
