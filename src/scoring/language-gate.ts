/**
 * The language gate of the embedded scorers: their rules (lexicon, hostility reader, phrase matcher) and the model
 * are English, so a comment in another language gets no attribute score from them. Only texts the cheap pre-check
 * doubts (`mayNotBeEnglish`) are asked about; the eld detector names the language, or, when it is unsure, the
 * function words do ("Danke!"). A text called English, or that nothing can call, keeps its English scores.
 * docs/scoring.md ("Other languages") states the rule, with mixed and short texts.
 */
import { ATTRIBUTES, type CommentScore } from '../core/scoring.ts';
import { languageOfFunctionWords, loadLanguageDetector } from './model/language.ts';
import type { Token } from './text/tokenize.ts';

/** A scored text the pre-check doubts is English: the gate decides on it once the batch is scored. */
export interface Doubted {
  text: string;
  tokens: readonly Token[];
  score: CommentScore;
}

/** Takes back every English score: the attributes are unsupported for this language, never zero. */
export function withholdScores(score: CommentScore, language: string): void {
  score.scores = {};
  score.evidence = {};
  delete score.explanations;
  score.language = language;
  score.languageUnsupported = true;
  score.unsupported = [...ATTRIBUTES];
}

/** Names the language of each doubted text and withholds the scores of those in another language than English. */
export async function gateLanguages(doubted: readonly Doubted[]): Promise<void> {
  if (doubted.length === 0) return;
  const detect = await loadLanguageDetector().catch(() => null);
  for (const { text, tokens, score } of doubted) {
    const language = detect?.(text) ?? languageOfFunctionWords(tokens);
    if (language === null) continue;
    if (language === 'en') score.language = 'en';
    else withholdScores(score, language);
  }
}
