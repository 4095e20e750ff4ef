/**
 * The fixed data split: a hash of the normalized text puts every example (and every duplicate of it) on one side:
 * 20% held out for evaluation, 10% for calibration, 70% for training.
 */
import { fnv1a } from './hash.ts';

export type SplitName = 'train' | 'calibration' | 'heldout';

/** Lower case, letters and digits only, single spaces: duplicates that differ in case or punctuation share a key. */
export function splitKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Split of an example by its (cleaned) text. */
export function splitOf(text: string): SplitName {
  const h = fnv1a(splitKey(text));
  const mixed = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  const bucket = ((mixed ^ (mixed >>> 16)) >>> 0) % 100;
  if (bucket < 20) return 'heldout';
  if (bucket < 30) return 'calibration';
  return 'train';
}
