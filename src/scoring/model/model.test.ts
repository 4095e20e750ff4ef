import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights } from './artefact.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { csvRecords, parseCsv } from './csv.ts';
import { loadExamples, type SourceFiles } from './datasets.ts';
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
  it('records the IDENTITY_ATTACK combiner: the general and the antisemitism fit, both read positively', () => {
    const artefact = parseArtefact(JSON.parse(readFileSync(resolve(process.cwd(), 'src/scoring/model/weights/embedded-model.json'), 'utf8')));
    const { combiner } = artefact.training;
    expect(combiner.inputs).toEqual(['IDENTITY_ATTACK', 'ANTISEMITISM']);
    for (const w of combiner.weights) expect(w).toBeGreaterThan(0);
  });
});

describe('runtime', () => {
  it('scores tokens exactly as it scores the model words built from them', async () => {
    const { loadEmbeddedModel } = await import('../model-scorer.ts');
    const model = loadEmbeddedModel();
    for (const text of ['He finna meet my Jewish neighbours', "y'all ain't ready 🙂 for the Muslims' party", 'you are a stupid b1tch', '']) {
      const tokens = tokenize(text).tokens;
      const a = model.predictTokens(tokens);
      const b = model.predict(modelWords(tokens), tokens.length);
      expect(a.probability).toEqual(b.probability);
      expect([...a.contributions.TOXICITY]).toEqual([...b.contributions.TOXICITY]);
    }
  });
});

describe('tokenizer drift', () => {
  it('reads the probe text exactly as when the artefact was trained (else: npm run train, update docs/model-card.md)', async () => {
    const { featureFingerprint, PROBE_TEXT } = await import('./train.ts');
    const artefact = parseArtefact(JSON.parse(readFileSync(resolve(process.cwd(), 'src/scoring/model/weights/embedded-model.json'), 'utf8')));
    expect(featureFingerprint(PROBE_TEXT, artefact.features), 'the tokenizer changed what the model reads: retrain').toBe(artefact.training.probe);
  });
});
