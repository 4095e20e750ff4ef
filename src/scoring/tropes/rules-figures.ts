/**
 * Rules for tropes carried by a figure of speech rather than one verb (issue 10, part 3): organ theft as a modern
 * blood libel, the host-and-parasite metaphor, the Holocaust used as a shield, and "they profit from both sides".
 * Each takes the analysed comment and appends candidates; stance exemptions come later, as for every rule.
 */
import type { AgentSlot, Analysis, PredSlot } from './analyze.ts';
import { BIOLOGY_WORDS, CONFLICT_WORDS, CRITICISM_WORDS, PALESTINIAN_WORDS } from './lexicon-slots.ts';
import { jewish, mentions, nearest, preds, stateA2, type Candidate } from './rule-helpers.ts';

/** A Jewish-coded agent that is no state actor and not named as the victim. */
const accusable = (a: Analysis, s: AgentSlot): boolean => jewish(s) && !stateA2(a, s);

/** Agents from `back` sentences before `sentence` to `ahead` sentences after it. */
function agentsNear(a: Analysis, sentence: number, back: number, accept: (s: AgentSlot) => boolean, ahead = 0): AgentSlot[] {
  return a.agents.filter((s) => s.sentence <= sentence + ahead && s.sentence >= sentence - back && accept(s));
}

/**
 * Organ theft: "the IDF steals organs", "Zionists harvest kidneys", "an organ harvesting ring". Needs a Jewish-coded
 * agent (Israel and the IDF count here: IHRA example 9, blood libel projected onto Israel) from the sentence before to
 * the one after ("… organ harvesting networks? Look up the Israeli names."), or Palestinians named as the victims,
 * which say who is accused without naming them. Always S4, like the blood libel.
 */
export function organRule(a: Analysis, out: Candidate[]): void {
  const victims = mentions(a, PALESTINIAN_WORDS);
  for (const p of a.preds.get('organ') ?? []) {
    const near = nearest(a.agents, p, 12, (s) => jewish(s) || (victims && s.cue.cls === 6));
    const who = near ?? agentsNear(a, p.sentence, 1, jewish, 1).at(-1);
    if (who || victims) out.push({ trope: 'blood-libel', severity: 4, sentence: p.sentence, who, whats: [p], codes: [] });
  }
}

/** The host noun as a people or a nation, not a host of a show, a host cell or a host city (literals drop those). */
const isPart = (p: PredSlot, part: 'noun' | 'feeding' | 'whole'): boolean => p.cue.part === part;

/**
 * Host and parasite: "they're parasites feeding on the host", "the host nation always dies", "they leech off every
 * nation that takes them in". The figure is a whole phrase, or the host noun with a feeding or parasite word within
 * one sentence of it. With a Jewish-coded agent near it is dehumanisation at S3; without one (the figure is the
 * code) S2, unless the comment is about biology (host cells, tapeworms, mistletoe).
 */
export function hostRule(a: Analysis, out: Candidate[]): void {
  const host = a.preds.get('host') ?? [];
  const nouns = host.filter((p) => isPart(p, 'noun'));
  const feeding = host.filter((p) => isPart(p, 'feeding'));
  const figures: PredSlot[][] = [];
  for (const p of host) if (isPart(p, 'whole')) figures.push([p, ...feeding.filter((f) => Math.abs(f.sentence - p.sentence) <= 1)]);
  for (const n of nouns) {
    const fed = feeding.filter((f) => Math.abs(f.sentence - n.sentence) <= 1);
    if (fed.length > 0) figures.push([n, ...fed]);
  }
  const biology = mentions(a, BIOLOGY_WORDS);
  for (const whats of figures) {
    const first = whats[0] as PredSlot;
    if (whats.every((w) => a.tz.tokens[w.from]?.quoted === true)) continue;
    const sentence = Math.max(...whats.map((w) => w.sentence));
    const who = agentsNear(a, sentence, 1, (s) => jewish(s)).at(-1);
    if (!who && biology) continue;
    const pronoun = who ? undefined : agentsNear(a, sentence, 1, (s) => s.cue.cls === 6).at(0);
    out.push({ trope: 'dehumanization-vermin-disease', severity: who ? 3 : 2, sentence: first.sentence, who: who ?? pronoun, whats, codes: [] });
  }
}

/**
 * The Holocaust as a shield, a card or a business ("they use the Holocaust to shut down criticism", "the Holocaust
 * industry", "six million, the number they always wave"), with the Holocaust in its sentence or the one before. Weak
 * cues ("brings up Auschwitz", "mentioned six million") also need criticism or debate within one sentence of them. A claim about a named politician or a
 * government without a Jewish-coded agent ("the minister used the anniversary") is left to politics.
 */
export function shieldRule(a: Analysis, out: Candidate[]): void {
  for (const p of preds(a, 'shield')) {
    if (p.cue.weak && ![p.sentence - 1, p.sentence, p.sentence + 1].some((s) => mentions(a, CRITICISM_WORDS, s))) continue;
    const who = agentsNear(a, p.sentence, 1, (s) => jewish(s)).at(-1);
    const leader = a.targets.some((t) => t.cue.kind === 'leader' && t.sentence === p.sentence && t.to <= p.from);
    if (leader && !who) continue;
    out.push({ trope: 'holocaust-denial-distortion', severity: 3, sentence: p.sentence, who, whats: [p], codes: [] });
  }
}

/** A backing verb (fund, lend, profit, play) in the sentence of the frame or the one before it. */
function backed(frame: PredSlot, verbs: readonly PredSlot[]): PredSlot | undefined {
  return verbs.find((v) => v.sentence === frame.sentence || v.sentence === frame.sentence - 1);
}

/** Money words that make "a Rothschild bank on both sides" a claim about financing (not "deal", "interest"). */
const MONEY = new Set(['money', 'bank', 'banks', 'cash', 'profit', 'profits', 'payday', 'loan', 'loans', 'shekel', 'shekels', 'gold']);

function moneyTalk(a: Analysis, sentence: number): boolean {
  return a.tz.tokens.some((t) => t.sentence === sentence && MONEY.has(t.norm));
}

/**
 * "They profit from both sides": a both-sides frame ("both sides", "to both", "every side") with a backing verb or
 * money talk, a frame that says it alone ("win either way", "whoever wins", "heads he wins"), or a backing verb right
 * before "both" in a sentence about a war or a vote ("funded both the Union and the Confederacy"), and a Jewish-coded
 * agent in the sentence or the one before (a bare "they" counts when the comment names or echoes such a group).
 * A named proxy (Rothschild, Soros) makes it the puppet-master trope, anyone else greed; both S2.
 */
export function bothSidesRule(a: Analysis, out: Candidate[]): void {
  const all = a.preds.get('bothsides') ?? [];
  const verbs = all.filter((p) => p.cue.part === 'verb');
  const coded = a.agents.some((s) => accusable(a, s));
  for (const p of all) {
    if (p.cue.part === 'verb') continue;
    if (p.cue.part === 'pair' && !mentions(a, CONFLICT_WORDS, p.sentence)) continue;
    const verb = p.cue.part === 'frame' ? backed(p, verbs) : undefined;
    if (p.cue.part === 'frame' && !verb && !moneyTalk(a, p.sentence)) continue;
    const who = agentsNear(a, p.sentence, 1, (s) => accusable(a, s) || (coded && s.cue.cls === 6)).at(-1);
    if (!who) continue;
    const proxy = who.cue.kind === 'proxy';
    out.push({ trope: proxy ? 'puppet-master-proxy' : 'greed-exploitation', severity: 2, sentence: p.sentence, who, whats: verb ? [verb, p] : [p], codes: [] });
  }
}

