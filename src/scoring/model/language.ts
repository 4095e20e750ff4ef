/**
 * Language check of the embedded model (trained on English only): a cheap pre-check on the tokens decides whether
 * the text may not be English; only then the eld detector (Apache-2.0, loaded on first need) names the language.
 */
import type { Token } from '../text/tokenize.ts';

/** Frequent English function words; English comments of a few words nearly always contain some. */
const ENGLISH = new Set(
  ('the a an and or but of to in on at for with from by is are was were be been am it its this that these those i you he she we they ' +
    'me him her us them my your his our their not no do does did have has had will would can could should if so as what who just all ' +
    "there here than then about up out get got i'm it's don't").split(' '),
);

/** Fewer words than this are never checked (too short to tell). */
const MIN_WORDS = 4;

/** True when the text may not be English: many letters outside ASCII, or too few English function words. */
export function mayNotBeEnglish(text: string, tokens: readonly Token[]): boolean {
  let words = 0;
  for (const t of tokens) if (!t.symbol) words++;
  if (words < MIN_WORDS) return false;
  // Counting stops once the function words are enough; then only the share of letters outside ASCII can tell.
  const enough = words * 0.12;
  let english = 0;
  for (let k = 0; k < tokens.length && english < enough; k++) {
    const t = tokens[k] as Token;
    if (!t.symbol && ENGLISH.has(t.norm)) english++;
  }
  if (english < enough) return true;
  return manyNonAsciiLetters(text);
}

/** More than a tenth of the letters are outside ASCII (a quick scan first: most texts have no such character). */
function manyNonAsciiLetters(text: string): boolean {
  let first = 0;
  while (first < text.length && text.charCodeAt(first) < 0xc0) first++;
  if (first === text.length) return false;
  let letters = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c >= 0xc0 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0xd800 && c <= 0xdfff)) {
      letters++;
      nonAscii++;
    }
  }
  return nonAscii > letters * 0.1;
}

/** Names the language of a text: ISO 639-1 code, or null when unsure. */
export type DetectLanguage = (text: string) => string | null;

let detector: Promise<DetectLanguage> | null = null;

/** English wins when its score is at least this share of the best one (tweets in slang read as Tagalog or Dutch). */
const ENGLISH_MARGIN = 0.8;

/** Loads eld's extra-small database once (about half a second) and wraps it; only reliable answers count. */
export function loadLanguageDetector(): Promise<DetectLanguage> {
  detector ??= import('eld/extrasmall').then(({ eld }) => (text: string) => {
    const result = eld.detect(text.slice(0, 1000));
    if (result.language === '' || !result.isReliable()) return null;
    const scores = result.getScores();
    const best = scores[result.language] ?? 0;
    return (scores.en ?? 0) >= best * ENGLISH_MARGIN ? 'en' : result.language;
  });
  return detector;
}
