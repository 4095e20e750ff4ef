/**
 * The hostility reader: reads group-directed hostility, insults and threats the way the trope detector reads
 * tropes, as slot claims. Who is the target (a protected group, named, described, a slur, or a pronoun that refers
 * back to one; the reader; a person; a non-protected group; a thing), what is the hostility (hate, negative
 * attributes, dehumanisation, threats, exclusion, denial, stereotypes, slurs, negated positives), and how it is said
 * (asserted, negated, denounced, reported, quoted, reclaimed). Obfuscated words reach it already repaired by the
 * tokenizer's passes. Returns, per attribute, the cues with their values, evidence spans and one-line explanations;
 * the lexicon scorer (src/scoring/lexicon/analyze.ts) combines them into scores. Never throws for any context.
 */
import type { Span } from '../../core/scoring.ts';
import type { Ctx } from '../lexicon/context.ts';
import { RULES, type Hit } from './rules.ts';
import { findTargets } from './targets.ts';

/** One scored cue of an attribute: its value, the spans that show it and why. */
export interface Cue {
  value: number;
  spans: Span[];
  /** Why, built on first use. */
  why: () => string;
}

/** The reader's cues per attribute. */
export interface HostilityReading {
  identity: Cue[];
  insult: Cue[];
  threat: Cue[];
  /** SEVERE_TOXICITY cues of the threats (killing threats with a wish or intent). */
  severe: Cue[];
}

function cue(c: Ctx, hit: Hit, value: number): Cue {
  return { value, spans: hit.spans.map(([from, to]) => c.span(from, to)), why: hit.why };
}

/**
 * True when some rule can fire: a hostile, insult, harm or slur cue, a negated positive, or a group word (slogans,
 * epithets and denials of trans identity start from one). Most comments of a civil thread have none.
 */
function mayBeHostile(c: Ctx): boolean {
  if (c.of('hostile').length > 0 || c.of('insult').length > 0) return true;
  if (c.of('harm').some((m) => m.label.w > 0) || c.of('slur').some((m) => m.label.w > 0)) return true;
  if (c.negators.size > 0 && c.of('positive').length > 0) return true;
  // A group word alone fires only a slogan ("X out", "no X"), "that trans thing" or a denial of trans identity.
  return c.of('group').length > 0 && c.tokens.some((t) => GROUP_RULE_WORDS.has(t.norm));
}

/** Words without which a group word alone can fire no rule. */
const GROUP_RULE_WORDS = new Set(['out', 'go', 'no', 'thing', 'creature', 'trans', 'transgender', 'transsexual']);

/** Reads a comment's context; cues worth nothing are left out. */
export function readHostility(c: Ctx): HostilityReading {
  const reading: HostilityReading = { identity: [], insult: [], threat: [], severe: [] };
  if (!mayBeHostile(c)) return reading;
  const r = { c, targets: findTargets(c) };
  for (const rule of RULES) {
    for (const hit of rule.read(r)) {
      if (hit.identity > 0) reading.identity.push(cue(c, hit, hit.identity));
      if (hit.insult > 0) reading.insult.push(cue(c, hit, hit.insult));
      if (hit.threat > 0) reading.threat.push(cue(c, hit, hit.threat));
      if (hit.severe > 0) reading.severe.push(cue(c, hit, hit.severe));
    }
  }
  return reading;
}
