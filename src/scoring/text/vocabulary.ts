/**
 * The shipped vocabulary of the obfuscation repair: vocabulary.json, derived from the labelled data by
 * scripts/build-vocabulary.ts (`npm run vocabulary`; CC BY-SA 4.0, see vocabulary.README.md).
 */
import { TokenRepair } from './repair.ts';
import FILE from './vocabulary.json' with { type: 'json' };

/** Words in many texts: the ordinary words a split may glue to a target ("i", "total"). */
export const COMMON_WORDS: readonly string[] = FILE.common;
/** Every ordinary word (never repaired): the common ones and the others. */
export const ORDINARY_WORDS: readonly string[] = [...FILE.common, ...FILE.words];

/** A repair towards `targets` over the shipped vocabulary. */
export function repairWithVocabulary(targets: Iterable<string>): TokenRepair {
  return new TokenRepair(targets, ORDINARY_WORDS, { glue: COMMON_WORDS });
}
