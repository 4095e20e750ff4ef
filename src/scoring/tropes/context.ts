/**
 * Thread context for trope flags: a reply that endorses a trope-flagged parent ("exactly", "so true", "finally
 * someone says it", "👆") gets a lower-severity context hit pointing at the parent; counter-speech, disagreement
 * and negated endorsements never do. Pure; computed per thread when a view is built, not cached per text.
 */
import type { TropeEvidence, TropeHit, TropeSeverity } from '../../core/scoring.ts';

/** What the context pass needs of one comment. */
export interface ContextComment {
  id: string;
  /** Parent in the displayed reply tree (null at top level). */
  parentId: string | null;
  author: string;
  text: string;
  /** The comment's own trope hits (context hits on it are ignored). */
  tropes: readonly TropeHit[];
}

/** Replies longer than this are arguments of their own, not endorsements. */
const MAX_REPLY_CHARS = 400;
/** A whole-reply endorsement may have at most this many words ("Exactly. 100% this."). */
const MAX_SHORT_WORDS = 6;

/** Words (and emoji) that endorse when they make up the whole reply, punctuation aside. */
const SHORT_ENDORSERS = new Set([
  'exactly', 'this', 'based', '100', '100%', 'true', 'so', 'very', 'agreed', 'agree', 'yes', 'yep', 'yup', 'correct', 'absolutely',
  'amen', 'preach', 'bingo', 'truth', 'facts', 'indeed', '+1', 'same', 'ditto', 'right', 'well', 'said', 'spot', 'on', 'nailed',
  'it', 'totally', 'much', 'real', 'truly', 'fr', '👆', '☝', '☝️', '💯', '👏', '🎯', '👍', '✔', '✅', '🔥',
]);
/** Short words that alone are not an endorsement ("so", "it", "on", "well" only count beside a real one). */
const SHORT_FILLERS = new Set(['so', 'very', 'well', 'on', 'it', 'much', 'real', 'truly', 'same', 'right', 'said', 'spot', 'nailed', 'totally']);

/** Endorsing phrases that count anywhere in a short reply (lower case, words separated by single spaces). */
const PHRASES: readonly string[] = [
  'finally someone says it', 'finally someone said it', 'finally someone is saying it', 'finally someone who says it',
  'finally someone speaks', 'finally someone said', 'someone had to say it', 'somebody had to say it', 'about time someone said',
  'so true', 'so very true', 'well said', 'spot on', 'nailed it', 'couldn t agree more', 'could not agree more', 'couldnt agree more',
  'you re right', 'youre right', 'you are right', 'you re so right', 'you are so right', 'he s right', 'hes right', 'he is right',
  'absolutely right', 'exactly right', 'agree 100', '100 agree', 'thank you for saying', 'thanks for saying', 'truth bomb',
  'speaking the truth', 'speak the truth', 'the truth hurts', 'say it louder', 'say it again', 'wake up people', 'wake up sheeple',
  'fire back at them', 'fight back against them', 'stand up to them', 'courage to fire back', 'courage to fight back',
  'nobody dares to say', 'no one dares to say', 'they don t want you to know', 'do your own research',
];

/** Words that turn a reply into counter-speech or disagreement, whatever endorsing words it also has. */
const COUNTER_WORDS = new Set([
  'antisemitic', 'antisemitism', 'antisemite', 'antisemites', 'semitic', 'semitism', 'trope', 'tropes', 'canard', 'myth', 'myths',
  'racist', 'racism', 'bigot', 'bigots', 'bigoted', 'bigotry', 'hateful', 'hate', 'vile', 'disgusting', 'gross', 'shameful', 'shame',
  'ashamed', 'report', 'reported', 'reporting', 'flagged', 'nonsense', 'garbage', 'rubbish', 'lie', 'lies', 'lying', 'false', 'untrue',
  'wrong', 'disagree', 'debunked', 'ridiculous', 'absurd', 'delete', 'mods', 'moderator', 'moderators', 'sick', 'yikes', 'wtf',
  'conspiracy', 'propaganda', 'libel', 'smear', 'nazi', 'nazis', 'sarcasm', 'kidding', 'joking',
]);
const NEGATORS = new Set(['not', 'no', 'nope', 'never', 'dont', 'isnt', 'hardly', 'nah', 'nobody']);
/** First halves of split contractions ("don't" → "don" "t"). */
const NEGATED_STEMS = new Set(['don', 'doesn', 'isn', 'aren', 'wasn', 'weren', 'didn', 'won', 'wouldn', 'can']);
/** Words that open a longer reply as an endorsement when punctuation follows them ("Exactly. They ..."). */
const LEADING_ENDORSERS = new Set(['exactly', 'this', 'based', '100%', 'agreed', 'absolutely', 'yes', 'true', 'bingo', 'preach', 'amen', '💯', '👆']);
/** Words that show the reply goes on to qualify or reject what it seemed to endorse. */
const HEDGES = new Set(['but', 'however', 'although', 'though', 'except']);

/** A word of the reply with its range in the original text. */
interface Word {
  norm: string;
  start: number;
  end: number;
}

/** Drops zero-width characters and variation selectors. */
function dropInvisible(word: string): string {
  let out = '';
  for (const ch of word) {
    const code = ch.charCodeAt(0);
    if ((code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff || code === 0xfe0f) continue;
    out += ch;
  }
  return out;
}

/** Splits into lower-case words (letters, digits, % and +) and single emoji; apostrophes split ("don't" → "don t"). */
function words(text: string): Word[] {
  const out: Word[] = [];
  const re = /[\p{L}\p{N}%+]+|\p{Extended_Pictographic}/gu;
  for (const m of text.matchAll(re)) {
    const start = m.index;
    out.push({ norm: dropInvisible(m[0].toLowerCase()), start, end: start + m[0].length });
  }
  return out;
}

/** Finds `phrase` (space-separated words) in the words; returns the index of its first word or -1. */
function findPhrase(list: readonly Word[], phrase: readonly string[]): number {
  outer: for (let i = 0; i + phrase.length <= list.length; i++) {
    for (let k = 0; k < phrase.length; k++) if ((list[i + k] as Word).norm !== phrase[k]) continue outer;
    return i;
  }
  return -1;
}

const PHRASE_WORDS = PHRASES.map((p) => p.split(' '));

/** The span of the endorsing words when the reply endorses what it answers, else null. */
export function endorsement(text: string): TropeEvidence | null {
  if (typeof text !== 'string' || text.length > MAX_REPLY_CHARS) return null;
  const list = words(text);
  if (list.length === 0) return null;
  for (const w of list) if (COUNTER_WORDS.has(w.norm)) return null;
  const span = (from: number, to: number): TropeEvidence => {
    const start = (list[from] as Word).start;
    const end = (list[to - 1] as Word).end;
    return { start, end, text: text.slice(start, end), role: 'context' };
  };
  const negated = (at: number): boolean => {
    for (let k = Math.max(0, at - 2); k < at; k++) {
      const w = (list[k] as Word).norm;
      if (NEGATORS.has(w) || (NEGATED_STEMS.has(w) && (list[k + 1] as Word | undefined)?.norm === 't')) return true;
    }
    return false;
  };
  if (list.length <= MAX_SHORT_WORDS && list.every((w) => SHORT_ENDORSERS.has(w.norm)) && list.some((w) => !SHORT_FILLERS.has(w.norm))) {
    return span(0, list.length);
  }
  const first = list[0] as Word;
  const after = text.slice(first.end).trimStart().charAt(0);
  if (LEADING_ENDORSERS.has(first.norm) && (after === '.' || after === '!' || after === ',' || first.norm.length <= 2) && !list.some((w) => HEDGES.has(w.norm))) {
    return span(0, 1);
  }
  for (const phrase of PHRASE_WORDS) {
    const at = findPhrase(list, phrase);
    if (at >= 0 && !negated(at)) return span(at, at + phrase.length);
  }
  return null;
}

function lower(severity: number): TropeSeverity {
  return Math.min(4, Math.max(1, severity - 1)) as TropeSeverity;
}

/**
 * Context hits per reply id: for each reply that endorses a parent with at least one trope hit of its own, one hit
 * for the parent's strongest trope, one severity level lower (at least 1), unless the reply already has that trope.
 */
export function contextFlags(comments: readonly ContextComment[]): Map<string, TropeHit[]> {
  const byId = new Map<string, ContextComment>();
  for (const c of comments) if (!byId.has(c.id)) byId.set(c.id, c);
  const out = new Map<string, TropeHit[]>();
  for (const reply of comments) {
    if (reply.parentId === null) continue;
    const parent = byId.get(reply.parentId);
    if (!parent || parent === reply) continue;
    const own = parent.tropes.filter((h) => h.contextOf === undefined);
    if (own.length === 0) continue;
    const strongest = own.reduce((best, h) => (h.severity > best.severity ? h : best));
    if (reply.tropes.some((h) => h.id === strongest.id && h.contextOf === undefined)) continue;
    const ev = endorsement(reply.text);
    if (!ev) continue;
    const author = parent.author.trim() === '' ? 'an unnamed commenter' : parent.author.trim();
    const hit: TropeHit = {
      id: strongest.id,
      name: strongest.name,
      severity: lower(strongest.severity),
      evidence: [ev],
      explanation: `Endorses a flagged comment by ${author}: "${strongest.name}"`,
      contextOf: { commentId: parent.id, tropeId: strongest.id },
    };
    out.set(reply.id, [hit]);
  }
  return out;
}
