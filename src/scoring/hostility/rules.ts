/**
 * The rules of the hostility reader, each a small named part that turns the comment's cues into hits: a hostile
 * predicate with the target it is about (target + hostility + stance), an insult word, a harm word with its wish or
 * intent, a slur, a negated positive ("X are never any good"), an epithet that refers back to a group ("those
 * animals"), and the denial of trans identity. A hit carries its value per attribute, its evidence (token ranges)
 * and a one-line explanation. `read.ts` runs the list; docs/scoring.md describes each rule.
 */
import type { Ctx, M } from '../lexicon/context.ts';
import type { Token } from '../text/tokenize.ts';
import { stanceOf, negatedAt, type Stance } from './stance.ts';
import { describeTarget, targetOf, type Target } from './targets.ts';
import type { Family } from './types.ts';
import { GROUP_NAMES } from './words.ts';

/** One hostile reading of a comment. */
export interface Hit {
  /** Token ranges `[from, to)` that show it. */
  spans: Array<[number, number]>;
  identity: number;
  insult: number;
  threat: number;
  /** Contribution to SEVERE_TOXICITY (killing threats with wish or intent). */
  severe: number;
  /** One line for the moderator, built only when asked (most hits never explain a score). */
  why: () => string;
}

/** What the rules read: the comment's context and its targets. */
export interface Reading {
  c: Ctx;
  targets: readonly Target[];
}

export interface Rule {
  name: string;
  read: (r: Reading) => Hit[];
}

/** The copula's subject is a thing named by a determiner and a noun that is no person ("this kettle is ..."). */
function thingSubject(c: Ctx, targets: readonly Target[], copula: M): boolean {
  const k = copula.from - 1;
  const det = c.tokens[k - 1];
  if (k < 1 || det === undefined || !THING_DETERMINERS.has(det.norm) || det.clause !== c.tok(k).clause) return false;
  return !targets.some((t) => t.from <= k && k < t.to) && !c.covers('personnoun', k) && !c.covers('person', k);
}

const THING_DETERMINERS = new Set(['this', 'that', 'the', 'my', 'your', 'our', 'his', 'her', 'their', 'its']);

/** Words before an insult noun that make it refer to a person ("some moron", "this idiot"). */
const REFERRING = new Set(['some', 'this', 'that', 'the', 'a', 'an', 'these', 'those']);

/** Words that may open an imperative before its verb ("just shoot them", "then hang them"). */
const IMPERATIVE_LEAD = new Set(['just', 'then', 'so', 'now', 'simply']);

/** Harm phrases at least this strong are threats without a wish or intent ("death to", "know where you live"). */
const SELF_CALLING = 0.9;

/** Harm words at least this strong ("shoot", "hang", "kill") make a modal ("should", "must") a wish. */
const STRONG_HARM = 0.55;
/** Words at most between a modal and its harm word ("should all be lined up and shot"). */
const MODAL_REACH = 4;
/** Share of a harm word's weight that counts without a wish or intent (a report or a description, not a call). */
const REPORTED_HARM = 0.35;
/** How much of a hostile value aimed at a group also counts as an insult, per family. */
const GROUP_INSULT: Record<Family, number> = { emotion: 0.6, attribute: 0.9, dehumanise: 0.95, harm: 0.3, exclude: 0.5, deny: 0.5, stereotype: 0.7, profane: 0.9 };
/** INSULT factor of an insulting family by target (the reader, a person, a non-protected group, a thing). */
const INSULT_AT = { you: 1.1, person: 0.85, others: 0.7, thing: 0.4, group: 0.9 } as const;
const INSULTING: ReadonlySet<Family> = new Set(['attribute', 'dehumanise', 'profane', 'stereotype']);

const WHAT: Record<Family, (target: string) => string> = {
  emotion: (t) => `Expresses hatred or disgust towards ${t}`,
  attribute: (t) => `Ascribes a negative trait to ${t}`,
  dehumanise: (t) => `Dehumanising comparison of ${t}`,
  harm: (t) => `Calls for violence against ${t}`,
  exclude: (t) => `Calls for excluding ${t}`,
  deny: (t) => `Denies the identity or rights of ${t}`,
  stereotype: (t) => `Derogatory stereotype about ${t}`,
  profane: (t) => `Profanity aimed at ${t}`,
};

function quoteTokens(c: Ctx, from: number, to: number): string {
  return `"${c.span(from, to).text}"`;
}

/** " (obfuscated)" when a repair pass rewrote a word of the evidence ("despies" read as "despise"). */
function obfuscation(c: Ctx, spans: ReadonlyArray<[number, number]>): string {
  for (const [from, to] of spans) for (let k = from; k < to; k++) if ((c.tok(k) as Token & { repair?: string }).repair) return ' (obfuscated spelling)';
  return '';
}

/** The stance, said when it lowers the value ("reported", "quoted", ...). */
function stanceNote(s: Stance): string {
  return s.factor < 1 ? ` (${s.name}, not asserted)` : '';
}

/** The explanation of a hit, built on first use and kept. */
function lazy(c: Ctx, what: string, pred: [number, number], spans: ReadonlyArray<[number, number]>, s: Stance): () => string {
  let text: string | undefined;
  return () => (text ??= because(c, what, pred, spans, s));
}

/** The explanation of a hit: what, about whom, the words, and how it was said. */
function because(c: Ctx, what: string, pred: [number, number], spans: ReadonlyArray<[number, number]>, s: Stance): string {
  return `${what}: ${quoteTokens(c, pred[0], pred[1])}${obfuscation(c, spans)}${stanceNote(s)}`;
}

function evidence(pred: M, target: Target | undefined): Array<[number, number]> {
  if (!target) return [[pred.from, pred.to]];
  const spans: Array<[number, number]> = [[target.from, target.to], [pred.from, pred.to]];
  return spans.sort((a, b) => a[0] - b[0]);
}

/** True when a match of `list` spans `m` ("stupid" is both an insult word and a hostile attribute). */
function coveredBy(list: readonly M[], m: M): boolean {
  return list.some((o) => o.from <= m.from && m.to <= o.to);
}

/** How much hostility at a target counts as an identity attack: a group's weight, or a person's named by their group. */
function identityWeight(target: Target | undefined): number {
  return target?.group !== undefined && (target.kind === 'group' || target.kind === 'person') ? target.gw : 0;
}

/** The group a hostile phrase names by itself. */
function impliedGroup(m: M): Target | undefined {
  return m.label.group ? { kind: 'group', from: m.from, to: m.to, group: m.label.group, gw: 0.9 } : undefined;
}

/** A hostile value aimed at `target`, split into the attributes it raises. */
function valueAt(family: Family, value: number, target: Target): Pick<Hit, 'identity' | 'insult' | 'threat'> {
  const threat = family === 'harm' ? value : 0;
  if (target.kind === 'group') return { identity: value * target.gw, insult: value * GROUP_INSULT[family], threat };
  const insult = INSULTING.has(family) ? Math.min(0.98, value * INSULT_AT[target.kind]) : family === 'emotion' && target.kind !== 'thing' ? value * 0.7 : 0;
  return { identity: value * identityWeight(target), insult, threat };
}

/** Hostile predicates of every family with the target on their side: "I can't stand X", "X are vermin", "deport X". */
const predicates: Rule = {
  name: 'hostile predicate',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    for (const m of c.of('hostile')) {
      const family = m.label.family as Family;
      const found = targetOf(c, targets, m, m.label.dir ?? 'either');
      // A phrase that names its group ("back to Africa") attacks it, whoever it is said to.
      const target = m.label.group && (!found || found.kind === 'you' || found.kind === 'person') ? impliedGroup(m) : found;
      // An insult word at a person or thing is the insult rule's; at a group, this rule's. Harm phrases of a group
      // ("gas the ...", "clean up the ...") mean nothing at anyone else.
      if (!target || (target.kind !== 'group' && c.of('insult').some((i) => i.label.needsYou !== true && i.from <= m.from && m.to <= i.to))) continue;
      if (family === 'harm' && target.kind !== 'group') continue;
      const s = stanceOf(c, m, target, targets);
      if (s.factor === 0) continue;
      const spans = evidence(m, target);
      out.push({ ...valueAt(family, m.label.w * s.factor, target), severe: 0, spans, why: lazy(c, WHAT[family](describeTarget(c, target)), [m.from, m.to], spans, s) });
    }
    return out;
  },
};

/**
 * Insult words ("idiot", "scum", "shut up"), weighted by their target: aimed at "you" ×1.1, at a group ×0.95 (and an
 * identity attack when the group is protected), at a person through a copula ×0.85, untargeted ×0.55, at a thing ×0.4.
 */
const insults: Rule = {
  name: 'insult word',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    for (const m of c.of('insult')) {
      if (negatedAt(c, m.from, targets)) continue;
      const you = c.before('you', m.from, m.to, 6) ?? c.after('you', m.to, 1);
      if (m.label.needsYou && !you) continue;
      const target = you ? undefined : targetOf(c, targets, m, 'attr');
      const copula = c.before('copula', m.from, m.to, 3);
      const person = c.before('person', m.from, m.to, 4);
      // An insult noun used to refer to someone ("some moron", "this idiot", "what a weirdo") is aimed at a person.
      const referring = REFERRING.has(c.tokens[m.from - 1]?.norm ?? '') || REFERRING.has(c.tokens[m.from - 2]?.norm ?? '');
      let factor = 0.55;
      if (you) factor = 1.1;
      else if (target?.kind === 'group' || target?.kind === 'others') factor = 0.95;
      else if (target?.kind === 'person') factor = 0.85;
      else if (target?.kind === 'thing' || (copula && thingSubject(c, targets, copula))) factor = 0.4;
      else if (copula || person || referring) factor = 0.85;
      if (target?.kind === 'group' && coveredBy(c.of('hostile'), m)) continue;
      const s = stanceOf(c, m, target, targets);
      const intens = c.before('intensifier', m.from, m.to, 1);
      const value = Math.min(0.98, (m.label.w * factor + (intens ? intens.label.w : 0)) * (s.name === 'quoted' ? 0.6 : s.factor));
      const spans: Array<[number, number]> = [];
      const aim = you ?? (target && target.kind !== 'thing' ? target : undefined);
      if (aim && !(aim.from >= m.from && aim.to <= m.to)) spans.push([aim.from, aim.to]);
      spans.push([intens ? intens.from : m.from, m.to]);
      const whom = you ? quoteTokens(c, you.from, you.to) : target && target.kind !== 'thing' ? describeTarget(c, target) : undefined;
      const identity = target?.kind === 'group' ? m.label.w * 0.9 * target.gw * s.factor : 0;
      const what = target?.kind === 'group' ? WHAT.attribute(whom as string) : whom ? `Insults ${whom}` : target?.kind === 'thing' ? `Negative word about ${describeTarget(c, target)}` : 'Insulting word';
      out.push({ identity, insult: value, threat: 0, severe: 0, spans, why: lazy(c, what, [m.from, m.to], spans, s) });
    }
    return out;
  },
};

/** Token `i` starts its clause (first token, or the one before it is in another clause). */
function opensClauseAt(c: Ctx, i: number): boolean {
  return i === 0 || c.tok(i - 1).clause !== c.tok(i).clause;
}

/** `tok` is past the end of `at`'s clause (or past the text). */
function clauseEnds(tok: Token | undefined, at: Token): boolean {
  return tok === undefined || tok.clause !== at.clause;
}

/** A past form ("bulldozed", "knocked"; not "bleed", "behead"). */
function pastTense(word: string): boolean {
  return word.length > 5 && word.endsWith('ed') && !word.endsWith('eed') && !word.endsWith('ead');
}

/** An -ing or -ed form ("killing eleven people", "were spat at and knocked down") reports or describes; it commands nothing. */
function participle(word: string): boolean {
  return (word.length > 5 && word.endsWith('ing')) || pastTense(word);
}

/**
 * What makes a harm word a call for harm: a wish earlier in its sentence ("hope", or a modal close before a strong
 * harm word), or intent ("I will", "gonna") or an imperative (a strong harm word opening its clause).
 */
function harmCues(c: Ctx, m: M): { wish: M | undefined; intent: M | undefined } {
  const sentence = c.tok(m.from).sentence;
  const wish = c.of('wish').find(
    (w) => c.tok(w.from).sentence === sentence && w.from <= m.from && (w.label.modal !== true || (m.label.w >= STRONG_HARM && m.from - w.to <= MODAL_REACH)),
  );
  // "Shoot them", "..., and shoot every one who tries it": a strong harm word opening its clause (after "and", "then", "just").
  const imperative = m.label.w >= STRONG_HARM && !participle(c.tok(m.from).norm) && (opensClauseAt(c, m.from) || (m.from > 0 && IMPERATIVE_LEAD.has(c.tok(m.from - 1).norm) && opensClauseAt(c, m.from - 1)) || (m.from > 0 && c.tok(m.from - 1).norm === 'and' && c.tok(m.from - 1).clause === c.tok(m.from).clause));
  const pledge = c.of('intent').find((i) => i.label.pledge === true && c.tok(i.from).sentence === sentence);
  const intent = c.before('intent', m.from, m.to, 6) ?? pledge ?? (imperative ? m : undefined);
  return { wish, intent };
}

/**
 * Harm words ("kill", "shoot", "civil war"): a threat with a wish or intent (+0.15 / +0.2, +0.1 aimed at "you"),
 * ×0.35 as a report or description; aimed at a group with a wish or intent they are an identity attack too ("kill all
 * the immigrants", "trans people should be shot"), a report of harm done to a group is not.
 */
const harms: Rule = {
  name: 'harm word',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    for (const m of c.of('harm')) {
      // Weight 0: a figurative use ("shoot for the stars") that replaced the harm word it contains; a harm word inside
      // counter-speech ("a call for murder") names what is denounced.
      if (m.label.w === 0 || negatedAt(c, m.from, targets) || coveredBy(c.of('counter'), m)) continue;
      if (m.label.needsPerson === true && !personObject(c, targets, m)) continue;
      const { wish, intent } = harmCues(c, m);
      const you = c.before('you', m.from, m.to, 8) ?? c.after('you', m.to, 3);
      // The strongest harm phrases are calls or threats by themselves ("death to", "put a bullet in").
      const called = wish !== undefined || intent !== undefined || (m.label.w >= SELF_CALLING && !pastTense(c.tok(m.from).norm));
      let value = m.label.w;
      if (wish) value += 0.15;
      if (intent) value += 0.2;
      if (!called) value *= REPORTED_HARM;
      else if (you) value += 0.1;
      const s = stanceOf(c, m, undefined, targets);
      // Harm to the speaker ("my mum will have me leaving in an ambulance") threatens no one.
      const self = SELF.has(c.tokens[m.from - 1]?.norm ?? '') || SELF.has(c.tokens[m.to]?.norm ?? '');
      value = Math.min(0.98, value * (s.name === 'quoted' ? 0.6 : s.factor) * (self ? REPORTED_HARM : 1));
      const spans: Array<[number, number]> = [];
      const cue = wish ?? intent;
      if (cue && cue.to <= m.from) spans.push([cue.from, cue.to]);
      spans.push([m.from, m.to]);
      // A threat with no one named after or before it aims at the group its sentence names ("If the gypsies camp here again, I'll start shooting").
      const found = targetOf(c, targets, m, 'either');
      const named = found && found.kind !== 'thing' && found.kind !== 'you' ? found : undefined;
      // "women like you": the group is the target even when "you" is there.
      const target = named ?? (you && !likeYou(c, targets, you) ? undefined : called ? groupInSentence(c, targets, m) : undefined);
      const group = identityWeight(target) > 0 && m.label.w >= STRONG_HARM ? target : undefined;
      const identity = group ? (called ? 0.9 : 0.8 * REPORTED_HARM) * group.gw * s.factor : 0;
      if (group) spans.push([group.from, group.to]);
      const whom = you ? quoteTokens(c, you.from, you.to) : target && target.kind !== 'thing' ? describeTarget(c, target) : undefined;
      const what = !called ? 'Mentions violence' : group ? WHAT.harm(whom as string) : whom ? `Threatens ${whom}` : 'Wishes or threatens violence';
      const severe = called && m.label.w >= 0.7 ? value * 0.8 : 0;
      out.push({ identity, insult: 0, threat: value, severe, spans: spans.sort((a, b) => a[0] - b[0]), why: lazy(c, what, [cue && cue.to <= m.from ? cue.from : m.from, m.to], spans, s) });
    }
    return out;
  },
};

/** Object pronouns after a harm verb that needs a person ("hang them", "hang 'em high", "go hang yourself"). */
const OBJECT_PRONOUNS = new Set(['them', 'him', 'her', 'you', 'em', "'em", 'ya', 'u', 'us', 'me', 'yourself', 'yourselves', 'himself', 'herself', 'themselves']);
/** Words that may stand between such a verb and the people it names ("hang every last one of the traitors"). */
const OBJECT_LEADS = new Set(['the', 'every', 'all', 'those', 'these', 'each', 'some', 'any', 'that', 'this', 'a', 'an', 'last', 'one', 'of', 'such', 'bloody', 'damn', 'fucking']);
/** Kinds of words that name people: an object of these makes the verb a threat ("hang every traitor", "hang all politicians"). */
const PEOPLE_WORDS = ['insult', 'slur', 'group', 'personnoun', 'others', 'profanity'] as const;

/** Subject pronouns of an intransitive harm verb ("they should hang", "he deserves to hang"). */
const SUBJECT_PRONOUNS = new Set(['they', 'he', 'she', 'you', 'we', 'i', 'them', 'him', 'her', 'all']);
/** Words right before an intransitive harm verb that make it a wish or a verdict ("should hang", "deserve to hang"). */
const VERB_LEADS = new Set(['should', 'must', 'will', 'shall', "'ll", 'gonna', 'to', 'can', 'may', 'let']);

/** Words after an intransitive harm verb that close its object-less use ("they will hang for this", "hang from a tree"). */
const VERB_ENDS = new Set(['for', 'from', 'at', 'by', 'till', 'until', 'like', 'tomorrow', 'today', 'soon', 'high', 'publicly']);

/** A word for a person or people at token `k`: a pronoun, a target that is no thing, or a word of PEOPLE_WORDS. */
function personAt(c: Ctx, targets: readonly Target[], k: number, pronouns: ReadonlySet<string>): boolean {
  if (pronouns.has(c.tok(k).norm)) return true;
  if (targets.some((x) => x.kind !== 'thing' && x.from <= k && k < x.to)) return true;
  return PEOPLE_WORDS.some((kind) => c.covers(kind, k));
}

/**
 * A person the harm verb `m` is done to: its object within five words in its clause ("hang them", "hang every last
 * one of the traitors"), or, with no object (the clause ends, or goes on with "for", "from", ...), its subject before a
 * modal ("traitors should hang", "he deserves to hang", "they will hang for this").
 */
function personObject(c: Ctx, targets: readonly Target[], m: M): boolean {
  const clause = c.tok(m.from).clause;
  for (let k = m.to; k < Math.min(c.tokens.length, m.to + 5) && c.tok(k).clause === clause; k++) {
    if (personAt(c, targets, k, OBJECT_PRONOUNS)) return true;
    if (OBJECT_LEADS.has(c.tok(k).norm)) continue;
    if (k > m.to || !VERB_ENDS.has(c.tok(k).norm)) return false;
    break;
  }
  if (m.from === 0 || !VERB_LEADS.has(c.tok(m.from - 1).norm)) return false;
  for (let j = m.from - 1; j >= 0 && c.tok(j).clause === clause; j--) if (personAt(c, targets, j, SUBJECT_PRONOUNS)) return true;
  return false;
}

/** The speaker as the object of harm. */
const SELF = new Set(['me', 'us']);

/** "X like you": a group named right before "like you", so the threat to "you" is a threat to the group. */
function likeYou(c: Ctx, targets: readonly Target[], you: M): boolean {
  return c.tokens[you.from - 1]?.norm === 'like' && targets.some((t) => t.kind === 'group' && t.to === you.from - 1);
}

/** The nearest group named in the sentence of `m`, by a target or by a group word in any use ("the Traveller site"). */
function groupInSentence(c: Ctx, targets: readonly Target[], m: M): Target | undefined {
  const sentence = c.tok(m.from).sentence;
  let best: Target | undefined;
  for (const t of targets) if (identityWeight(t) > 0 && c.tok(t.from).sentence === sentence && (!best || Math.abs(t.from - m.from) < Math.abs(best.from - m.from))) best = t;
  if (best) return best;
  const g = c.of('group').find((x) => x.label.group !== undefined && c.tok(x.from).sentence === sentence);
  return g?.label.group ? { kind: 'group', from: g.from, to: g.to, group: g.label.group, gw: (g.label.gw ?? 1) * 0.9 } : undefined;
}

/** A slur used to refer to people: an identity attack unless reclaimed in-group, mentioned or denounced. */
const slurs: Rule = {
  name: 'slur',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    for (const m of c.of('slur')) {
      const target = targets.find((t) => t.slur && t.from === m.from);
      if (!target || !m.label.group) continue;
      const s = stanceOf(c, m, target, targets, true);
      const value = m.label.w * s.factor;
      const spans: Array<[number, number]> = [[m.from, m.to]];
      const what = m.label.code ? `Coded attack on ${GROUP_NAMES[m.label.group]}` : `Slur for ${GROUP_NAMES[m.label.group]}`;
      out.push({ identity: value, insult: value * 0.9, threat: 0, severe: 0, spans, why: lazy(c, what, [m.from, m.to], spans, s) });
    }
    return out;
  },
};

/** A positive quality denied to a group: "X are never any good at anything", "X can't be trusted", "I'd never hire a X". */
const negatedPositives: Rule = {
  name: 'negated positive',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    for (const m of c.of('positive')) {
      // Inside a hostile phrase ("shouldn't be allowed") the phrase speaks; "don't matter less than" is no denial.
      if (coveredBy(c.of('hostile'), m) || !negatedAt(c, m.from, targets) || comparedAfter(c, m.to)) continue;
      // "X are not violent people": the negation denies the negative attribute before the positive word, not the word.
      const negator = negatorBefore(c, m.from);
      if (negator !== undefined && c.of('hostile').some((h) => h.from > negator && h.to <= m.from)) continue;
      const target = targetOf(c, targets, m, m.label.dir ?? 'before');
      if (!target || target.kind !== 'group') continue;
      const s = stanceOf(c, { ...m, label: { ...m.label, negative: true } }, target, targets);
      if (s.factor === 0) continue;
      const spans = evidence({ ...m, from: negator ?? m.from }, target);
      out.push({ identity: m.label.w * target.gw * s.factor, insult: m.label.w * 0.6 * s.factor, threat: 0, severe: 0, spans, why: lazy(c, `Denies ${describeTarget(c, target)} a positive quality`, [negator ?? m.from, m.to], spans, s) });
    }
    return out;
  },
};

const COMPARATIVES = new Set(['less', 'more', 'fewer', 'than']);
const DEGREE = new Set(['any', 'much', 'no', 'bit', 'little', 'a', 'one', 'even']);

/** "don't matter less than", "don't matter any less": a comparison right after the positive word, no denial. */
function comparedAfter(c: Ctx, to: number): boolean {
  for (let k = to; k < Math.min(c.tokens.length, to + 3); k++) {
    const w = c.tok(k).norm;
    if (COMPARATIVES.has(w)) return true;
    if (!DEGREE.has(w)) return false;
  }
  return false;
}

function negatorBefore(c: Ctx, from: number): number | undefined {
  for (let k = from - 1; k >= Math.max(0, from - 7); k--) if (c.negators.has(k)) return k;
  return undefined;
}

/** Demonstratives that make an epithet refer back to a group named before ("those animals", "these parasites"). */
const DEMONSTRATIVES = new Set(['these', 'those', 'such', 'them', 'that', 'this']);

/** An epithet that refers back to a group: "Immigrants keep coming. Those animals should be sent back." */
const epithets: Rule = {
  name: 'epithet for a group',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    const cues = [...c.of('hostile').filter((h) => h.label.family === 'dehumanise' || h.label.family === 'attribute'), ...c.of('insult')];
    const things = c.of('thing').filter((t) => c.tok(t.from).norm === 'thing');
    for (const m of [...cues, ...things.map((t) => ({ ...t, label: { kind: 'hostile' as const, w: 0.85, family: 'dehumanise' as const } }))]) {
      const before = c.tokens[m.from - 1];
      // "the apes" refers back like "those apes" when the noun dehumanises.
      const the = before?.norm === 'the' && m.label.family === 'dehumanise';
      if (!before || (!DEMONSTRATIVES.has(before.norm) && !the) || targets.some((t) => t.from <= m.from - 1 && m.from - 1 < t.to && t.kind !== 'thing')) continue;
      const ref = [...targets].reverse().find((t) => t.kind === 'group' && t.to <= m.from - 1 && c.tok(t.from).sentence >= c.tok(m.from).sentence - 3);
      if (!ref) continue;
      const s = stanceOf(c, m, ref, targets);
      if (s.factor === 0) continue;
      const value = m.label.w * ref.gw * s.factor;
      const spans: Array<[number, number]> = [[ref.from, ref.to], [m.from - 1, m.to]];
      out.push({ identity: value, insult: value * 0.9, threat: 0, severe: 0, spans, why: lazy(c, `${WHAT.dehumanise(describeTarget(c, ref))}`, [m.from - 1, m.to], spans, s) });
    }
    return out;
  },
};

const MALE = new Set(['men', 'man', 'male', 'males', 'dudes', 'dude', 'blokes', 'bloke', 'guys', 'guy', 'boys', 'boy']);
const FEMALE = new Set(['women', 'woman', 'female', 'females', 'girls', 'girl', 'ladies', 'lady']);

/** "Trans women are men", "trans women aren't women", "a trans man is just a girl": denial of trans identity. */
const transDenial: Rule = {
  name: 'denial of trans identity',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    for (const t of targets) {
      if (t.group !== 'trans' || t.to - t.from < 2) continue;
      const noun = c.tok(t.to - 1).norm;
      const own = FEMALE.has(noun) ? FEMALE : MALE.has(noun) ? MALE : undefined;
      if (!own) continue;
      const other = own === FEMALE ? MALE : FEMALE;
      for (let k = t.to; k < Math.min(c.tokens.length, t.to + 6); k++) {
        const tok = c.tok(k);
        if (tok.sentence !== c.tok(t.from).sentence) break;
        const negated = negatedAt(c, k, targets);
        if (!(other.has(tok.norm) && !negated) && !(own.has(tok.norm) && negated)) continue;
        const pred: M = { label: { kind: 'hostile', w: 0.85, family: 'deny', dir: 'before', negative: true }, from: k, to: k + 1 };
        const s = stanceOf(c, pred, t, targets);
        if (s.factor === 0) break;
        const spans: Array<[number, number]> = [[t.from, k + 1]];
        out.push({ identity: 0.85 * s.factor, insult: 0.4 * s.factor, threat: 0, severe: 0, spans, why: lazy(c, WHAT.deny(describeTarget(c, t)), [t.from, k + 1], spans, s) });
        break;
      }
    }
    return out;
  },
};

/** Words after a group that end an exclusion slogan's clause ("Jews out.", "immigrants out, all of them"). */
const SLOGAN_OUT = new Set(['out', 'go', 'home']);

/** Exclusion slogans: "X out!", "X go home", "No X in the military", "No travellers." */
const slogans: Rule = {
  name: 'exclusion slogan',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    for (const t of targets) {
      if (t.kind !== 'group' || t.ref) continue;
      const next = c.tokens[t.to];
      const afterNext = c.tokens[t.to + 1];
      const out1 = next !== undefined && SLOGAN_OUT.has(next.norm) && next.clause === c.tok(t.from).clause && clauseEnds(afterNext, next) && (next.norm !== 'go' || afterNext?.norm === 'home');
      const prev = c.tokens[t.from - 1];
      const opensClause = prev !== undefined && prev.norm === 'no' && (t.from - 1 === 0 || c.tok(t.from - 2).clause !== prev.clause);
      const noX = opensClause && (clauseEnds(next, c.tok(t.to - 1)) || ['in', 'on', 'at', 'allowed', 'welcome', 'wanted', 'here', 'near'].includes(next?.norm ?? ''));
      if (!out1 && !noX) continue;
      const pred: M = { label: { kind: 'hostile', w: 0.8, family: 'exclude', dir: 'before' }, from: noX ? t.from - 1 : t.to, to: noX ? t.to : t.to + 1 };
      const s = stanceOf(c, pred, t, targets);
      if (s.factor === 0) continue;
      const spans: Array<[number, number]> = [[Math.min(t.from, pred.from), Math.max(t.to, pred.to)]];
      out.push({ identity: 0.8 * t.gw * s.factor, insult: 0.4 * s.factor, threat: 0, severe: 0, spans, why: lazy(c, WHAT.exclude(describeTarget(c, t)), spans[0] as [number, number], spans, s) });
    }
    return out;
  },
};

/** "that trans thing", "this Muslim creature": a person of a group called a thing. */
const thingOfGroup: Rule = {
  name: 'a person of a group called a thing',
  read: ({ c, targets }) => {
    const out: Hit[] = [];
    for (const g of c.of('group')) {
      const det = c.tokens[g.from - 1]?.norm;
      const noun = c.tokens[g.to]?.norm;
      if (!g.label.group || (det !== 'that' && det !== 'this') || (noun !== 'thing' && noun !== 'creature')) continue;
      const t: Target = { kind: 'group', from: g.from, to: g.to + 1, group: g.label.group, gw: 0.9 };
      const pred: M = { label: { kind: 'hostile', w: 0.85, family: 'dehumanise', dir: 'before' }, from: g.to, to: g.to + 1 };
      const s = stanceOf(c, pred, t, targets);
      if (s.factor === 0) continue;
      const spans: Array<[number, number]> = [[g.from - 1, g.to + 1]];
      out.push({ identity: 0.85 * 0.9 * s.factor, insult: 0.8 * s.factor, threat: 0, severe: 0, spans, why: lazy(c, WHAT.dehumanise(describeTarget(c, t)), [g.from - 1, g.to + 1], spans, s) });
    }
    return out;
  },
};

/** The reader's rules, in the order their hits are listed (the order does not change the scores). */
export const RULES: readonly Rule[] = [predicates, insults, harms, slurs, negatedPositives, epithets, transDenial, slogans, thingOfGroup];
