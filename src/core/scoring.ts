/**
 * Scores, trope flags and the adapter interfaces that scorers implement.
 * Implementations live in src/scoring (embedded) and later in server-side remote adapters.
 */

/** Perspective-style attributes, in display order. */
export const ATTRIBUTES = ['TOXICITY', 'SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'PROFANITY', 'THREAT'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** A span of `Comment.text`, UTF-16 offsets, end exclusive; `text` is `comment.text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/** Evidence span of a trope flag, with the slot it fills (who is accused, of what, over whom, or a coded marker). */
export interface TropeEvidence extends Span {
  role: 'who' | 'what' | 'whom' | 'code' | 'context';
}

/** Severity scale of the trope reference: 1 low, 2 medium, 3 high, 4 critical. */
export type TropeSeverity = 1 | 2 | 3 | 4;

/** One conspiracy-trope flag on a comment. */
export interface TropeHit {
  /** Stable trope id from the taxonomy, e.g. "covert-control-of-leaders". */
  id: string;
  /** Human name, e.g. "Secret control of leaders". */
  name: string;
  severity: TropeSeverity;
  evidence: TropeEvidence[];
  /** One sentence built from the evidence, e.g. `Secret control of leaders: "chabad" is said to control "putin" ("is controlled by")`. */
  explanation: string;
  /**
   * Set on a thread-context hit only: the reply endorses a flagged comment (the parent `commentId`) and this hit
   * repeats that comment's trope `tropeId` at a lower severity, with evidence role 'context' on the endorsing words.
   * Computed per thread when the view is built, never by the per-text detector.
   */
  contextOf?: { commentId: string; tropeId: string };
}

/** Scores of one comment by one scorer. */
export interface CommentScore {
  /** 0..1 per attribute the scorer supplies. */
  scores: Partial<Record<Attribute, number>>;
  /** Spans that pushed each attribute up (may be empty). */
  evidence: Partial<Record<Attribute, Span[]>>;
  /**
   * One line per attribute saying why it scored, from the scorer's own reading (e.g. `Dehumanising comparison of
   * "Muslims": "vermin"`); absent where the scorer gives none (remote services, attributes at 0).
   */
  explanations?: Partial<Record<Attribute, string>>;
  /**
   * ISO 639-1 code of the detected language, set by scorers that detect it (the embedded model does so only when a
   * cheap pre-check doubts the text is English); absent when not detected.
   */
  language?: string;
  /** True when `language` is one the scorer was not trained on: all its scores for this comment are unreliable. */
  languageUnsupported?: boolean;
  /**
   * Attributes the scorer was asked for but cannot score for this comment's language (e.g. Perspective's
   * LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE). They are absent from `scores`: unsupported, never zero.
   */
  unsupported?: Attribute[];
  /**
   * Where each score came from when a service's own categories were mapped onto the attributes, e.g.
   * `{ THREAT: "harassment/threatening" }` for OpenAI's moderation endpoint. Absent when scores are native.
   */
  sources?: Partial<Record<Attribute, string>>;
}

/** Outcome for one comment of a batch: scores, or a per-comment error (the rest of the batch still counts). */
export type ScoreOutcome = { ok: true; score: CommentScore } | { ok: false; error: string };

/** What a scorer is asked to score. */
export interface ScoreRequest {
  /** Caller's key for the item (comment id); outcomes are returned in request order. */
  key: string;
  text: string;
}

/** Identity of a scorer or detector, recorded with every score and every report. */
export interface ScorerInfo {
  name: string;
  version: string;
}

/** A scoring-service adapter (embedded model, Perspective, ...). */
export interface Scorer extends ScorerInfo {
  /** Attributes this scorer supplies. */
  readonly attributes: readonly Attribute[];
  /** One-line plain description of what it is, shown in the UI and reports. */
  readonly description: string;
  /** Scores a batch; returns one outcome per request, in order. Must not reject for a single bad item. */
  score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]>;
}

/** The conspiracy-trope detector: synchronous, pure, local. */
export interface TropeDetector extends ScorerInfo {
  detect(text: string): TropeHit[];
}
