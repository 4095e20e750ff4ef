/**
 * Targets of the hostility reader: who a hostile predicate can be about. A protected group (named by a plural noun,
 * an adjective with a person noun, a generic singular "a jew", a slur, or a pronoun or "these people" that refers back
 * to a group named earlier in the comment), the reader ("you", "you people"), a person ("he", "that woman", "the author"),
 * a group that is not protected (politicians, fans, racists), or a thing (an idea, a policy). And where a predicate
 * finds its target: on the side its entry says, in the same sentence and quotation, the nearest one that can be the
 * subject or object. Total: every function answers for any token list.
 */
import type { Ctx, M } from '../lexicon/context.ts';
import type { Dir, GroupId } from './types.ts';

export type TargetKind = 'group' | 'you' | 'person' | 'others' | 'thing';

export interface Target {
  kind: TargetKind;
  /** Token range `[from, to)` of the words that name it. */
  from: number;
  to: number;
  group?: GroupId;
  /** Weight as an identity target (nationalities and religions as ideas count less; a specific person half). */
  gw: number;
  /** A slur names it. */
  slur?: boolean;
  /** For a pronoun: the group or non-protected group it refers back to. */
  ref?: Target;
  /** One person named by the group ("a black lad", "the next Jew"). */
  singular?: boolean;
}

/** Words a subject may be separated from its predicate by ("Muslims are really all just ..."). */
const BRIDGE = new Set(
  (
    'is are was were be been being am should would could can will shall must might may do does did have has had ought to need needs ' +
    'all ever really even just truly actually basically literally always still simply mostly generally usually often never not also ' +
    'so very too such a an the nothing but like as more most quite rather pretty totally completely utterly absolutely fucking bloody ' +
    "seem seems seemed look looks looked sound sounds appear appears become became get gets got 're 's are't i think believe feel " +
    'honestly frankly clearly obviously definitely certainly probably truly every single one of them these those'
  ).split(' '),
);

/** Prepositions: a group right after one, behind another noun, is that noun's complement ("violence against women"). */
const PREPOSITIONS = new Set(['of', 'from', 'by', 'with', 'against', 'towards', 'toward', 'about', 'for', 'to', 'on', 'at', 'over', 'among', 'between', 'around']);
/** Words before a preposition that keep the group as the subject ("many of the migrants", "all of them"). */
const QUANTIFIERS = new Set(['all', 'many', 'most', 'some', 'each', 'any', 'none', 'few', 'lots', 'lot', 'majority', 'half', 'every', 'one', 'several', 'bunch', 'pack', 'load', 'loads', 'plenty']);
/** Relative pronouns: a group after one is inside a relative clause of another head ("people who hate Muslims"). */
const RELATIVES = new Set(['who', 'whom', 'which', 'that']);
/** Tokens after "the" + adjective that show the adjective is a noun ("the disabled are", "the Chinese can't"). */
const NOUN_FOLLOWERS = new Set([
  'are', 'were', 'is', 'was', 'have', 'has', 'had', 'should', 'must', 'will', 'would', 'can', 'could', 'do', 'does', 'did',
  "can't", 'cant', 'cannot', "don't", 'dont', "won't", 'never', 'always', 'all', 'just', 'who', 'that', 'and', 'or', 'get', 'got', 'need', 'deserve',
  "shouldn't", 'shouldnt', "mustn't", "wouldn't", "couldn't", "aren't", 'arent', "weren't", "isn't", "wasn't", "didn't", "doesn't", "haven't", "hasn't",
  'keep', 'really', 'only', 'still', 'also', 'too', 'here', 'there', 'in', 'from', 'at', 'on', 'with', 'like', 'which', 'themselves', 'belong', 'make', 'makes',
]);

/** Adds a target and claims its tokens (`taken`: 1 for a token that is part of a target or a pronoun phrase). */
function add(out: Target[], taken: Uint8Array, t: Target): void {
  out.push(t);
  taken.fill(1, t.from, t.to);
}

/** The reader's targets of one comment, in text order. */
export function findTargets(c: Ctx): Target[] {
  const out: Target[] = [];
  const taken = new Uint8Array(c.tokens.length);
  for (const m of c.of('slur')) if (m.label.w > 0 && m.label.group) add(out, taken, { kind: 'group', from: m.from, to: m.to, group: m.label.group, gw: 1, slur: true });
  for (const m of c.of('group')) {
    if (taken[m.from] === 1) continue;
    const t = groupTarget(c, m);
    if (t) add(out, taken, t);
  }
  // Pronoun phrases ("people like that", "the lot of them") are resolved below; their words are no other target.
  const pronounMatches = c.of('pronoun').filter((m) => taken[m.from] !== 1);
  for (const m of pronounMatches) taken.fill(1, m.from, m.to);
  for (const m of c.of('you')) if (taken[m.from] !== 1) add(out, taken, { kind: 'you', from: m.from, to: m.to, gw: 0 });
  for (const m of c.of('others')) if (taken[m.from] !== 1 && taken[m.to - 1] !== 1) add(out, taken, { kind: 'others', from: m.from, to: m.to, gw: 0 });
  for (const m of c.of('thing')) if (taken[m.from] !== 1 && !determinerUse(c, m)) add(out, taken, { kind: 'thing', from: m.from, to: m.to, gw: 0 });
  for (const n of c.of('personnoun')) {
    if (taken[n.from] !== 1 && determinerAt(c, n.from - 1)) add(out, taken, { kind: 'person', from: n.from, to: n.to, gw: 0 });
  }
  out.sort((x, y) => x.from - y.from);
  const refs: Target[] = [];
  for (const m of pronounMatches) {
    const ref = antecedent(c, out, m) ?? adjectivalAntecedent(c, m) ?? cataphor(c, out, m);
    if (!ref) continue;
    // "their parents", "their men": the group's own people.
    const noun = c.tok(m.from).norm === 'their' ? c.startsAt('personnoun', m.to) : undefined;
    refs.push({ kind: ref.kind, from: m.from, to: noun ? noun.to : m.to, group: ref.group, gw: ref.gw * (noun ? 0.9 : 1), ref });
    if (noun) for (let i = out.length - 1; i >= 0; i--) if ((out[i] as Target).from === noun.from) out.splice(i, 1);
  }
  for (const m of c.of('person')) {
    if (taken[m.from] === 1 || !PERSON_PRONOUNS.has(c.tok(m.from).norm)) continue;
    const ref = SINGULAR_PRONOUNS.has(c.tok(m.from).norm) ? personNamedByGroup(c, out, m) : undefined;
    refs.push(ref ? { kind: 'person', from: m.from, to: m.to, group: ref.group, gw: ref.gw, ref } : { kind: 'person', from: m.from, to: m.to, gw: 0 });
  }
  return [...out, ...refs].sort((x, y) => x.from - y.from || y.to - x.to);
}

/** Person words that are targets by themselves (pronouns); nouns such as "man" need a determiner ("this man"). */
const PERSON_PRONOUNS = new Set(['he', 'she', 'him', 'her', 'his', 'hers', 'himself', 'herself']);

/**
 * A pronoun's group named only by an adjective before it ("All this talk of Jewish rights. They're ..."), weighed
 * lower than a group named as people.
 */
function adjectivalAntecedent(c: Ctx, m: M): Target | undefined {
  const sentence = c.tok(m.from).sentence;
  let best: M | undefined;
  for (const g of c.of('group')) {
    if (g.to > m.from) break;
    if (g.label.group && c.tok(g.from).sentence >= sentence - 2 && c.tok(g.from).sentence < sentence) best = g;
  }
  if (!best?.label.group) return undefined;
  return { kind: 'group', from: best.from, to: best.to, group: best.label.group, gw: (best.label.gw ?? 1) * 0.8 };
}

/** A group named after the pronoun in its sentence ("They pour over like rats, these Mexicans"). */
function cataphor(c: Ctx, targets: readonly Target[], m: M): Target | undefined {
  const sentence = c.tok(m.from).sentence;
  return targets.find((t) => t.kind === 'group' && t.from >= m.to && c.tok(t.from).sentence === sentence);
}

/** A group word as a target, or null when it only modifies a thing ("Jewish food") or describes ("he is Jewish"). */
function groupTarget(c: Ctx, m: M): Target | null {
  const group = m.label.group;
  if (!group) return null;
  const gw = m.label.gw ?? 1;
  const base: Target = { kind: 'group', from: m.from, to: m.to, group, gw };
  const det = determinerBefore(c, m.from);
  const noun = personNounAfter(c, m.to);
  if (noun) {
    const nounWord = c.tok(noun.from).norm;
    const singular = (!nounWord.endsWith('s') || nounWord.endsWith('ss')) && !PLURAL_PERSON_NOUNS.has(nounWord);
    // "a black lad" names one person by the group (he may be hated for it); "that black guy" is one person.
    if (singular && det?.generic === false && c.tok(det.from).norm !== 'the') return { ...base, kind: 'person', from: m.from, to: noun.to, gw: gw * 0.5 };
    return { ...base, from: m.from, to: noun.to, ...(singular ? { gw: gw * 0.75, singular: true } : {}) };
  }
  // A group adjective before an insult or a dehumanising noun is the group it insults ("black bastards", "muslim pigs").
  if (m.label.form !== 'noun' && epithetAt(c, m.to)) return { ...base, from: m.from, to: m.to };
  if (m.label.form === 'noun') return modifierUse(c, m) ? null : { ...base, from: m.from, to: m.to };
  if (m.label.form === 'sing') {
    if (!det) return null;
    return det.generic === false && c.tok(det.from).norm !== 'the' ? { ...base, kind: 'person', from: m.from, to: m.to, gw: gw * 0.5 } : { ...base, from: m.from, to: m.to, singular: true };
  }
  // "being gay is ...", "no such thing as trans": the group as such.
  if (['being', 'as'].includes(c.tokens[m.from - 1]?.norm ?? '') && m.label.form === 'adj') return { ...base, from: m.from, to: m.to };
  // An adjective as a noun: "the disabled are ...", "the Chinese can't ...".
  const next = c.tokens[m.to];
  const asNoun = det && c.tok(det.from).norm === 'the' && (next === undefined || next.clause !== c.tok(m.from).clause || NOUN_FOLLOWERS.has(next.norm));
  return asNoun ? { ...base, from: m.from, to: m.to } : null;
}

/** Plural person nouns that do not end in s. */
const PLURAL_PERSON_NOUNS = new Set(['people', 'men', 'women', 'children', 'folk', 'kind', 'youth']);
/** Pronouns for one person that can stand for someone named by their group earlier ("a black lad ... he makes me sick"). */
const SINGULAR_PRONOUNS = new Set(['he', 'him', 'his', 'she', 'her']);

/** An insult word or a dehumanising or attributive noun starts at token `i`. */
function epithetAt(c: Ctx, i: number): boolean {
  if (c.startsAt('insult', i)) return true;
  const h = c.startsAt('hostile', i);
  return h !== undefined && (h.label.family === 'dehumanise' || h.label.family === 'attribute') && !ADJECTIVE_LIKE.test(c.tok(i).norm);
}
/** Attribute words that are adjectives, not nouns (an adjective after a group word does not make it a target). */
const ADJECTIVE_LIKE = /(ous|ful|ive|ic|al|able|ible|ish|less|ed|ing|y|est|er)$/;

/**
 * A noun form that is also an adjective ("Chinese", "French") followed by another content word in its clause is a
 * modifier ("Chinese state firms"), not the group.
 */
function modifierUse(c: Ctx, m: M): boolean {
  const next = c.tokens[m.to];
  if (!next || next.clause !== c.tok(m.from).clause || next.symbol) return false;
  if (!AMBIGUOUS_NOUNS.has(c.tok(m.to - 1).norm) || c.tokens[m.from - 1]?.norm === 'the') return false;
  return MODIFIED_NOUNS.has(next.lemma) || (!NOUN_FOLLOWERS.has(next.norm) && !next.norm.endsWith('ing'));
}

/** Group nouns spelt like their adjective. */
const AMBIGUOUS_NOUNS = new Set(['chinese', 'japanese', 'vietnamese', 'french', 'irish', 'english', 'roma', 'romani']);

/** Things a nationality adjective usually modifies ("Chinese state firms", "French wine"). */
const MODIFIED_NOUNS = new Set(
  (
    'government state regime official authority military army navy embassy company firm product good food cuisine restaurant takeaway language ' +
    'culture history economy market medium press president leader party communist team border student tourist investor hacker spy ambassador ' +
    'minister ministry police court law policy new year wine cheese revolution version style design tech technology app manufacturing factory ' +
    'bank stock share surveillance drone missile satellite navy film movie tv television news newspaper website national flag passport citizen'
  ).split(' '),
);


/** "this" or "that" as a determiner ("this country") or a conjunction ("is it that ..."), not a thing of its own. */
function determinerUse(c: Ctx, m: M): boolean {
  const word = c.tok(m.from).norm;
  if (word !== 'this' && word !== 'that') return false;
  const next = c.tokens[m.to];
  return next !== undefined && next.clause === c.tok(m.from).clause && !next.symbol && !NOUN_FOLLOWERS.has(next.norm);
}

/** A person named by their group before a "he" or "she": "There's a black lad in my class. He makes me sick." */
function personNamedByGroup(c: Ctx, targets: readonly Target[], m: M): Target | undefined {
  const sentence = c.tok(m.from).sentence;
  let best: Target | undefined;
  for (const t of targets) {
    if (t.to > m.from) break;
    const oneOf = c.tokens[t.from - 2]?.norm === 'of' || c.tokens[t.from - 1]?.norm === 'of';
    if (t.kind === 'group' && (t.singular || oneOf) && c.tok(t.from).sentence >= sentence - 2) best = t;
  }
  return best;
}

/** Determiners, and whether each makes a singular group word generic ("a", "every", "no") rather than specific ("that"). */
const DETERMINERS: ReadonlyMap<string, boolean> = new Map([
  ...'a an every any no each another all most many these those such some one single'.split(' ').map((w) => [w, true] as const),
  ...'the this that my our your his her their'.split(' ').map((w) => [w, false] as const),
]);

/** A determiner at token `k`. */
interface Determiner {
  from: number;
  generic: boolean;
}

function determinerAt(c: Ctx, k: number): Determiner | undefined {
  const t = c.tokens[k];
  const generic = t && !t.symbol ? DETERMINERS.get(t.norm) : undefined;
  return generic === undefined ? undefined : { from: k, generic };
}

/** A determiner right before token `i`, or two tokens before across one adjective ("a filthy jew"). */
function determinerBefore(c: Ctx, i: number): Determiner | undefined {
  const right = determinerAt(c, i - 1);
  if (right) return right;
  return i > 1 && c.tok(i - 1).clause === c.tok(i).clause ? determinerAt(c, i - 2) : undefined;
}

/** A person noun starting at token `i`, possibly after other group adjectives ("black trans women"). */
function personNounAfter(c: Ctx, i: number): M | undefined {
  let k = i;
  while (c.startsAt('group', k)?.label.form === 'adj') k++;
  const noun = c.startsAt('personnoun', k);
  return noun && c.tok(noun.from).clause === c.tok(i - 1).clause ? noun : undefined;
}

/** The group (or non-protected group) a pronoun refers back to: the nearest one before it, up to three sentences back. */
function antecedent(c: Ctx, targets: readonly Target[], m: M): Target | undefined {
  const sentence = c.tok(m.from).sentence;
  let best: Target | undefined;
  for (const t of targets) {
    if (t.to > m.from) break;
    if ((t.kind !== 'group' && t.kind !== 'others') || c.tok(t.from).sentence < sentence - 3) continue;
    if (t.kind === 'group' && t.gw < 0.75 && t.group !== 'nationality') continue;
    best = t;
  }
  return best;
}

/** True when `t` is the complement of another noun ("violence against women", "the treatment of migrants"). */
function complementOfNoun(c: Ctx, t: Target): boolean {
  let k = t.from - 1;
  while (k >= 0 && determinerAt(c, k)) k--;
  const prep = c.tokens[k];
  if (!prep || !PREPOSITIONS.has(prep.norm)) return false;
  const head = c.tokens[k - 1];
  return head !== undefined && head.clause === prep.clause && !QUANTIFIERS.has(head.norm) && !BRIDGE.has(head.norm);
}

const FREE_RELATIVES = new Set(['what', 'whatever', 'whoever']);

/** Words that link a noun predicate to its subject ("X are vermin", "X, like rats", "X as animals"). */
const LINKS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'like', 'as', 'than', 'become', 'became', 'remain', 'remains', 'seem', 'seems', 'called', 'call']);
const LINKS_OF_COMPARISON = new Set(['like', 'as', 'than']);

/** A noun predicate is linked to a subject before it: a link word between them, a contracted copula, or adjacency ("immigrant scum"). */
function linked(c: Ctx, t: Target, pred: M): boolean {
  if (t.to === pred.from) return true;
  const last = c.tok(t.to - 1).norm;
  let link = /(?:'re|’re|re)$/.test(last) && (last.startsWith('they') || last.startsWith('you') || last.startsWith('we'));
  for (let k = t.to; k < pred.from; k++) {
    const tok = c.tok(k);
    if (LINKS.has(tok.norm) || /(?:'s|’s)$/.test(tok.norm)) link = true;
    // Only bridge words, quantity words and other epithets between ("are a bunch of filthy rats"), no other verb ("be running cattle").
    else if (!BRIDGE.has(tok.norm) && !NOUN_BRIDGE.has(tok.norm) && !c.covers('hostile', k) && !c.covers('insult', k) && !c.negators.has(k)) return false;
  }
  return link;
}

/** Words a noun predicate may sit behind ("a bunch of", "the same kind of"). */
const NOUN_BRIDGE = new Set([
  'bunch', 'pack', 'load', 'herd', 'lot', 'of', 'kind', 'sort', 'type', 'same', 'real', 'proper', 'bloody', 'absolute', 'total', 'complete', 'utter',
  'no', 'better', 'worse', 'little', 'big', 'dirty', 'filthy', 'stinking', 'walking', 'living', 'breathing', 'human', 'modern', 'actual', 'literal',
  'single', 'biggest', 'greatest', 'worst', 'main', 'only',
]);

/** A target inside a prepositional phrase after another target of its clause ("every Jew [in this country]"). */
function objectOfPreposition(c: Ctx, t: Target, targets: readonly Target[]): boolean {
  let k = t.from - 1;
  while (k >= 0 && determinerAt(c, k)) k--;
  const prep = c.tokens[k];
  if (!prep || !(PREPOSITIONS.has(prep.norm) || prep.norm === 'in' || prep.norm === 'into' || prep.norm === 'near')) return false;
  return targets.some((o) => o !== t && o.to <= k && c.tok(o.from).clause === prep.clause);
}

/** Copulas: a target right after one is a predicate noun ("X are criminals and should ..."), not a subject. */
const COPULAS = new Set(['is', 'are', 'was', 'were', 'be', 'being', 'been', "'re", "they're", "theyre"]);

/** True when `t` follows a copula (across determiners and adjectives) after a subject, so it is what the subject is said to be. */
function predicateNominal(c: Ctx, t: Target): boolean {
  let k = t.from - 1;
  while (k >= 0 && (determinerAt(c, k) || c.startsAt('hostile', k) || c.startsAt('insult', k))) k--;
  const prev = c.tokens[k];
  if (prev === undefined || prev.clause !== c.tok(t.from).clause || !COPULAS.has(prev.norm) || t.kind === 'group') return false;
  // A question puts the copula first ("why is your religion ..."): then what follows it is the subject.
  for (let j = k - 1; j >= 0 && c.tok(j).clause === prev.clause; j--) if (WH_WORDS.has(c.tok(j).norm)) return false;
  return k > 0 && c.tok(k - 1).clause === prev.clause;
}

const WH_WORDS = new Set(['why', 'how', 'what', 'when', 'where', 'who', 'which']);

/** The clause of token `i` opens with a relative pronoun. */
function opensWithRelative(c: Ctx, i: number): boolean {
  let start = i;
  while (start > 0 && c.tok(start - 1).clause === c.tok(i).clause) start--;
  return RELATIVES.has(c.tok(start).norm) || c.tok(start).norm === 'whose';
}

/** True when `t` sits inside a relative clause of another head ("people who hate Muslims"). */
function inRelativeClause(c: Ctx, t: Target, pred: M): boolean {
  for (let k = t.from - 1; k >= Math.max(0, t.from - 4); k--) {
    const tok = c.tok(k);
    if (tok.clause !== c.tok(t.from).clause) return false;
    if (RELATIVES.has(tok.norm)) {
      const head = c.tokens[k - 1];
      if (head === undefined || head.clause !== tok.clause || BRIDGE.has(head.norm) || pred.from <= t.to) return false;
      // "who" always opens a relative clause; "that" and "which" only after a noun ("people that ..."), not after a verb ("felt that ...").
      return tok.norm === 'who' || tok.norm === 'whom' || c.endsAt('others', k) !== undefined || c.endsAt('personnoun', k) !== undefined || c.endsAt('group', k) !== undefined;
    }
  }
  return false;
}

function sameUnit(c: Ctx, a: number, b: number): boolean {
  const x = c.tok(a);
  const y = c.tok(b);
  return x.sentence === y.sentence && x.quoted === y.quoted;
}

/** Only bridge words between `from` and `to` (so the target before can be the predicate's subject). */
function bridged(c: Ctx, from: number, to: number, targets: readonly Target[]): boolean {
  for (let k = from; k < to; k++) {
    const t = c.tok(k);
    if (BRIDGE.has(t.norm) || c.negators.has(k) || targets.some((x) => x.from <= k && k < x.to)) continue;
    return false;
  }
  return true;
}

/** The subject before a predicate: in its clause, or in an earlier one when the predicate's clause has no subject of its own. */
function subjectBefore(c: Ctx, targets: readonly Target[], pred: M, window: number): Target | undefined {
  const clause = c.tok(pred.from).clause;
  let clauseStart = pred.from;
  while (clauseStart > 0 && c.tok(clauseStart - 1).clause === clause) clauseStart--;
  const ownSubject = !bridged(c, clauseStart, pred.from, targets);
  for (let i = targets.length - 1; i >= 0; i--) {
    const t = targets[i] as Target;
    if (t.to > pred.from) continue;
    if (pred.from - t.to > window || !sameUnit(c, t.from, pred.from)) break;
    if (c.tok(t.from).clause !== clause && (ownSubject || t.to < clauseStart - 8)) break;
    // A parenthetical relative clause (", which treats gay people as sick,") holds no subject of the main clause.
    if (c.tok(t.from).clause !== clause && opensWithRelative(c, t.from)) continue;
    // "What you're suggesting is dangerous": a free relative clause is a thing, not its pronoun.
    if (FREE_RELATIVES.has(c.tokens[t.from - 1]?.norm ?? '')) continue;
    const comparison = LINKS_OF_COMPARISON.has(c.tokens[pred.from - 1]?.norm ?? '');
    if ((!comparison && complementOfNoun(c, t)) || inRelativeClause(c, t, pred) || predicateNominal(c, t) || (t.kind !== 'group' && objectOfPreposition(c, t, targets))) continue;
    if (pred.label.noun && !linked(c, t, pred)) continue;
    return t;
  }
  return undefined;
}

/** The object after a predicate, in its clause. */
function objectAfter(c: Ctx, targets: readonly Target[], pred: M, window: number): Target | undefined {
  const clause = c.tok(pred.to - 1).clause;
  for (const t of targets) {
    // Inside a predicate with a gap ("keep [trans people] out"), or after it.
    if (t.from > pred.from && t.to <= pred.to && pred.to - pred.from > 2 && (t.kind === 'group' || t.ref !== undefined)) return t;
    if (t.from < pred.to) continue;
    if (t.from - pred.to > window || c.tok(t.from).clause !== clause || !sameUnit(c, t.from, pred.to - 1)) return undefined;
    return t;
  }
  return undefined;
}

/** Where a predicate's target sits, by its entry's side; the nearer one when both sides are allowed. */
export function targetOf(c: Ctx, targets: readonly Target[], pred: M, dir: Dir): Target | undefined {
  switch (dir) {
    case 'before':
      return subjectBefore(c, targets, pred, 7) ?? elidedSubject(c, targets, pred);
    case 'after':
      // Feelings reach further ("I can't bear being in the same room as them"); profanity only what it swears at ("fucking X", "fuck all the X").
      return objectAfter(c, targets, pred, pred.label.family === 'emotion' ? 8 : pred.label.family === 'profane' ? 2 : 5);
    case 'attr': {
      // A noun does not modify what follows it ("savages and that's why ..."); an adjective may ("filthy immigrants").
      const after = pred.label.noun ? undefined : objectAfter(c, targets, pred, 2);
      // "X are the filthiest people": the people after the copula are X; "Disgusting people." after a sentence about X is X too.
      if (after && bridgedAttributive(c, pred.to, after.from) && !(after.kind === 'others' && predicateNominal(c, after))) return after.kind === 'others' ? (elidedSubject(c, targets, pred) ?? after) : after;
      return subjectBefore(c, targets, pred, 7) ?? appositionAfter(c, targets, pred) ?? elidedSubject(c, targets, pred);
    }
    case 'near':
      return nearGroup(c, targets, pred);
    case 'either': {
      const after = objectAfter(c, targets, pred, 4);
      const before = subjectBefore(c, targets, pred, 7);
      if (after && before) return after.from - pred.to <= pred.from - before.to ? after : before;
      return after ?? before;
    }
  }
}

/**
 * A sentence that opens with its predicate has no subject of its own ("Got an Arab cabbie. Smelled like a camel."): the
 * group or person named by the sentence before is its subject.
 */
function elidedSubject(c: Ctx, targets: readonly Target[], pred: M): Target | undefined {
  const sentence = c.tok(pred.from).sentence;
  for (let k = pred.from - 1; k >= 0 && c.tok(k).sentence === sentence; k--) if (!SENTENCE_OPENERS.has(c.tok(k).norm)) return undefined;
  let best: Target | undefined;
  for (const t of targets) if (c.tok(t.from).sentence === sentence - 1 && t.group !== undefined) best = t;
  return best;
}

/** Words a subjectless sentence may open with before its predicate ("And smelled like ...", "Should be kept ..."). */
const SENTENCE_OPENERS = new Set(['and', 'but', 'so', 'also', 'then', 'just', 'still', 'really', 'honestly', 'frankly', 'probably', 'obviously', 'clearly', 'always', 'never', 'should', 'would', 'could', 'must', 'be', 'all']);

/** Epithets before an apposition that names their target ("Thieving, lying scum, the lot of them"). */
function appositionAfter(c: Ctx, targets: readonly Target[], pred: M): Target | undefined {
  const sentence = c.tok(pred.from).sentence;
  return targets.find((t) => t.ref !== undefined && t.from >= pred.to && c.tok(t.from).sentence === sentence && c.tok(t.from).clause !== c.tok(pred.from).clause);
}

/** A group named in the predicate's sentence or the one before or after, by a target or by a group word in any use. */
function nearGroup(c: Ctx, targets: readonly Target[], pred: M): Target | undefined {
  const sentence = c.tok(pred.from).sentence;
  const near = (i: number): boolean => Math.abs(c.tok(i).sentence - sentence) <= 1 && c.tok(i).quoted === c.tok(pred.from).quoted;
  const t = targets.find((x) => x.kind === 'group' && near(x.from));
  if (t) return t;
  const g = c.of('group').find((x) => x.label.group !== undefined && near(x.from));
  return g?.label.group ? { kind: 'group', from: g.from, to: g.to, group: g.label.group, gw: (g.label.gw ?? 1) * 0.9 } : undefined;
}

/** Between an attributive adjective and its noun only adjectives, intensifiers or "and" ("filthy, lazy immigrants"). */
function bridgedAttributive(c: Ctx, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const n = c.tok(k).norm;
    if (n === 'and' || n === 'fucking' || n === 'bloody' || c.startsAt('hostile', k) || c.startsAt('insult', k)) continue;
    return false;
  }
  return true;
}

/** How the reader names a target in an explanation: the words, and the group a pronoun stands for. */
export function describeTarget(c: Ctx, t: Target): string {
  const words = `"${c.span(t.from, t.to).text}"`;
  return t.ref ? `${words} (= "${c.span(t.ref.from, t.ref.to).text}")` : words;
}
