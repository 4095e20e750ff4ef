/**
 * The trained embedded scorer's logic, without its weights (so the browser worker can fetch them): the hashed linear model (TOXICITY, IDENTITY_ATTACK, INSULT; its THREAT head is not used) combined with the explicit
 * lexicon components (insult, profanity, threat, severe cues), with negation, quotation and counter-speech damping
 * of the model's evidence, and evidence spans from both.
 */
import { EMBEDDED_SCORER_NAME } from '../core/browser-scoring.ts';
import { ATTRIBUTES, type Attribute, type CommentScore, type ScoreOutcome, type ScoreRequest, type Scorer, type Span } from '../core/scoring.ts';
import { analyzeText } from './lexicon/analyze.ts';
import { mayDampModel, useOfToken } from './hostility/stance.ts';
import type { Ctx } from './lexicon/context.ts';
import type { Head } from './model/datasets.ts';
import { gateLanguages, type Doubted } from './language-gate.ts';
import { mayNotBeEnglish } from './model/language.ts';
import type { EmbeddedModel } from './model/runtime.ts';
import type { Token } from './text/tokenize.ts';

export const MODEL_SCORER_NAME = EMBEDDED_SCORER_NAME;
export const MODEL_SCORER_DESCRIPTION =
  'Trained linear model over hashed word and character n-grams (ten labelled sources of tweets, forum, news, Reddit and Wikipedia comments; English only), calibrated, combined with the hostility reader and explicit insult, profanity and threat rules';

/** The heads the shipped scores take from the model (each the larger of the rules and the damped head). */
const MODEL_HEADS = ['TOXICITY', 'IDENTITY_ATTACK', 'INSULT'] as const;
type ModelHead = (typeof MODEL_HEADS)[number];

/** Model probabilities below this give no model evidence spans. */
const EVIDENCE_FLOOR = 0.3;
/** Model probabilities below this are not damped: damping only lowers a score, and these flag nothing. */
const DAMPING_FLOOR = 0.1;

/**
 * Share-weighted damping of a head: the positive contributions, each weighted by the hostility reader's stance of its
 * token (negated ×0.4, mentioned or denounced ×0.3, reported ×0.5), read once per token for both heads (`uses`, NaN
 * until read). Quotation alone does not damp the model: tweets quote what they endorse as often as not.
 */
function damping(ctx: Ctx, contributions: readonly number[], uses: number[] | null): number {
  if (uses === null) return 1;
  let total = 0;
  let kept = 0;
  for (let t = 0; t < contributions.length; t++) {
    const v = contributions[t] as number;
    if (v <= 0) continue;
    let use = uses[t] as number;
    if (Number.isNaN(use)) use = uses[t] = useOfToken(ctx, t);
    total += v;
    kept += v * use;
  }
  return total > 0 ? kept / total : 1;
}

/** Up to three spans of the tokens that pushed a head most (at least a quarter of the top push), adjacent ones merged. */
function modelSpans(ctx: Ctx, contributions: readonly number[]): Span[] {
  let top = 0;
  for (const v of contributions) top = Math.max(top, v);
  if (top <= 0) return [];
  // The three largest pushes (the earlier token first among equal ones), then in text order.
  const best: number[] = [];
  for (let t = 0; t < contributions.length; t++) {
    const v = contributions[t] as number;
    if (v < top / 4) continue;
    let at = best.length;
    while (at > 0 && (contributions[best[at - 1] as number] as number) < v) at--;
    if (at < 3) best.splice(at, 0, t);
    if (best.length > 3) best.pop();
  }
  const picked = best.sort((a, b) => a - b);
  const spans: Span[] = [];
  let runStart = -1;
  let runEnd = -1;
  // Runs are flushed inline rather than by a named closure (under tsx each one made costs a defineProperty call).
  for (const t of picked) {
    if (runStart >= 0 && t === runEnd + 1 && ctx.tok(t).clause === ctx.tok(runEnd).clause) runEnd = t;
    else {
      if (runStart >= 0) spans.push(ctx.span(runStart, runEnd + 1));
      runStart = t;
      runEnd = t;
    }
  }
  if (runStart >= 0) spans.push(ctx.span(runStart, runEnd + 1));
  return spans;
}

/** Lexicon spans first, then model spans that do not overlap them. */
function mergeSpans(first: readonly Span[] | undefined, second: readonly Span[]): Span[] {
  const out = [...(first ?? [])];
  for (const s of second) if (!out.some((o) => s.start < o.end && o.start < s.end)) out.push(s);
  return out;
}

/** What the learned model's reading rests on, when it is the one that scored higher than the rules. */
const MODEL_READS: Record<ModelHead, string> = { TOXICITY: 'toxic', IDENTITY_ATTACK: 'an attack on a group', INSULT: 'an insult' };
function modelExplanation(head: ModelHead, spans: readonly Span[]): string {
  const words = spans.slice(0, 3).map((s) => `"${s.text}"`).join(', ');
  const what = MODEL_READS[head];
  return words ? `The learned model reads it as ${what}, mostly because of ${words}` : `The learned model reads it as ${what}`;
}

function round(v: number): number {
  return Math.round(Math.max(0, Math.min(1, v)) * 1000) / 1000;
}

/** Scores one text with the model and the explicit components (no language check); never throws for any string. */
export function scoreWithModel(embedded: EmbeddedModel, text: string): CommentScore {
  return scoreDetailed(embedded, text).score;
}

/** The scores, and the tokens when the cheap pre-check doubts the text is English (then the language gate decides). */
function scoreDetailed(embedded: EmbeddedModel, text: string): { score: CommentScore; doubted: readonly Token[] | null } {
  const { score: lexicon, ctx } = analyzeText(text);
  // Without a single word (emoji, symbols) the model has nothing to read: the lexicon alone speaks.
  if (!ctx || ctx.tokens.every((t) => t.symbol)) return { score: lexicon, doubted: null };
  const prediction = embedded.predictTokens(ctx.tokens);
  const uses = mayDampModel(ctx) ? new Array<number>(ctx.tokens.length).fill(Number.NaN) : null;
  const model = {} as Record<Head, number>;
  const evidence: Partial<Record<Attribute, Span[]>> = { ...lexicon.evidence };
  for (const head of MODEL_HEADS) {
    const contributions = prediction.contributions[head];
    const p = prediction.probability[head];
    model[head] = p < DAMPING_FLOOR ? p : p * damping(ctx, contributions, uses);
    if (model[head] >= EVIDENCE_FLOOR) evidence[head] = mergeSpans(lexicon.evidence[head], modelSpans(ctx, contributions));
  }
  const lex = lexicon.scores;
  const scores: Partial<Record<Attribute, number>> = {
    TOXICITY: Math.max(lex.TOXICITY ?? 0, model.TOXICITY),
    SEVERE_TOXICITY: Math.max(lex.SEVERE_TOXICITY ?? 0, model.TOXICITY * model.IDENTITY_ATTACK),
    IDENTITY_ATTACK: Math.max(lex.IDENTITY_ATTACK ?? 0, model.IDENTITY_ATTACK),
    INSULT: Math.max(lex.INSULT ?? 0, model.INSULT),
    PROFANITY: lex.PROFANITY ?? 0,
    THREAT: lex.THREAT ?? 0,
  };
  if ((scores.SEVERE_TOXICITY ?? 0) > (lex.SEVERE_TOXICITY ?? 0) && model.TOXICITY * model.IDENTITY_ATTACK >= EVIDENCE_FLOOR) {
    evidence.SEVERE_TOXICITY = mergeSpans(lexicon.evidence.SEVERE_TOXICITY, evidence.IDENTITY_ATTACK ?? []);
  }
  const explanations: Partial<Record<Attribute, string>> = { ...lexicon.explanations };
  for (const head of MODEL_HEADS) {
    if (model[head] > (lex[head] ?? 0) && model[head] >= EVIDENCE_FLOOR) explanations[head] = modelExplanation(head, evidence[head] ?? []);
  }
  if ((scores.SEVERE_TOXICITY ?? 0) > (lex.SEVERE_TOXICITY ?? 0) && model.TOXICITY * model.IDENTITY_ATTACK >= EVIDENCE_FLOOR) {
    explanations.SEVERE_TOXICITY = 'The learned model reads it as both toxic and aimed at a group';
  }
  for (const a of ATTRIBUTES) {
    scores[a] = round(scores[a] ?? 0);
    if ((evidence[a] ?? []).length === 0) delete evidence[a];
    if (scores[a] === 0) delete explanations[a];
  }
  const said = Object.keys(explanations).length > 0 ? { explanations } : {};
  return { score: { scores, evidence, ...said }, doubted: mayNotBeEnglish(text, ctx.tokens) ? ctx.tokens : null };
}

/**
 * Version of the scoring logic around the weights (this file and the lexicon components it combines). Cached scores
 * are keyed by the scorer version, so a change of behaviour must bump it; src/scoring/versions.test.ts pins the
 * outputs on a probe corpus to it and fails when they change without a bump.
 */
export const SCORER_LOGIC_VERSION = '1.6.0';

/** The scorer version of a model: the logic version plus the start of the artefact's payload hash (the same in Node and in the browser worker). */
export function modelScorerVersion(model: EmbeddedModel): string {
  return `${SCORER_LOGIC_VERSION}+${model.hash.slice(0, 12)}`;
}

/** Creates the trained scorer over a loaded model. */
export function createScorerForModel(model: EmbeddedModel): Scorer {
  const scoreOne = (request: ScoreRequest, pending: Doubted[]): ScoreOutcome => {
    if (typeof request?.text !== 'string') return { ok: false, error: 'text is not a string' };
    try {
      const { score, doubted } = scoreDetailed(model, request.text);
      if (doubted) pending.push({ text: request.text, tokens: doubted, score });
      return { ok: true, score };
    } catch (error) {
      return { ok: false, error: `${MODEL_SCORER_NAME} failed on this comment: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  return {
    name: MODEL_SCORER_NAME,
    version: modelScorerVersion(model),
    description: MODEL_SCORER_DESCRIPTION,
    attributes: ATTRIBUTES,
    async score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
      const pending: Doubted[] = [];
      const outcomes = batch.map((request) => scoreOne(request, pending));
      await gateLanguages(pending);
      return outcomes;
    },
  };
}
