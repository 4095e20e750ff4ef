/**
 * Cue labels of the trope lexicon: the slot a matched phrase fills (agent, predicate, target, code) or the stance
 * and context signal it gives (negation, counter-speech, reporting, literal sense).
 */
import type { PhraseDef } from '../text/phrase-matcher.ts';
import type { TropeId } from './taxonomy.ts';

/**
 * Agent classes of the reference (section 1.1): 1 explicit Jewish referent (or the clipped slur "zio"), 2 Israel /
 * Zionist referent, 3 named proxy, 4 coded collective, 5 generic hidden elite, 6 bare pronoun ("they", "their").
 */
export type AgentClass = 1 | 2 | 3 | 4 | 5 | 6;

/** Predicate families (reference section 1.1 and section 2 signals). */
export type Family =
  | 'control'
  | 'domination'
  | 'dehumanize'
  | 'eliminate'
  | 'orchestrate'
  | 'loyalty'
  | 'guilt'
  | 'greed'
  | 'blood'
  | 'denial'
  | 'replacement'
  | 'nwo'
  | 'deepstate'
  | 'staging'
  | 'plandemic'
  | 'weather'
  /** Migration as invasion ("the invasion at the border"): needs a migration word in its sentence or the one before. */
  | 'invasion'
  /** Taking organs ("the IDF steals organs", "organ harvesting ring"): blood libel with a Jewish-coded agent or Palestinian victims. */
  | 'organ'
  /** Host-and-parasite metaphor: the host noun ("the host nation") and what the parasite does to it ("feed on", "leech off"). */
  | 'host'
  /** The Holocaust as a shield or a business ("the Holocaust card", "hide behind"): needs the Holocaust in its sentence or the one before. */
  | 'shield'
  /** Both sides of a war or a vote ("fund both sides", "win either way"). */
  | 'bothsides';

/** Contexts some predicates need before they count. */
export type Topic = 'holocaust' | 'pandemic' | 'event' | 'money' | 'harm' | 'migration';

export type Cue =
  | { slot: 'agent'; cls: AgentClass; kind?: 'proxy' | 'deepstate' | 'echo' | 'rhetorical' }
  /**
   * `weak`: only counts right next to the agent (copula or apposition), e.g. "virus", "animals". `topic`: needs that
   * context in the comment. `voice`: active wants the agent before and the target after, passive the reverse.
   * `scoped`: needs a totalising quantifier ("every", "all") in the sentence. `idiom`: a puppetry idiom ("pulls the
   * strings") that claims control of leaders even when no leader is named. `negative`: the claim is itself negative
   * ("can't be trusted"), so a negator before it does not cancel it. `part`: which part of a two-part figure the
   * phrase is (host: the host noun, what feeds on it, or a whole figure; both sides: the frame, the backing verb, or a
   * verb with "both" that needs a war or a vote in its sentence).
   */
  | {
      slot: 'pred'; family: Family; weak?: boolean; topic?: Topic; voice?: 'active' | 'passive'; scoped?: boolean; idiom?: boolean; negative?: boolean;
      part?: 'noun' | 'feeding' | 'whole' | 'frame' | 'verb' | 'pair';
    }
  | { slot: 'target'; kind: 'leader' | 'institution' | 'scope' }
  /** `standalone`: fires without an agent; otherwise needs an agent or insinuation cue in the comment. */
  | { slot: 'code'; trope: TropeId; standalone: boolean; family?: Family }
  | { slot: 'topic'; topic: Topic }
  | { slot: 'literal' }
  | { slot: 'counter' }
  | { slot: 'report' }
  | { slot: 'meta' }
  | { slot: 'negator' }
  | { slot: 'satire' }
  | { slot: 'selfid' }
  | { slot: 'reclaim' }
  | { slot: 'insinuation' }
  | { slot: 'quantifier' };

/** Builds phrase definitions that share one cue. */
export function cue(label: Cue, ...patterns: string[]): PhraseDef<Cue>[] {
  return patterns.map((pattern) => ({ pattern, label }));
}
