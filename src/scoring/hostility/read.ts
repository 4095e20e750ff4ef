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
  why: string;
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

/** Reads a comment's context; cues worth nothing are left out. */
export function readHostility(c: Ctx): HostilityReading {
  const reading: HostilityReading = { identity: [], insult: [], threat: [], severe: [] };
  const targets = findTargets(c);
  for (const rule of RULES) {
    for (const hit of rule.read({ c, targets })) {
      if (hit.identity > 0) reading.identity.push(cue(c, hit, hit.identity));
      if (hit.insult > 0) reading.insult.push(cue(c, hit, hit.insult));
      if (hit.threat > 0) reading.threat.push(cue(c, hit, hit.threat));
      if (hit.severe > 0) reading.severe.push(cue(c, hit, hit.severe));
    }
  }
  return reading;
}
