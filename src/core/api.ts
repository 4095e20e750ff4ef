/**
 * The HTTP API contract between the server and the UI: request and response shapes only.
 * Every route lives under /api; errors are `{ error: string, where?: string }` with a 4xx/5xx status.
 *
 *   GET  /api/health                         -> { ok: true, scorer: ScorerInfo, detector: ScorerInfo } (liveness, public)
 *   GET  /api/ready                          -> 200 { ready: true } or 503 { ready: false } (readiness, public)
 *   GET  /api/threads                        -> ThreadSummary[]
 *   POST /api/imports?fileName=&format=&progressId=
 *                                            body: raw file bytes (application/octet-stream) or
 *                                            JSON { content: string, fileName?: string, format?: string }
 *                                            -> ImportResponse (201), or 400/409/413/415/500/503 ApiError (nothing stored)
 *   GET  /api/imports/progress/:id           -> ImportProgress of the import sent with progressId=:id, or 404
 *   GET  /api/formats                        -> FormatInfo[]
 *   GET  /api/threads/:id                    -> ThreadView (every comment in full: for small threads, tools and tests;
 *                                            the console opens threads through the index and windows below)
 *   GET  /api/threads/:id/index              -> ThreadIndex: the whole thread as columns (no text), enough to sort,
 *                                            filter and flag every comment under any thresholds (src/core/thread-index.ts)
 *   GET  /api/threads/:id/comments?version=&from=&count=   or   ?version=&at=3,17,42
 *                                            -> CommentWindow: full comments by display index (a range, or a list);
 *                                            at most COMMENT_WINDOW_MAX of them; 409 when `version` is not the
 *                                            index's current version (the thread changed: load the index again)
 *   GET  /api/threads/:id/search?version=&q= -> SearchResponse: display indexes of the comments whose text or author
 *                                            contains `q` (case-insensitive); 409 as above
 *   POST /api/threads/:id/decisions          body: DecisionInput -> { event: DecisionEvent, duplicate: boolean }
 *   GET  /api/threads/:id/decisions          -> DecisionEvent[]
 *   POST /api/threads/:id/missing/remove     body: RemoveMissingRequest (application/json) -> RemoveMissingResponse:
 *                                            deletes the comments the latest import lacked (kept and marked
 *                                            `missing` until then; decisions on them stay in the log); 409 when the
 *                                            thread was imported again after `revision`, 404 for an unknown thread
 *   POST /api/threads/:id/report             body: ReportRequest -> the report text (json, csv or html)
 *   POST /api/threads/:id/rescore            no body -> RescoreResponse: scores again the comments whose scoring
 *                                            failed (stored "unscored: <reason>") with the server's scorer
 *   GET  /api/scoring                        -> ScoringStatus (backlog of a remote scorer; never a key)
 *   PUT  /api/scoring/scorer                 body: { name } -> ScoringStatus (switches the server's scorer), or 400
 *   GET  /api/model                          -> the embedded model's artefact (JSON, ETag = its payload hash), which
 *                                            the browser's scoring worker loads (src/core/browser-scoring.ts)
 *   GET  /api/api-keys                       -> ApiKeysResponse: the live keys of the Perspective-compatible API with
 *                                            their usage (never a key or its hash; keys are made with `npm run apikey`)
 *
 * The team (issue 14; docs/adr/0022-accounts-sessions-roles.md). Every /api route but health and POST /api/session
 * needs a session (401 without one) and a capability of src/core/roles.ts (403 without it); the route table in
 * src/server/access.test.ts lists each route's capability. On loopback, before any account exists, the server runs in
 * single-user mode: every request acts as the local administrator (SINGLE_USER_NAME).
 *   POST   /api/session                      body: LoginRequest -> SessionResponse (200, sets the http-only cookie),
 *                                            401 on a wrong name or password, 429 when rate limited
 *   GET    /api/session                      -> SessionResponse, or 401 without a session
 *   DELETE /api/session                      -> 204; the session is revoked
 *   PUT    /api/session/password             body: PasswordChangeRequest -> 204; every other session of the user ends
 *   GET    /api/users                        -> UserSummary[] (administer)
 *   POST   /api/users                        body: UserCreateRequest -> UserCreated (administer)
 *   PATCH  /api/users/:name                  body: UserUpdateRequest -> UserCreated-like { user, password? } (administer)
 *   GET    /api/audit?actor=&action=&threadId=&commentId=&from=&to=&before=&limit=&format=json|csv
 *                                            -> AuditEntry[] newest first (read-audit); CSV with format=csv
 *   GET    /api/reasons                      -> ReasonDef[] (read);  PUT /api/reasons body: ReasonsUpdate (manage-reasons)
 *   GET    /api/settings/thresholds          -> TeamThresholds (read); PUT body: TeamThresholdsUpdate (administer)
 *   GET    /api/threads/:id/queue            -> QueueSnapshot: live claims and snoozes of a thread (read)
 *   POST   /api/threads/:id/claims           body: ClaimRequest -> ClaimResponse (decide)
 *   DELETE /api/threads/:id/claims           body: ClaimRequest -> QueueSnapshot (decide): releases the caller's claims
 *   POST   /api/threads/:id/snoozes          body: SnoozeRequest -> QueueSnapshot (decide); until null wakes them
 *   GET    /api/events?lastEventId=          -> text/event-stream of LiveEvent, one `data:` JSON line each (read), with
 *                                            `id:` between servers; Last-Event-ID resumes (ADR 0031)
 *   GET    /api/authors/history?author=      -> AuthorHistory: the author's comments across all threads (read)
 *   POST   /api/threads/:id/statements       body: StatementsRequest -> statements of reasons for the thread's rejected
 *                                            comments (read), JSON or CSV
 */
import type { DecisionAction, DecisionEvent } from './decisions.ts';
import type { Thresholds } from './flags.ts';
import type { Capability, Role } from './roles.ts';
import type { Comment, CommentKind, CommentStatus, ImportProblem } from './model.ts';
import type { Attribute, CommentScore, ScorerInfo, TropeHit, TropeSeverity } from './scoring.ts';

export interface ApiError {
  error: string;
  where?: string;
}

export interface ThreadSummary {
  id: string;
  title: string;
  url: string | null;
  sourceFormat: string;
  commentCount: number;
  importedAt: string;
}

export interface FormatInfo {
  id: string;
  label: string;
}

/** Comment ids of one kind of change: how many, and the first 50 of them in source order. */
export interface CommentIdList {
  count: number;
  ids: string[];
}

/** How an import compared with the stored thread, by comment id (docs/adr/0009-reimport-merge.md). */
export interface ThreadChanges {
  /** Ids the stored thread did not have (all of them on a first import). */
  added: CommentIdList;
  /** Same id, different text, author, parent, time, html, kind or status: the file's version is stored. */
  changed: CommentIdList;
  unchanged: CommentIdList;
  /** Stored ids the file lacks: kept with their last known content and marked `missing` (never dropped silently). */
  missing: CommentIdList;
  /** Of added, changed and unchanged: ids an earlier import had marked missing, now back. */
  restored: CommentIdList;
}

/** One thread of an import answer: its summary (commentCount: comments in the file) and what the import changed. */
export interface ImportedThread extends ThreadSummary {
  /** True when the thread id was already stored: the file was merged into it, not stored instead of it. */
  existed: boolean;
  /** The thread's import count after this import (1 when new); POST /api/threads/:id/missing/remove takes it. */
  revision: number;
  changes: ThreadChanges;
  /** Decisions already in the log for this thread (never touched by an import). */
  decisionsKept: number;
}

export interface ImportResponse {
  format: string;
  threads: ImportedThread[];
  problems: ImportProblem[];
}

/** Body of POST /api/threads/:id/missing/remove: the revision of the import whose missing comments are removed. */
export interface RemoveMissingRequest {
  revision: number;
}

/** Answer of POST /api/threads/:id/missing/remove. */
export interface RemoveMissingResponse {
  /** Comments deleted (0 when none was missing). */
  removed: number;
  /** The thread's revision (unchanged: a removal is no import). */
  revision: number;
}

/** Characters and length of the `progressId` a client makes up for an import (e.g. 16 random bytes, hex). */
export const IMPORT_PROGRESS_ID_PATTERN = '^[A-Za-z0-9_-]{8,64}$';

/**
 * Where an import stands: the server is receiving the body, it waits for the import worker (another import is
 * being read), the worker reads it, new texts are scored, everything is saved, then done or failed.
 */
export type ImportPhase = 'receiving' | 'queued' | 'parsing' | 'scoring' | 'saving' | 'done' | 'failed';

/** Answer of GET /api/imports/progress/:id while the import runs and for some minutes after it ended. */
export interface ImportProgress {
  id: string;
  phase: ImportPhase;
  /** Share of this phase done (0..1), or null when not known (queued, saving, an importer that does not say). */
  fraction: number | null;
  /**
   * Units done and expected in this phase, or null: bytes while receiving (total null without a Content-Length);
   * steps while scoring (each new distinct text is checked for tropes and scored, so up to two steps a text).
   */
  done: number | null;
  total: number | null;
  /** When failed: the import's error, as the POST answered it, and its place when known. */
  error: string | null;
  where: string | null;
  /** When done: the ids of the threads imported. */
  threadIds: string[];
  /** ISO time of the last change. */
  updatedAt: string;
}

/** A comment as the console shows it: the source record plus tree position, scores and tropes. */
export interface ViewComment extends Comment {
  depth: number;
  /** Parent in the displayed tree (null at top level, also for repaired orphans). */
  treeParentId: string | null;
  orphan: boolean;
  descendantCount: number;
  /** Null when not scored (empty text) or when scoring failed (then `scoreError` says why). */
  score: CommentScore | null;
  scoreError: string | null;
  tropes: TropeHit[];
  /** Present when the latest import of the thread lacked this comment: kept with its last known content. */
  missing?: MissingMark;
  /**
   * Present when callers of POST /v1alpha1/comments:suggestscore suggested scores for this exact text (matched by
   * its hash): what their moderators implied, per attribute (docs/adr/0017-score-feedback.md).
   */
  feedback?: CommentFeedback[];
}

/** Moderators' suggested score for one attribute of a text, from comments:suggestscore (src/core/feedback.ts). */
export interface CommentFeedback {
  /** A Perspective attribute, e.g. "TOXICITY". */
  attribute: Attribute;
  /** Mean of the suggestions counted (0..1); a caller's later suggestion for the same clientToken replaces its earlier one. */
  suggested: number;
  /** Suggestions counted. */
  count: number;
  /** ISO time of the latest of them. */
  latestAt: string;
}

/** A comment the latest import lacked (docs/adr/0009-reimport-merge.md). */
export interface MissingMark {
  /** ISO time of the first import that lacked it (every import since lacked it too). */
  since: string;
  /** File name of the latest import, which lacked it; null for pasted text. */
  fileName: string | null;
}

/**
 * `sourceFormat` of a live thread, one an integration fills as comments arrive (Coral's external moderation phase,
 * docs/adr/0015-coral-external-phase.md): the console reloads it while it is open.
 */
export const LIVE_SOURCE_FORMAT = 'coral-live';

export interface ThreadView {
  id: string;
  title: string;
  url: string | null;
  articleText: string;
  sourceFormat: string;
  importedAt: string;
  /**
   * The thread's import count, as POST /api/threads/:id/missing/remove takes it (comments marked `missing` can be
   * removed for it). The server always sends it; views built elsewhere (tests, fixtures) may leave it out.
   */
  revision?: number;
  scorer: ScorerInfo & { description: string };
  detector: ScorerInfo;
  /** Comments in display order (depth-first pre-order). */
  comments: ViewComment[];
  /** Tree repairs (orphans, cycles, duplicates) and import warnings. */
  problems: Array<{ where: string; message: string }>;
  decisions: DecisionEvent[];
  defaultThresholds: Thresholds;
}

/** Everything of a thread view but its comments and decisions. */
export type ThreadHeader = Omit<ThreadView, 'comments' | 'decisions'>;

/**
 * GET /api/threads/:id/index: the whole thread as columns, in display order (depth-first pre-order, the order of
 * ThreadView.comments). Position i of every array is the comment at display index i. It carries no comment text:
 * the console sorts, filters, counts and flags from it (flaggedAt in src/core/thread-index.ts gives the same answer
 * as decideFlags on the full comment) and reads full comments by window (GET /api/threads/:id/comments).
 */
export interface ThreadIndex {
  thread: ThreadHeader;
  /**
   * Names this state of the thread (its import time, the scorer and detector versions, the feedback version): windows
   * and searches are asked for a version and answer 409 when the thread has changed since.
   */
  version: string;
  count: number;
  ids: string[];
  /** Display index of the comment's parent in the displayed tree; -1 at top level (also for repaired orphans). */
  treeParent: number[];
  depth: number[];
  descendants: number[];
  /** Index into `authors` (distinct author names, "" for none). */
  author: number[];
  authors: string[];
  /** Milliseconds since 1970 (UTC) of `createdAt`, null when unknown. */
  createdAt: Array<number | null>;
  /** Per attribute, the score of each comment; null when unscored or not supplied. */
  scores: Record<Attribute, Array<number | null>>;
  /** Per comment, bits of COMMENT_BITS (src/core/thread-index.ts). */
  bits: number[];
  /** Trope hits (context hits included) of the comments that have any, by display index: [trope, severity] pairs, `trope` indexing `tropeKinds`. */
  tropes: Record<number, Array<[number, TropeSeverity]>>;
  /** Distinct tropes of the thread. */
  tropeKinds: Array<{ id: string; name: string }>;
  /** Language code (ISO 639-1 or "unknown") of each comment with the NEEDS_HUMAN bit, by display index. */
  languages: Record<number, string>;
  decisions: DecisionEvent[];
}

/** Most comments one window request returns. */
export const COMMENT_WINDOW_MAX = 500;

/** Answer of GET /api/threads/:id/comments: full comments, each with its display index. */
export interface CommentWindow {
  version: string;
  comments: Array<ViewComment & { index: number }>;
}

/** Answer of GET /api/threads/:id/search. */
export interface SearchResponse {
  version: string;
  query: string;
  /** Display indexes of the matching comments, ascending. */
  matches: number[];
}

export interface DecisionInput {
  /** Client-made UUID: resubmitting the same id records nothing new. */
  id: string;
  commentId: string;
  action: DecisionAction;
  /** Ignored (issue 14): the server records the session's user. Accepted so that older tools keep working. */
  moderator?: string;
  /** A reason code of GET /api/reasons (a rejection's ground). */
  reason?: string;
  /** The law or term the rejection rests on, free text ("StGB § 130", "Community rules 3.2"); optional. */
  legalGround?: string;
  note?: string;
  /**
   * The `seq` of the newest decision event on this comment the moderator saw, or null when they saw none. When
   * another event was recorded since, nothing is recorded and the answer is 409 `DecisionConflict`: two moderators
   * never decide the same comment without seeing the other's decision. Absent: no check (tools).
   */
  basedOn?: number | null;
  /** True when this event undoes the moderator's previous one (the audit trail says "undo"). */
  undo?: boolean;
}

/** Answer 409 of POST /api/threads/:id/decisions when the comment changed or is claimed by someone else. */
export interface DecisionConflict extends ApiError {
  /** The newest event on the comment now (null: none), so the console can show it. */
  current: DecisionEvent | null;
  /** The live claim of another moderator, when that is the conflict. */
  claim?: Claim;
}

export type ReportFormat = 'json' | 'csv' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'csv', 'html'];

export interface ReportRequest {
  format: ReportFormat;
  thresholds?: Thresholds;
  /** Only these comments (what the current filter shows); all when absent. */
  commentIds?: string[];
  /** Words describing the filter, recorded in the report ("flagged only; search 'war'"). */
  scopeNote?: string;
  /** The reader's IANA time zone ("Europe/Berlin"): the HTML report shows times there, with the UTC offset; UTC when absent. 400 when unknown. */
  timeZone?: string;
}

/** Answer of POST /api/threads/:id/rescore. */
export interface RescoreResponse {
  /** Distinct texts whose stored error was dropped and that were scored again. */
  retried: number;
  /** Scorable comments of the thread still without scores afterwards. */
  unscored: number;
}

/** Counters of a remote scorer's scheduler since the server started (the backlog display). */
export interface ScoringCounters {
  /** Texts (or pieces of long texts) waiting or in flight. */
  pending: number;
  /** Requests sent, retries included. */
  attempts: number;
  succeeded: number;
  failed: number;
  retries: number;
  circuit: 'closed' | 'open' | 'half-open';
}

/** Answer of GET /api/scoring: what the server's scorer is doing (counters since the server started). */
export interface ScoringStatus extends ScoringCounters {
  scorer: ScorerInfo;
  /** True for a hosted service (Perspective, OpenAI); the counters are then live. */
  remote: boolean;
  /** Requests per second the scorer keeps to; null for the embedded scorer. */
  qps: number | null;
  /** Scorer choice in use ("local", "perspective", "openai"), or null when the server offers no choice. */
  choice: string | null;
  /** The choices the console's scorer switch lists (empty when the server offers no choice). */
  options: ScorerOption[];
}

/** One entry of the scorer switch. */
export interface ScorerOption {
  /** Choice name: "local", "perspective" or "openai". */
  name: string;
  /** False when the server cannot use it (e.g. no API key set); `detail` then says why. */
  available: boolean;
  /** The scorer's description when available, else the reason it is not (never a key). */
  detail: string;
  /** Name and version of the scorer behind the choice, when available. */
  scorer?: ScorerInfo;
}

export type { CommentKind, CommentStatus };

/** One live key of the Perspective-compatible API (issue 12) and its usage; never the key nor its hash. */
export interface ApiKeyUsage {
  label: string;
  /** The key's rate limit, requests a second. */
  qps: number;
  createdAt: string;
  /** Requests admitted with the key (counted in memory, stored at most a second later). */
  requests: number;
  lastUsedAt: string | null;
}

/** Answer of GET /api/api-keys. */
export interface ApiKeysResponse {
  keys: ApiKeyUsage[];
}

// ---------------------------------------------------------------------------------------------------------------
// The team (issue 14): sessions, accounts, audit, reasons, queue states, live events, commenter history, statements.

/** The actor of single-user mode (loopback, no account yet). */
export const SINGLE_USER_NAME = 'local';

export interface LoginRequest {
  username: string;
  password: string;
}

export interface SessionUser {
  /** Null in single-user mode. */
  id: number | null;
  username: string;
  role: Role;
}

/** Answer of GET and POST /api/session. */
export interface SessionResponse {
  user: SessionUser;
  mode: 'account' | 'single-user';
  /** What the role may do (src/core/roles.ts): the console hides the rest. */
  capabilities: Capability[];
  /** When the session ends if unused (renewed by use); null in single-user mode. */
  expiresAt: string | null;
  /** True while the user still has the one-time password an administrator gave them. */
  mustChangePassword: boolean;
}

export interface PasswordChangeRequest {
  currentPassword: string;
  newPassword: string;
}

export interface UserSummary {
  id: number;
  username: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
  lastLoginAt: string | null;
}

export interface UserCreateRequest {
  username: string;
  role: Role;
}

/** A new account or a reset password: `password` is shown once and never stored in clear. */
export interface UserCreated {
  user: UserSummary;
  password?: string;
}

export interface UserUpdateRequest {
  role?: Role;
  disabled?: boolean;
  resetPassword?: boolean;
}

/** Everything the audit trail records; one name per kind of act. */
export const AUDIT_ACTIONS = [
  'login',
  'login.failed',
  'logout',
  'password.change',
  'account.create',
  'account.role',
  'account.disable',
  'account.enable',
  'account.password-reset',
  'decision.approve',
  'decision.reject',
  'decision.escalate',
  'decision.reset',
  'decision.undo',
  'claim',
  'release',
  'snooze',
  'import',
  'export',
  'missing.remove',
  'rescore',
  'thresholds.change',
  'scorer.switch',
  'reasons.change',
  'apikey.create',
  'apikey.revoke',
  'integration.change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry of the append-only audit trail. */
export interface AuditEntry {
  /** Order in the log (1, 2, ...). */
  seq: number;
  /** ISO-8601 UTC. */
  at: string;
  /** User name; "local" in single-user mode; "cli:<command>" for the command-line tools. */
  actor: string;
  actorRole: Role | null;
  action: AuditAction;
  threadId: string | null;
  commentId: string | null;
  /** What was done, one line ("rejected", "imported 1,204 comments from wxr", "INSULT 0.60 -> 0.70"). */
  what: string;
  /** Why: the reason and note of a decision, the reason given for a change; empty when none. */
  why: string;
}

/**
 * The filters of GET /api/audit, as query parameters (all optional; docs/adr/0023-audit-trail.md): `actor` exact
 * without case, `action` one action or a prefix ending in "." ("decision."), `from` (inclusive) and `to` (exclusive)
 * ISO-8601 times, `before` a seq (older entries only: the next page), `limit` entries per page.
 */
export interface AuditQuery {
  actor?: string;
  action?: string;
  threadId?: string;
  commentId?: string;
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
  format?: 'json' | 'csv';
}

/** Entries per page of GET /api/audit by default, and at most; a CSV export takes up to AUDIT_EXPORT_MAX. */
export const AUDIT_PAGE_SIZE = 200;
export const AUDIT_PAGE_MAX = 1000;
export const AUDIT_EXPORT_MAX = 50_000;

/** A reason a moderator can give; the list is the team's (GET/PUT /api/reasons). */
export interface ReasonDef {
  /** Stable code stored with decisions ("hate-speech"): lowercase letters, digits and dashes. */
  code: string;
  label: string;
  /** "illegal": the content breaks a law (a legal ground is then asked); "incompatible": the site's own terms. */
  ground: 'illegal' | 'incompatible';
  /** True for "other": a decision with it must carry a note. */
  needsNote: boolean;
  /** Retired reasons stay readable on old decisions but are not offered. */
  retired: boolean;
}

export interface ReasonsUpdate {
  reasons: ReasonDef[];
}

/** The team's thresholds (the server's, set by an administrator). */
export interface TeamThresholds {
  thresholds: Thresholds;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface TeamThresholdsUpdate {
  thresholds: Thresholds;
  /** Why they change (recorded in the audit trail). */
  why?: string;
}

/** Where a comment stands in the team's queue (derived: decisions, claims, snoozes). */
export type QueueStatus = 'unreviewed' | 'claimed' | 'escalated' | 'resolved' | 'snoozed';

/** A moderator's claim on a comment: others see it and skip it; it ends at `expiresAt`, on a decision or a release. */
export interface Claim {
  commentId: string;
  by: string;
  at: string;
  expiresAt: string;
}

export interface Snooze {
  commentId: string;
  by: string;
  /** The comment leaves the queue until then. */
  until: string;
}

export interface QueueSnapshot {
  threadId: string;
  /** Live claims only (expired ones are left out). */
  claims: Claim[];
  /** Snoozes not yet over. */
  snoozes: Snooze[];
}

export interface ClaimRequest {
  commentIds: string[];
}

export interface ClaimResponse extends QueueSnapshot {
  /** The comments another moderator holds: not claimed for the caller. */
  refused: Claim[];
}

export interface SnoozeRequest {
  commentIds: string[];
  /** ISO-8601 time; null wakes the comments. */
  until: string | null;
}

/** What GET /api/events sends, one JSON object per event. */
export type LiveEvent =
  /** First on every stream; `replayed`: the events missed since the console's last event id follow (nothing to read again). */
  | { type: 'hello'; user: string; replayed?: true }
  | { type: 'decision'; threadId: string; event: DecisionEvent }
  | { type: 'queue'; threadId: string; snapshot: QueueSnapshot }
  | { type: 'thread'; threadId: string }
  | { type: 'reasons' }
  | { type: 'thresholds' };

/** One comment of an author's history. */
export interface AuthorComment {
  threadId: string;
  threadTitle: string;
  commentId: string;
  /** Display index in its thread (where the console opens it). */
  displayIndex: number;
  postedAt: string | null;
  /** The text, cut to AUTHOR_TEXT_MAX characters. */
  text: string;
  flagged: boolean;
  /** Why it is flagged ("INSULT 0.82", "trope: …"); empty when not. */
  flagReasons: string[];
  decision: 'approved' | 'rejected' | 'escalated' | null;
  decidedBy: string | null;
}

export const AUTHOR_TEXT_MAX = 280;

/** Answer of GET /api/authors/history. */
export interface AuthorHistory {
  author: string;
  counts: { comments: number; approved: number; rejected: number; escalated: number; flagged: number };
  /** Newest first, at most AUTHOR_HISTORY_MAX; `truncated` when there are more (the counts cover all). */
  comments: AuthorComment[];
  truncated: boolean;
}

export const AUTHOR_HISTORY_MAX = 500;

export type StatementFormat = 'json' | 'csv';

export interface StatementsRequest {
  format: StatementFormat;
  /** Only these comments (rejected ones among them); every rejected comment when absent. */
  commentIds?: string[];
  /** How the recipient can contest the decisions (at most REDRESS_MAX characters); DEFAULT_REDRESS of src/core/statements.ts when absent. */
  redress?: string;
}
