/**
 * Stance of a hostile reading: is it asserted by the commenter, or negated ("I don't hate them", "No Muslim deserves
 * that"), denounced as counter-speech ("Calling immigrants animals is vile"), reported ("he shouted that ..."),
 * described of others ("people who hate Muslims"), quoted, or a reclaimed in-group use of a slur? Question and
 * opinion framing ("Why are X so ...?", "I think X are ...") do not excuse, so they are not stances here. Each
 * stance is a small named check; `stanceOf` returns the first that applies, with the factor it leaves of the score.
 */
import type { Ctx, M } from '../lexicon/context.ts';
import type { Target } from './targets.ts';

export type StanceName = 'asserted' | 'negated' | 'countered' | 'reported' | 'described' | 'quoted' | 'reclaimed';

export interface Stance {
  name: StanceName;
  /** Share of the hostile value that stands. */
  factor: number;
}

const ASSERTED: Stance = { name: 'asserted', factor: 1 };

/** Words a negator may reach across to the predicate it negates ("no one should ever be", "I don't think they are"). */
const NEGATION_BRIDGE = new Set(
  (
    'is are was were be been being am should would could can will shall must might may do does did have has had ought to need needs deserve deserves ' +
    'all ever really even just truly actually necessarily always any at every single a an the so very too that this these those one ' +
    'think believe feel say claim agree suppose reckon mean want wish hope like of done made had ever going gonna ' +
    'who was were met seen known found once single in on at around across our world country town city here there today now true case ' +
    "i i'd id would you'd shred ounce scrap bit iota able left allowed made for even"
  ).split(' '),
);
/** Words that end a negation's reach. */
const NEGATION_STOP = new Set(['but', 'because', 'why', 'how', 'if', 'when', 'whether', 'though', 'although', 'unless', 'except']);

/** A negator reaching the predicate at `from`: up to six tokens back in its clause, across bridge words and targets. */
export function negatedAt(c: Ctx, from: number, targets: readonly Target[]): boolean {
  if (c.negators.size === 0) return false;
  const clause = c.tok(from).clause;
  let steps = 0;
  for (let k = from - 1; k >= 0 && steps < 6; k--) {
    const t = c.tok(k);
    if (t.clause !== clause || NEGATION_STOP.has(t.norm)) return false;
    if (c.negators.has(k)) return c.tokens[k + 1]?.norm !== 'only';
    // Targets and other hostile words between ("I don't think they are lazy, stupid idiots") do not end the reach.
    const inTarget = c.covers('hostile', k) || c.covers('insult', k) || inSomeTarget(targets, k);
    if (!inTarget && !NEGATION_BRIDGE.has(t.norm)) return false;
    if (!inTarget) steps++;
  }
  return false;
}

/** Token `k` lies in one of `targets` (a loop, not a closure made per token: this runs for every token the model damps). */
function inSomeTarget(targets: readonly Target[], k: number): boolean {
  for (const x of targets) if (x.from <= k && k < x.to) return true;
  return false;
}

/** A gapped modal call with a negator in its gap ("should not be banned", "should never be deported"). */
function negatedInGap(c: Ctx, pred: M): boolean {
  if (pred.label.gapNegates !== true) return false;
  for (let k = pred.from + 1; k < pred.to - 1; k++) if (c.negators.has(k)) return true;
  return false;
}

/** Words that label hate as hate; as counter-speech unless disclaimed ("I'm not racist but ..."). */
const HATE_LABELS = new Set(
  (
    'racist racism bigot bigots bigoted bigotry hateful hate-speech islamophobia islamophobic islamophobe antisemitism antisemitic antisemite ' +
    'homophobia homophobic homophobe transphobia transphobic transphobe xenophobia xenophobic sexism sexist misogyny misogynist misogynistic ' +
    'dehumanising dehumanizing dehumanise dehumanize prejudice prejudiced discrimination discriminatory intolerance intolerant'
  ).split(' '),
);
/** Disclaimers that turn a hate label into an excuse ("not racist but", "call me racist"). */
const DISCLAIMERS = new Set(['not', 'no', "i'm", 'im', 'me', 'call', 'called', 'calling', 'being', 'labelled', 'labeled', 'branded']);

/** The tokens of a comment that are hate labels (usually none), found once per comment. */
function hateLabels(c: Ctx): readonly number[] {
  return c.memo('hate labels', () => {
    const out: number[] = [];
    for (let k = 0; k < c.tokens.length; k++) if (HATE_LABELS.has(c.tok(k).norm)) out.push(k);
    return out;
  });
}

/** A hate label in the sentence that is not a disclaimer, outside the hostile words themselves. */
function labelledAsHate(c: Ctx, pred: M): boolean {
  const sentence = c.tok(pred.from).sentence;
  for (const k of hateLabels(c)) {
    const t = c.tok(k);
    if (t.sentence !== sentence || (k >= pred.from && k < pred.to)) continue;
    const before = [c.tokens[k - 1]?.norm, c.tokens[k - 2]?.norm, c.tokens[k - 3]?.norm];
    if (before.some((w) => w !== undefined && DISCLAIMERS.has(w))) continue;
    // "islamophobia isn't real", "so-called racism": the label itself is denied.
    if (c.negators.has(k + 1) || c.negators.has(k + 2) || before[0] === 'called' || before[0] === 'alleged') continue;
    return true;
  }
  return false;
}

/**
 * Reported speech: a reporting verb before the predicate in its sentence, or in a closing clause after it ("..., the
 * report confirms"), whose speaker is not the commenter.
 */
function reported(c: Ctx, pred: M): boolean {
  const sentence = c.tok(pred.from).sentence;
  for (const r of c.of('report')) {
    if (c.tok(r.from).sentence !== sentence) continue;
    if (r.to > pred.from) {
      // '"X are vermin" was painted on the wall': a quotation reported after it.
      if (r.from >= pred.to && c.tok(pred.from).quoted && !c.tok(r.from).quoted) return true;
      if (r.from >= pred.to && c.tok(r.from).clause !== c.tok(pred.to - 1).clause && closingClause(c, r)) return true;
      continue;
    }
    // "What the law says, X ..." reports nothing about X: the report and the claim share a clause ("he said X ...").
    if (c.tok(r.from).clause !== c.tok(pred.from).clause) continue;
    const before = c.tokens[r.from - 1];
    const speaker = before?.norm;
    // The commenter's own words ("I said ...") and imperatives ("Call them what they are: ...") report nothing.
    if (speaker === 'i' || speaker === 'we' || before === undefined || before.clause !== c.tok(r.from).clause) continue;
    let crossed = false;
    for (let k = r.to; k < pred.from; k++) if (c.tok(k).norm === 'but') crossed = true;
    if (!crossed) return true;
  }
  return false;
}

/** Words that open a source named after its verb ("..., says the minister"). */
const INVERTED_SOURCE = new Set(['the', 'a', 'an', 'police', 'officials', 'sources', 'his', 'her', 'their', 'ministers', 'critics']);
/** Speakers whose saying reports nobody's claim: the commenter ("there, I said it"), no one ("nobody says it"), everyone. */
const NO_SOURCE = new Set(['i', 'we', 'you', 'nobody', 'noone', 'one', 'everyone', 'everybody', 'anyone', 'anybody', 'ever', 'never', 'for']);

/**
 * The reporting verb's clause closes its sentence and names a source ("..., police said.", "..., the report
 * confirms"): not a gerund ("sorry for saying it", "shouting at nobody"), not the commenter, no one or everyone, and
 * not "tells you" (a figure of speech).
 */
function closingClause(c: Ctx, r: M): boolean {
  const sentence = c.tok(r.from).sentence;
  const clause = c.tok(r.from).clause;
  if (r.to - r.from === 1 && c.tok(r.from).norm.endsWith('ing')) return false;
  // An inverted source ("..., says the minister, while ...") may be followed by more of the sentence.
  if (INVERTED_SOURCE.has(c.tokens[r.to]?.norm ?? '') && c.tok(r.to).clause === clause) return true;
  for (let k = r.to; k < c.tokens.length && c.tok(k).sentence === sentence; k++) if (c.tok(k).clause !== clause) return false;
  if (NO_SOURCE.has(c.tokens[r.from - 1]?.norm ?? '') || c.tokens[r.to]?.norm === 'you') return false;
  return true;
}

/** The predicate describes others: inside a relative clause of a people head ("people who hate Muslims", "those who ..."). */
function described(c: Ctx, pred: M, targets: readonly Target[]): boolean {
  // A clause of its own that opens with a relative pronoun, about a head that is no group ("therapy, which treats them as sick,").
  let start = pred.from;
  while (start > 0 && c.tok(start - 1).clause === c.tok(pred.from).clause) start--;
  if (start > 0 && RELATIVE_OPENERS.has(c.tok(start).norm) && !targets.some((t) => t.kind === 'group' && t.to === start)) return true;
  // "Whoever reckons X are ... should meet my grandad": the view of a free relative is described, not held.
  if (c.tok(start).norm === 'whoever' && HOLDING.has(c.tokens[start + 1]?.norm ?? '')) return true;
  for (let k = pred.from - 1; k >= Math.max(0, pred.from - 3); k--) {
    const t = c.tok(k);
    if (t.clause !== c.tok(pred.from).clause) return false;
    if (t.norm !== 'who' && t.norm !== 'that') continue;
    const head = k - 1;
    // "who" opens a relative clause about its head: what the clause says is the head's, not the commenter's.
    if (t.norm === 'who') return head >= 0;
    return head >= 0 && (['those', 'anyone', 'anybody', 'someone', 'everyone', 'people'].includes(c.tok(head).norm) || targets.some((x) => x.kind === 'others' && x.to === k));
  }
  // A gerund after a people noun: "sick of people hating Muslims".
  const prev = c.tokens[pred.from - 1];
  return c.tok(pred.from).norm.endsWith('ing') && prev !== undefined && targets.some((x) => (x.kind === 'others' || x.kind === 'person') && x.to === pred.from);
}

const RELATIVE_OPENERS = new Set(['which', 'who', 'whom', 'that', 'whose']);
const HOLDING = new Set(['reckons', 'thinks', 'says', 'believes', 'claims', 'reckoned', 'thought', 'said', 'believed', 'claimed', 'wrote', 'decided']);

/** An in-group, first-person use of a slur ("as a gay man, ...", "we queers", "my fellow dykes"). */
function reclaimed(c: Ctx, slur: Target): boolean {
  const clause = c.tok(slur.from).clause;
  for (let k = slur.from - 1; k >= Math.max(0, slur.from - 4); k--) {
    if (c.tok(k).clause !== clause) break;
    const w = c.tok(k).norm;
    if (IN_GROUP.has(w) || (w === 'as' && (c.tokens[k + 1]?.norm === 'a' || c.tokens[k + 1]?.norm === 'an'))) return true;
  }
  // "cripple pride", "queer pride": a slur carried as a banner.
  if (c.tokens[slur.to]?.norm === 'pride') return true;
  // "we call ourselves ...", "my mates and I call ourselves trannies".
  const sentence = c.tok(slur.from).sentence;
  for (let k = 1; k < c.tokens.length; k++) if (c.tok(k).sentence === sentence && SELF_NAMING.has(c.tok(k).norm) && CALL.has(c.tok(k - 1).norm)) return true;
  return false;
}

/** Words before a slur that make it first-person, in-group use ("I'm a proud ...", "as a ...", "my fellow ...", "us ..."). */
const IN_GROUP = new Set(["i'm", 'im', "we're", 'we', 'us', 'fellow', 'proud', 'am']);
const CALL = new Set(['call', 'calls', 'called', 'calling']);
const SELF_NAMING = new Set(['ourselves', 'myself', 'themselves']);

/**
 * How much of a token's own weight stands in the learned model's reading (model-scoring.ts damps the model's evidence
 * with it): 0.4 when the token is negated, 0.3 when it is mentioned or denounced, 0.5 in reported speech, else 1.
 */
export function useOfToken(c: Ctx, token: number): number {
  const m: M = { label: TOKEN_LABEL, from: token, to: token + 1 };
  // A word read in a harmless sense ("faggots and peas", "hang in there") pushes the model no further.
  if (harmlessSense(c, token)) return 0.3;
  // An affirmation of a group ("Trans women are women."): identity terms are masked, so the model reads "§g are §g" as a generalisation.
  if (affirmedSentences(c).has(c.tok(token).sentence)) return 0.3;
  let factor = negatedAt(c, token, NO_TARGETS) ? 0.4 : 1;
  if (c.mention(m) <= 0.3) factor *= 0.3;
  else if (c.of('report').length > 0 && !endorsed(c) && reported(c, m)) factor *= 0.5;
  return factor;
}

const NO_TARGETS: readonly Target[] = [];
/** The label of a single token read as a cue by `useOfToken` (shared: the stance checks only read it). */
const TOKEN_LABEL: M['label'] = { kind: 'hostile', w: 0 };

/** Whether the learned model's reading may be damped at all (any negator, meta word, counter-speech, report or harmless sense). */
export function mayDampModel(c: Ctx): boolean {
  return c.negators.size > 0 || ['meta', 'counter', 'report'].some((k) => c.of(k as 'meta').length > 0) || ['slur', 'harm'].some((k) => c.of(k as 'slur').some((m) => m.label.w === 0)) || affirmedSentences(c).size > 0;
}

/** Nouns that affirm a group's standing when a copula gives them to it ("gay people are people", "refugees are welcome"). */
const AFFIRMING = new Set(['people', 'human', 'humans', 'persons', 'beings', 'equal', 'equals', 'citizens', 'neighbours', 'neighbors', 'welcome', 'valid']);
/** Words that may stand between the copula and what it affirms. */
const AFFIRM_BRIDGE = new Set(['real', 'just', 'also', 'still', 'all', 'simply', 'our', 'human', 'full', 'equal']);
const NO_SENTENCES: ReadonlySet<number> = new Set();

/**
 * Sentences that affirm a group and say nothing hostile: a group, a copula, then a group word or an affirming noun
 * that ends the clause ("Trans women are women.", "Muslims are human beings too."), with no hostile, insulting, harm,
 * slur or profane cue anywhere in the sentence.
 */
function affirmedSentences(c: Ctx): ReadonlySet<number> {
  const groups = c.of('group');
  if (groups.length === 0 || c.of('copula').length === 0) return NO_SENTENCES;
  return c.memo('affirmed sentences', () => affirmations(c, groups));
}

function affirmations(c: Ctx, groups: readonly M[]): Set<number> {
  const out = new Set<number>();
  for (const cop of c.of('copula')) {
    const sentence = c.tok(cop.from).sentence;
    if (!groups.some((g) => g.to === cop.from)) continue;
    let k = cop.to;
    while (k < c.tokens.length && AFFIRM_BRIDGE.has(c.tok(k).norm) && !groups.some((g) => g.from === k)) k++;
    const head = groups.find((g) => g.from === k);
    const end = head ? head.to : k < c.tokens.length && AFFIRMING.has(c.tok(k).norm) ? k + 1 : -1;
    if (end < 0 || end > c.tokens.length) continue;
    let last = end;
    while (last < c.tokens.length && AFFIRMING.has(c.tok(last).norm)) last++;
    const next = c.tokens[last];
    if (next !== undefined && next.sentence === sentence && next.clause === c.tok(cop.from).clause && next.norm !== 'too') continue;
    const hostile = (['hostile', 'insult', 'harm', 'profanity'] as const).some((kind) => c.of(kind as 'hostile').some((m) => c.tok(m.from).sentence === sentence && m.label.w > 0)) || c.of('slur').some((m) => c.tok(m.from).sentence === sentence && m.label.w > 0);
    if (!hostile) out.add(sentence);
  }
  return out;
}

/** The token is inside a weight-0 slur or harm phrase: a non-slur sense or a figure of speech. */
function harmlessSense(c: Ctx, token: number): boolean {
  for (const kind of ['slur', 'harm'] as const) for (const m of c.of(kind)) if (m.label.w === 0 && m.from <= token && token < m.to) return true;
  return false;
}

function endorsed(c: Ctx): boolean {
  return c.of('endorse').length > 0;
}

/**
 * The stance of `pred` about `target` (`slur` when the reading is a slur itself): the first of negated, reclaimed,
 * countered (a meta verb or counter-speech in the sentence, or a hate label that is not a disclaimer), described,
 * reported and quoted that applies; asserted otherwise.
 */
export function stanceOf(c: Ctx, pred: M, target: Target | undefined, targets: readonly Target[], slur = false): Stance {
  if (!slur && pred.label.negative !== true && (negatedAt(c, pred.from, targets) || negatedInGap(c, pred))) return { name: 'negated', factor: 0 };
  if ((slur || target?.slur) && target && reclaimed(c, target)) return { name: 'reclaimed', factor: 0.15 };
  if (endorsed(c)) return ASSERTED;
  if (c.mention(pred) <= 0.3 || labelledAsHate(c, pred)) return { name: 'countered', factor: 0.25 };
  if (described(c, pred, targets)) return { name: 'described', factor: 0.3 };
  if (reported(c, pred)) return { name: 'reported', factor: c.tok(pred.from).quoted ? 0.3 : 0.5 };
  if (c.tok(pred.from).quoted && (!target || c.tok(target.from).quoted)) return { name: 'quoted', factor: 0.55 };
  return ASSERTED;
}
