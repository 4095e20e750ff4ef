/**
 * Reading the clause around a lexicon match: echo markers, historical register, negated or victim agents, pronouns
 * that stand for a group named just before, and negation scoped over a predicate.
 */
import type { Token, Tokenized } from '../text/tokenize.ts';
import type { AgentSlot } from './analyze.ts';

/** Programming context that makes triple parentheses literal. */
const CODE_WORDS = new Set(['lisp', 'lambda', 'parser', 'parens', 'parentheses', 'function', 'syntax', 'brackets', 'code', 'compiler', 'defun', 'scheme', 'clojure']);

/** Echo markers "(((x)))" as coded agents, unless literal (code) or reclaimed. */
export function findEchoes(tz: Tokenized): AgentSlot[] {
  const out: AgentSlot[] = [];
  const text = tz.text;
  let at = text.indexOf('(((');
  while (at >= 0) {
    const close = text.indexOf(')))', at + 3);
    if (close < 0 || close - at > 80) break;
    const inner = text.slice(at + 3, close);
    let from = -1;
    let to = -1;
    tz.tokens.forEach((t, i) => {
      if (t.start >= at + 3 && t.end <= close) {
        if (from < 0) from = i;
        to = i + 1;
      }
    });
    const literal = inner.includes('(') || inner.includes(')') || from < 0 || tz.tokens.some((t) => CODE_WORDS.has(t.norm));
    if (!literal) {
      const sentence = (tz.tokens[from] as Token).sentence;
      out.push({ cue: { slot: 'agent', cls: 4, kind: 'echo' }, from, to, sentence, charStart: at, charEnd: close + 3 });
    }
    at = text.indexOf('(((', close + 3);
  }
  return out;
}

/** "the 19th century", "7thC": an ordinal century before the 20th. */
function pastCentury(tokens: readonly Token[], i: number): boolean {
  const m = /^(\d{1,2})(?:st|nd|rd|th)(c?)$/.exec((tokens[i] as Token).norm);
  if (!m || Number(m[1]) >= 20) return false;
  return m[2] === 'c' || ['century', 'centuries'].includes(tokens[i + 1]?.norm ?? '');
}

/** A year ("1975") or a decade ("1930s") before 1990, else NaN. */
function pastYear(norm: string): number {
  const digits = norm.length === 5 && norm.endsWith('0s') ? norm.slice(0, 4) : norm;
  if (digits.length !== 4) return NaN;
  const year = Number(digits);
  return Number.isInteger(year) && year >= 1000 && year < 1990 ? year : NaN;
}

/**
 * True when the sentence names a year or decade before 1990 (not as "since <year>") or a century before the 20th
 * (historical register). Only tokens that start with a digit are looked at.
 */
export function historicalSentences(tokens: readonly Token[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const c = t.norm.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    if (pastCentury(tokens, i) || (i > 0 && (tokens[i - 1] as Token).norm !== 'since' && !Number.isNaN(pastYear(t.norm)))) out.add(t.sentence);
  }
  return out;
}

const AGENT_NEGATORS = new Set(['not', 'no', 'never']);
/** Nouns of harm done to a group: "the extermination of (the) Jews". */
const HARM_NOUNS = new Set([
  'extermination', 'enslavement', 'genocide', 'murder', 'murders', 'killing', 'killings', 'persecution', 'deportation', 'deportations', 'expulsion',
  'massacre', 'slaughter', 'treatment', 'hatred', 'demonization', 'demonisation', 'dehumanization', 'dehumanisation', 'oppression', 'suffering',
  'plight', 'death', 'deaths', 'cleansing', 'rescue', 'protection', 'history', 'safety', 'families', 'members',
]);

/** "the extermination of (the) Jews", "violence against Jews": the group is what is done to, not the actor. */
export function namedAsVictim(tokens: readonly Token[], from: number): boolean {
  const sentence = (tokens[from] as Token).sentence;
  let k = from - 1;
  if (tokens[k]?.norm === 'the' || tokens[k]?.norm === 'all') k--;
  while (k > 0 && tokens[k]?.sentence === sentence && /^[a-z]+(?:ish|ian|an|ese)$/.test(tokens[k]?.norm ?? '') && tokens[k - 1]?.norm !== 'of') k--;
  const prep = tokens[k];
  if (!prep || prep.sentence !== sentence) return false;
  if (prep.norm === 'against') return true;
  return prep.norm === 'of' && HARM_NOUNS.has(tokens[k - 1]?.norm ?? '');
}
/** "I don't think / believe ... X": the negator scopes over the claim that follows. */
const BELIEF_VERBS = new Set(['think', 'believe', 'buy', 'accept']);

/** "not Jews in Brooklyn", "not the Jews": the group is named to be excluded. */
export function negatedAgent(tokens: readonly Token[], from: number): boolean {
  const prev = tokens[from - 1];
  if (!prev || prev.sentence !== (tokens[from] as Token).sentence) return false;
  if (AGENT_NEGATORS.has(prev.norm)) return true;
  const before = tokens[from - 2];
  return prev.norm === 'the' && before !== undefined && before.sentence === prev.sentence && AGENT_NEGATORS.has(before.norm);
}

/**
 * "the Jews are behind it ... they profit from every war": a bare pronoun after a group named in the same or the
 * previous sentence (explicit Jewish referent, named proxy or coded collective; not Israel or Zionists, which are
 * political by default) stands for that group.
 */
export function resolvePronouns(agents: readonly AgentSlot[]): AgentSlot[] {
  const out: AgentSlot[] = [];
  for (const p of agents) {
    if (p.cue.cls !== 6) continue;
    let best: AgentSlot | undefined;
    for (const g of agents) {
      const named = g.cue.cls === 1 || g.cue.cls === 3 || (g.cue.cls === 4 && g.cue.kind !== 'rhetorical');
      if (!named || g.to > p.from || p.from - g.to > 25 || p.sentence - g.sentence > 1) continue;
      if (!best || g.to > best.to) best = g;
    }
    if (best) out.push({ ...p, cue: best.cue, antecedent: best });
  }
  return out;
}

/** "tell me this isn't a planned shift": a dare, not a denial. */
function dared(tokens: readonly Token[], negator: number): boolean {
  const sentence = (tokens[negator] as Token).sentence;
  for (let k = negator - 1; k >= Math.max(1, negator - 4); k--) {
    const t = tokens[k] as Token;
    if (t.sentence !== sentence) return false;
    if (t.norm === 'me' && ['tell', 'telling', 'convince', 'show'].includes((tokens[k - 1] as Token).norm)) return true;
  }
  return false;
}

/** True when a negator sits within three tokens before `from` in the same clause ("do not control"). */
export function negatedAt(tokens: readonly Token[], negators: ReadonlySet<number>, from: number): boolean {
  const clause = (tokens[from] as Token).clause;
  for (let k = from - 1; k >= Math.max(1, from - 6); k--) {
    const t = tokens[k] as Token;
    if (t.clause !== clause) break;
    if (BELIEF_VERBS.has(t.norm) && negators.has(k - 1)) return true;
  }
  for (let k = from - 1; k >= Math.max(0, from - 3); k--) {
    const t = tokens[k] as Token;
    if (t.clause !== clause || t.norm === 'but') return false;
    if (negators.has(k) && (tokens[k + 1] as Token).norm !== 'only' && !dared(tokens, k)) return true;
  }
  return false;
}

const COPULAS = new Set(['is', 'are', 'was', 'were', "isn't", 'isnt', "aren't", 'arent']);
const DENIALS = new Set(['real', 'true', 'happening', 'a', 'any']);
/** "The great replacement isn't a theory": denying it is a theory asserts it. */
const NOT_JUST = new Set(['theory', 'conspiracy', 'myth']);

/** "Chemtrails are not real", "ZOG isn't a thing": the marker named only to deny it. */
export function deniedAfter(tokens: readonly Token[], to: number): boolean {
  const copula = tokens[to];
  const sentence = tokens[to - 1]?.sentence;
  if (!copula || copula.sentence !== sentence || !COPULAS.has(copula.norm)) return false;
  const negated = copula.norm.endsWith("n't") || copula.norm.endsWith('nt');
  const at = negated ? to + 1 : to + 2;
  if (!negated && !['not', 'never'].includes(tokens[to + 1]?.norm ?? '')) return false;
  const word = tokens[at];
  if (word?.norm === 'a' && NOT_JUST.has(tokens[at + 1]?.norm ?? '')) return false;
  return word !== undefined && word.sentence === sentence && DENIALS.has(word.norm);
}

/** Verbs that make a counter-speech word the label others pin on someone ("calling anyone who notices a bigot"). */
const LABEL_VERBS = new Set(['call', 'calls', 'called', 'calling', 'label', 'labels', 'labelled', 'labeled', 'labelling', 'labeling', 'brand', 'brands', 'branded', 'branding', 'smeared']);
/** Verbs that make it a cry ("cry antisemitism", "scream racism"). */
const CRY_VERBS = new Set(['cry', 'cries', 'crying', 'cried', 'scream', 'screams', 'screaming', 'shout', 'shouts', 'shouting', 'yell', 'yells', 'yelling', 'play', 'plays', 'playing']);
const LABEL_COPULAS = new Set(['is', 'are', 'was', 'were', "it's", 'its', "that's", 'thats', 'be']);

/**
 * True when a counter-speech word is an accusation the commenter reports or mocks rather than their own verdict:
 * "they call you racist", "calling anyone who notices a bigot", "it calls the host antisemitic", "cry antisemitism",
 * "the antisemitism smear". The labelling verb is two to five words back in the clause with no copula in between
 * and no first-person subject; "called racist white men …", "calling them vermin is racist" and "I'd call that
 * antisemitic" stay counter-speech.
 */
export function accusationWord(tokens: readonly Token[], at: number): boolean {
  const clause = (tokens[at] as Token).clause;
  const prev = tokens[at - 1];
  const next = tokens[at + 1];
  if (prev && prev.clause === clause && CRY_VERBS.has(prev.norm)) return true;
  if (next && next.clause === clause && ACCUSATION_NOUNS.has(next.norm)) return true;
  if (prev && prev.clause === clause && ACCUSATION_NOUNS.has((tokens[at] as Token).norm) && ACCUSED.has(prev.norm)) return true;
  for (let k = at - 1; k >= Math.max(0, at - 5); k--) {
    const t = tokens[k] as Token;
    if (t.clause !== clause || LABEL_COPULAS.has(t.norm)) return false;
    if (!LABEL_VERBS.has(t.norm)) continue;
    const speaker = tokens[k - 1];
    if (speaker && speaker.clause === clause && SPEAKERS.has(speaker.norm)) return false;
    return k < at - 1;
  }
  return false;
}

/** "the antisemitism smear", "the antisemite card": the accusation named as a tactic. */
const ACCUSATION_NOUNS = new Set(['smear', 'smears', 'card', 'accusation', 'accusations', 'charge', 'label']);
const ACCUSED = new Set(['antisemitism', 'antisemite', 'antisemitic', 'racism', 'racist']);
/** "I'd call that antisemitic": the commenter's own verdict. */
const SPEAKERS = new Set(['i', 'we', "i'd", 'id', "i'll", "we'd", "we'll"]);
