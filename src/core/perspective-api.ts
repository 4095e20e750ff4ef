/**
 * The HTTP contract of the Perspective-compatible API (issue 12): request and response shapes of Perspective's
 * `comments:analyze` (AnalyzeComment) and `comments:suggestscore` (SuggestCommentScore), v1alpha1, as its public
 * reference documents them, plus Google's JSON error shape. Shapes only, no logic.
 *
 *   POST /v1alpha1/comments:analyze?key=KEY       body: AnalyzeCommentRequest  -> AnalyzeCommentResponse
 *   POST /v1alpha1/comments:suggestscore?key=KEY  body: SuggestCommentScoreRequest -> SuggestCommentScoreResponse
 *   errors                                        -> GoogleErrorBody with the service's HTTP code and status
 *
 * Offsets (`begin`, `end`) count Unicode code points of `comment.text`, as the service does, end exclusive.
 * One addition is not Perspective's: the attribute `THREADSCOPE_TROPE` (THREADSCOPE_TROPE_ATTRIBUTE) and the response
 * field `threadscopeTropes`. They are returned only when the caller asks for that attribute, never mixed into the
 * six standard attributes; a client written for Perspective never sees them.
 */

/** How a text is given: plain text, or HTML whose text content is scored. */
export type TextType = 'PLAIN_TEXT' | 'HTML';

/** The only score type the service ever returned. */
export type ScoreType = 'PROBABILITY';

/** A piece of text: the comment itself, or a context entry. */
export interface TextEntry {
  text: string;
  /** Default PLAIN_TEXT. */
  type?: TextType;
}

/** Context the service accepted (and, per its reference, did not use for scoring). */
export interface AnalyzeContext {
  entries?: TextEntry[];
  articleAndParentComment?: { article?: TextEntry; parentComment?: TextEntry };
}

/** Per-attribute options of a request; `{}` takes the defaults. */
export interface AttributeParameters {
  scoreType?: ScoreType;
  /** Attributes scoring below this (0..1) are left out of the response. */
  scoreThreshold?: number;
}

/** The Threadscope-only attribute: the conspiracy-trope detector's findings. Not a Perspective attribute. */
export const THREADSCOPE_TROPE_ATTRIBUTE = 'THREADSCOPE_TROPE';

/** Body of `POST /v1alpha1/comments:analyze`. */
export interface AnalyzeCommentRequest {
  comment: TextEntry;
  /** Attribute name (e.g. "TOXICITY", or THREADSCOPE_TROPE_ATTRIBUTE) -> options. At least one. */
  requestedAttributes: Record<string, AttributeParameters>;
  /** ISO 639-1 codes of the comment's language; detected when absent or empty. */
  languages?: string[];
  /** True: the service keeps nothing of the comment. */
  doNotStore?: boolean;
  /** True: per-span scores (`spanScores`) in the response. */
  spanAnnotations?: boolean;
  /** Opaque token echoed in the response. */
  clientToken?: string;
  context?: AnalyzeContext;
  sessionId?: string;
  communityId?: string;
}

/** One score. */
export interface Score {
  value: number;
  type: ScoreType;
}

/** The score of a stretch of the comment; `begin`/`end` in code points, end exclusive. */
export interface SpanScore {
  begin: number;
  end: number;
  score: Score;
}

/** The scores of one attribute. */
export interface AttributeScore {
  summaryScore: Score;
  /** Present when `spanAnnotations` was set (in the request, or given by a suggestscore caller). */
  spanScores?: SpanScore[];
}

/**
 * One trope the detector found (Threadscope only): its taxonomy id and name, severity 1 (low) .. 4 (critical), the
 * stretch of the comment its evidence covers (code points, end exclusive) and the one-sentence explanation.
 */
export interface ThreadscopeTrope {
  id: string;
  name: string;
  severity: number;
  begin: number;
  end: number;
  explanation: string;
}

/** Answer of `comments:analyze`. */
export interface AnalyzeCommentResponse {
  /**
   * Requested attribute -> scores, leaving out those below their `scoreThreshold`. For THREADSCOPE_TROPE the summary
   * score is the highest severity found / 4 (0 when none), its spans the evidence of each trope.
   */
  attributeScores: Record<string, AttributeScore>;
  /** The languages the comment was scored in (the request's, or the detected ones). */
  languages: string[];
  detectedLanguages?: string[];
  clientToken?: string;
  /** Threadscope only, present when THREADSCOPE_TROPE was requested: every trope found (empty when none). */
  threadscopeTropes?: ThreadscopeTrope[];
}

/** Body of `POST /v1alpha1/comments:suggestscore`: the score the caller's moderators give a comment. */
export interface SuggestCommentScoreRequest {
  comment: TextEntry;
  /** Attribute name -> the suggested summary score (and optionally span scores). */
  attributeScores: Record<string, AttributeScore>;
  context?: AnalyzeContext;
  languages?: string[];
  communityId?: string;
  clientToken?: string;
  sessionId?: string;
  /**
   * Threadscope's addition (SuggestCommentScore has no such field): true keeps only the text's hash, never the text
   * (docs/adr/0017-score-feedback.md). Without it the text is stored with the suggestion.
   */
  doNotStore?: boolean;
}

/** Answer of `comments:suggestscore`. */
export interface SuggestCommentScoreResponse {
  detectedLanguages?: string[];
  requestedLanguages?: string[];
  clientToken?: string;
}

/** Google's canonical status names used by the service. */
export type GoogleStatus =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** The service's own error types, carried in `details` (`type.googleapis.com/google.commentanalyzer.v1alpha1.Error`). */
export type CommentAnalyzerErrorType =
  | 'COMMENT_EMPTY'
  | 'COMMENT_TOO_LONG'
  | 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE'
  | 'ATTRIBUTE_NOT_SUPPORTED';

/** One entry of `error.details`: a google.rpc detail or a comment-analyzer error, told apart by `@type`. */
export interface GoogleErrorDetail {
  '@type': string;
  errorType?: CommentAnalyzerErrorType;
  languageNotSupportedByAttributeError?: { detectedLanguages: string[]; attribute: string };
  reason?: string;
  domain?: string;
  metadata?: Record<string, string>;
  [field: string]: unknown;
}

/** Google's JSON error body. */
export interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    status: GoogleStatus;
    details?: GoogleErrorDetail[];
  };
}
