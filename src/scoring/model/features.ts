/**
 * Hashed features of the model: word unigrams and bigrams plus character 3-5-grams of each word (padded with
 * spaces), signed-hashed into 2^bits buckets, every feature valued 1/sqrt(feature count) so long texts do not dominate.
 * An emoji read as a word (FeatureConfig.emoji) has its unigram and bigrams but no character n-grams.
 */
import { bucketOf, fnv1a, signOf } from './hash.ts';
import { IDENTITY_MARKER, type ModelWord } from './words.ts';

/** Feature settings stored in the artefact, so the runtime hashes exactly as training did. */
export interface FeatureConfig {
  /** log2 of the bucket count. */
  bits: number;
  /** Shortest and longest character n-gram. */
  charMin: number;
  charMax: number;
  /** Emoji are read as words (those naming a group masked, skin tones dropped); absent or false: symbols are not read. */
  emoji?: boolean;
}


const SEED_WORD = fnv1a('w:');
const SEED_CHAR = fnv1a('c:');
const SEED_BIGRAM = fnv1a('b:');

/** Signed bucket codes (sign × (bucket + 1)) of the features that belong to one word alone: its unigram and char n-grams. */
export function wordCodes(word: string, config: FeatureConfig): number[] {
  if (word === IDENTITY_MARKER) return [];
  const out: number[] = [];
  const code = (h: number): number => signOf(h) * (bucketOf(h, config.bits) + 1);
  out.push(code(fnv1a(word, SEED_WORD)));
  if (isSymbolWord(word)) return out;
  const padded = ` ${word} `;
  for (let i = 0; i + config.charMin <= padded.length; i++) {
    let h = SEED_CHAR;
    for (let k = 0; k < config.charMax && i + k < padded.length; k++) {
      h = Math.imul(h ^ padded.charCodeAt(i + k), 0x01000193) >>> 0;
      if (k + 1 >= config.charMin) out.push(code(h));
    }
  }
  return out;
}

/** An emoji or symbol read as a word (words start with a letter, digit or the identity marker). */
function isSymbolWord(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 0xd800 && c <= 0xdbff) || (c >= 0x2600 && c <= 0x27bf);
}

/** Hash of a word as the left or right half of a bigram (the runtime caches it per word). */
export function bigramHalf(word: string): number {
  return fnv1a(word, SEED_BIGRAM);
}

/** Signed bucket code of the bigram whose halves hash to `left` and `right` (order matters; murmur3 finalizer). */
export function bigramCode(left: number, right: number, config: FeatureConfig): number {
  let h = Math.imul(left, 0x9e3779b1) ^ right;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) >>> 0;
  return signOf(h) * (bucketOf(h, config.bits) + 1);
}

/** All signed bucket codes of a text's model words (training path; the runtime caches per word instead). */
export function featureCodes(words: readonly ModelWord[], config: FeatureConfig): number[] {
  const out: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = (words[i] as ModelWord).word;
    for (const c of wordCodes(w, config)) out.push(c);
    if (i > 0) out.push(bigramCode(bigramHalf((words[i - 1] as ModelWord).word), bigramHalf(w), config));
  }
  return out;
}
