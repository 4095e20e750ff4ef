/**
 * First stage of the trope detector: tokenize once, find every lexicon phrase, drop literal senses and negated
 * predicates, and sort what is left into slots (agents, predicates, targets, codes) and per-sentence stance flags.
 */
import { PhraseMatcher, requiredWords, type PhraseDef, type PhraseMatch } from '../text/phrase-matcher.ts';
import { createPrecheck } from '../text/precheck.ts';
import { tokenize, type Token, type Tokenized } from '../text/tokenize.ts';
import { cue, type Cue, type Family, type Topic } from './cues.ts';
import { CODES, PREDICATES } from './lexicon-predicates.ts';
import { AGENTS, STANCE, TARGETS } from './lexicon-slots.ts';
import { accusationWord, deniedAfter, findEchoes, historicalSentences, namedAsVictim, negatedAgent, negatedAt, resolvePronouns } from './clause-reading.ts';

/** A slot filler: token range `[from, to)` plus its cue. */
export interface Slot<C extends Cue = Cue> {
  cue: C;
  from: number;
  to: number;
  sentence: number;
  /** Character range, for fillers that are not whole tokens (the echo parentheses). */
  charStart?: number;
  charEnd?: number;
  /** For a pronoun agent ("they") read as a group named just before: that group's slot. */
  antecedent?: Slot;
  /** The group is named as the victim ("the extermination of the Jews", "enslavement of Jews"), not as the actor. */
  victim?: boolean;
}
export type AgentSlot = Slot<Extract<Cue, { slot: 'agent' }>>;
export type PredSlot = Slot<Extract<Cue, { slot: 'pred' }>>;
export type TargetSlot = Slot<Extract<Cue, { slot: 'target' }>>;
export type CodeSlot = Slot<Extract<Cue, { slot: 'code' }>>;

/** Everything the rules need about one comment. */
export interface Analysis {
  tz: Tokenized;
  agents: AgentSlot[];
  preds: Map<Family, PredSlot[]>;
  targets: TargetSlot[];
  codes: CodeSlot[];
  /** Sentences that mention each topic. */
  topics: Map<Topic, Set<number>>;
  /** Token ranges of the migration words, for the invasion rule (the migration word must lie outside its phrase). */
  topicSpans: Array<{ topic: Topic; from: number; to: number }>;
  /** Sentences with counter-speech (not disclaimed), a reporting or historical register, or a meta verb. */
  counter: Set<number>;
  report: Set<number>;
  meta: Set<number>;
  /** Comment-level: first-person Jewish identity with a mocking marker (in-group satire). */
  satire: boolean;
  /** Comment-level: echo used on one's own name or in solidarity. */
  reclaim: boolean;
  /** Insinuation cues ("funny how", "behind", "every") as token ranges. */
  insinuations: Array<{ from: number; to: number }>;
  /** Token indexes of quantifiers ("every", "all"). */
  quantifiers: Set<number>;
}

const ALL = new PhraseMatcher<Cue>([...AGENTS, ...TARGETS, ...STANCE, ...PREDICATES, ...CODES]);
/** Predicate families that may fire without an accused agent word (or with only "they"). */
const AGENTLESS_FAMILIES: ReadonlySet<Family> = new Set(['blood', 'replacement', 'invasion', 'organ', 'host']);
/** Topics that gate a claim on their own (Holocaust denial, staging, plandemic); the others only qualify a claim. */
const GATING_TOPICS: ReadonlySet<Topic> = new Set(['holocaust', 'pandemic', 'event']);
/** Words too common to be the key of a trigger phrase; the rarer word of each phrase is its key. */
const COMMON_WORDS: ReadonlySet<string> = new Set([
    'the', 'a', 'an', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'and', 'or', 'is', 'are', 'was', 'were', 'be', 'it', 'its',
    'they', 'them', 'their', 'you', 'your', 'we', 'us', 'our', 'he', 'his', 'her', 'my', 'that', 'this', 'which', 'who', 'what', 'not', 'no',
    'nobody', 'same', 'every', 'all', 'any', 'each', 'one', 'look', 'looked', 'check', 'follow', 'do', 'did', 'will', 'so', 'say', 'up', 'left',
    'know', 'people', 'top',
    // Everyday words in the phrases of replacement, organ theft and the host figure; the rarer word of each phrase is the key.
    'have', 'been', 'being', 'traffic', 'trafficking', 'trafficked', 'take', 'takes', 'taking', 'took', 'sell', 'sells', 'selling', 'sold', 'remove',
    'removes', 'removing', 'removed', 'open', 'opened', 'opening', 'change', 'changing', 'changed', 'new', 'next', 'latest', 'another', 'turn', 'turns',
    'turned', 'turning', 'kill', 'kills', 'killed', 'killing', 'white', 'bring', 'brings', 'bringing', 'brought', 'ship', 'shipping', 'shipped', 'fly',
    'flying', 'bus', 'deliberately', 'intentionally', 'purposely', 'body', 'bodies', 'come', 'came', 'comes', 'returned', 'return', 'returns', 'nation',
    'nations', 'country', 'countries', 'empire', 'empires', 'steal', 'steals', 'stealing', 'stole', 'stolen', 'flood', 'floods', 'flooding', 'flooded',
    'import', 'importing', 'imported', 'imports', 'elect', 'vote', 'use', 'uses', 'used', 'using', 'as', 'fund', 'funds', 'funded', 'funding', 'finance',
    'finances', 'financed', 'financing', 'bankroll', 'bankrolls', 'bankrolling', 'push', 'pushing', 'pushes', 'pushed', 'promote', 'promoting', 'promotes',
    'promoted', 'engineer', 'engineering', 'engineered',
  ]);
/** A predicate or code with a word rare enough to key the pre-check (phrases of everyday words only would make it slow). */
const keyed = (d: PhraseDef<Cue>): boolean => requiredWords([d], COMMON_WORDS).whole.length === 0;
/**
 * Stand-ins for predicates and codes made only of everyday words ("bring them in to vote", "leech off every nation
 * that takes them in"): they only decide whether a comment is analysed, never what is found in it.
 */
const TRIGGER_STAND_INS: PhraseDef<Cue>[] = [
  ...cue({ slot: 'pred', family: 'replacement' }, 'bring|brings|bringing|brought|ship|shipping|shipped|bus|busing|bussing|bused|bussed|fly|flying|flown ~4 vote', 'elect ~2 people'),
  ...cue({ slot: 'pred', family: 'host' }, 'leech|leeches|leeching|leeched|parasite|parasites|parasitic|lifeblood|bloodsucker|bloodsuckers|bloodsucking|vampire|vampires|vampiric'),
];
/**
 * What any rule needs before it can fire: an accused agent (not a bare pronoun), a code, a predicate of a family that
 * may fire without a named agent (blood, organs, replacement, invasion, the host figure), or a word of the topics that
 * gate denial, staging and plandemic claims.
 */
const TRIGGERS = requiredWords<Cue>(
  [
    ...AGENTS.filter((d) => d.label.slot === 'agent' && d.label.cls <= 5),
    ...CODES.filter(keyed),
    ...PREDICATES.filter((d) => d.label.slot === 'pred' && AGENTLESS_FAMILIES.has(d.label.family) && d.label.part !== 'feeding' && keyed(d)),
    ...TRIGGER_STAND_INS,
    ...STANCE.filter((d) => d.label.slot === 'topic' && GATING_TOPICS.has(d.label.topic)),
  ],
  COMMON_WORDS,
);
const TRIGGER_PHRASES = new PhraseMatcher<Cue>(TRIGGERS.whole);
/** Raw-text pre-check run before tokenizing (see createPrecheck: it never hides what the full path would find). */
const RAW_PRECHECK = createPrecheck(TRIGGERS.keys, TRIGGERS.wholeWords);

/** False only when no trope can be found in the text (cheap; used before any tokenizing). */
export function mayHoldTrope(text: string): boolean {
  return RAW_PRECHECK(text);
}
const known = (w: string): boolean => ALL.vocabulary.has(w);
/** Rhetorical devices that insinuate without a question mark ("guess who …", "look up who owns …"). */
const OPEN_RHETORIC = new Set(['guess', 'look', 'looked', 'check', 'follow']);

/** Cheap pre-check: does any token hold a word some rule cannot fire without, or is there an echo? */
function mayContainTrope(tz: Tokenized): boolean {
  if (tz.text.includes('(((')) return true;
  for (const t of tz.tokens) if (TRIGGERS.keys.has(t.norm) || TRIGGERS.keys.has(t.lemma)) return true;
  return TRIGGER_PHRASES.matchAll(tz.tokens).length > 0;
}

function overlaps(a: { from: number; to: number }, b: { from: number; to: number }): boolean {
  return a.from < b.to && b.from < a.to;
}

/** `inner` lies inside the longer `outer`: a phrase that holds a literal sense is more than it ("a minority in our own land" holds "our own"). */
function within(inner: { from: number; to: number }, outer: { from: number; to: number }): boolean {
  return outer.from <= inner.from && inner.to <= outer.to && outer.to - outer.from > inner.to - inner.from;
}

/** Tokenizes and sorts the lexicon matches of one comment; returns null when nothing can fire. */
export function analyze(text: string): Analysis | null {
  if (!RAW_PRECHECK(text)) return null;
  const tz = tokenize(text, known);
  if (tz.tokens.length === 0 || !mayContainTrope(tz)) return null;
  const matches = ALL.matchAll(tz.tokens);
  const blocked: PhraseMatch<Cue>[] = [];
  const negators = new Set<number>();
  for (const m of matches) {
    if (m.label.slot === 'literal' || m.label.slot === 'selfid') blocked.push(m);
    else if (m.label.slot === 'negator') for (let k = m.from; k < m.to; k++) negators.add(k);
  }
  const a: Analysis = {
    tz, agents: [], preds: new Map(), targets: [], codes: [], topics: new Map(), topicSpans: [], counter: new Set(), report: historicalSentences(tz.tokens),
    meta: new Set(), satire: false, reclaim: false, insinuations: [], quantifiers: new Set(),
  };
  let selfid = false;
  let satireMarker = false;
  const predSpans: PhraseMatch<Cue>[] = [];
  for (const m of matches) {
    const sentence = (tz.tokens[m.from] as Token).sentence;
    const cue = m.label;
    const slot = { from: m.from, to: m.to, sentence };
    if (cue.slot === 'selfid') selfid = true;
    const slotted = cue.slot === 'agent' || cue.slot === 'pred' || cue.slot === 'target' || cue.slot === 'code';
    if (slotted && blocked.some((x) => overlaps(x, m) && !within(x, m))) continue;
    switch (cue.slot) {
      case 'agent':
        if (cue.kind === 'rhetorical' && !tz.questions.has(sentence) && !OPEN_RHETORIC.has((tz.tokens[m.from] as Token).norm)) break;
        if (negatedAgent(tz.tokens, m.from)) break;
        a.agents.push({ ...slot, cue, ...(namedAsVictim(tz.tokens, m.from) ? { victim: true } : {}) });
        break;
      case 'pred':
        if (cue.family !== 'denial' && cue.family !== 'shield' && !cue.negative && negatedAt(tz.tokens, negators, m.from)) break;
        predSpans.push(m);
        pushTo(a.preds, cue.family, { ...slot, cue });
        break;
      case 'target':
        a.targets.push({ ...slot, cue });
        break;
      case 'code':
        if (cue.trope !== 'holocaust-denial-distortion' && negatedAt(tz.tokens, negators, m.from)) break;
        if (deniedAfter(tz.tokens, m.to)) break;
        a.codes.push({ ...slot, cue });
        break;
      case 'topic':
        addTo(a.topics, cue.topic, sentence);
        if (cue.topic === 'migration') a.topicSpans.push({ topic: cue.topic, from: m.from, to: m.to });
        break;
      case 'counter':
        if (!negatedAt(tz.tokens, negators, m.from) && !accusationWord(tz.tokens, m.from)) a.counter.add(sentence);
        break;
      case 'report':
        a.report.add(sentence);
        break;
      case 'meta':
        a.meta.add(sentence);
        break;
      case 'satire':
        satireMarker = true;
        break;
      case 'reclaim':
        a.reclaim = true;
        break;
      case 'insinuation':
        a.insinuations.push({ from: m.from, to: m.to });
        break;
      case 'quantifier':
        for (let k = m.from; k < m.to; k++) a.quantifiers.add(k);
        break;
      default:
        break;
    }
  }
  a.satire = selfid && satireMarker;
  a.agents.push(...findEchoes(tz));
  a.agents.push(...resolvePronouns(a.agents));
  dropCounterThatIsDenial(a);
  return a;
}

/** Words that are counter-speech elsewhere but the claim itself next to a Holocaust topic. */
const DENIAL_AS_COUNTER = new Set(['myth', 'myths', 'lie', 'lies', 'fake', 'fabricated', 'fabrication', 'invented', 'concocted']);

/** "the holocaust is a myth": a denial word next to a Holocaust topic is the claim, not counter-speech about it. */
function dropCounterThatIsDenial(a: Analysis): void {
  const denial = a.preds.get('denial');
  const holocaust = a.topics.get('holocaust');
  if (!denial || !holocaust) return;
  for (const p of denial) {
    if (!holocaust.has(p.sentence)) continue;
    const norms = a.tz.tokens.slice(p.from, p.to).map((t) => t.norm);
    if (norms.some((n) => DENIAL_AS_COUNTER.has(n))) a.counter.delete(p.sentence);
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addTo<K>(map: Map<K, Set<number>>, key: K, value: number): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
