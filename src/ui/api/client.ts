/**
 * Typed fetch wrappers for every route of the HTTP contract (src/core/api.ts); failures come back as values, never throws.
 */
import type {
  ApiError,
  ApiKeysResponse,
  AuditEntry,
  ClaimResponse,
  AuthorHistory,
  CommentWindow,
  DecisionInput,
  FormatInfo,
  ImportProgress,
  ImportResponse,
  QueueSnapshot,
  ReasonDef,
  RemoveMissingResponse,
  ReportFormat,
  ReportRequest,
  RescoreResponse,
  ScoringStatus,
  SearchResponse,
  TeamThresholds,
  TeamThresholdsUpdate,
  StatementsRequest,
  ThreadIndex,
  ThreadSummary,
} from '../../core/api.ts';
import type { DecisionEvent } from '../../core/decisions.ts';
import { validateThresholds } from '../../core/flags.ts';
import type { ScorerInfo } from '../../core/scoring.ts';
import { reportUnauthorized } from '../session/unauthorized.ts';

/** A failed request, ready to show: what went wrong and where. */
export interface ApiFailure extends ApiError {
  /** Where it happened: the server's place when it named one (e.g. "line 42"), else the route. */
  where: string;
  /** The route that failed, e.g. "POST /api/imports". */
  route: string;
  /** HTTP status, or null when the server could not be reached. */
  status: number | null;
  /** The error body's other fields, when it had any (a DecisionConflict's `current` and `claim`). */
  details?: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

export interface HealthResponse {
  ok: true;
  scorer: ScorerInfo;
  detector: ScorerInfo;
}

export interface DecisionResponse {
  event: DecisionEvent;
  duplicate: boolean;
}

/** A report as downloaded: the bytes, their type and a file name. */
export interface ReportDownload {
  blob: Blob;
  fileName: string;
}

type Check<T> = (value: unknown) => value is T;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const COLUMNS = ['ids', 'treeParent', 'depth', 'descendants', 'author', 'createdAt', 'bits'] as const;
/**
 * A ThreadIndex whose every column has one entry per comment (checked by length, not value by value: the console
 * reads each value defensively, and a thread of 100,000 comments must not cost a full scan here).
 */
export const isThreadIndex = (value: unknown): value is ThreadIndex => {
  if (!isObject(value) || !isObject(value.thread) || typeof value.thread.id !== 'string' || !isObject(value.thread.scorer)) return false;
  if (typeof value.version !== 'string' || typeof value.count !== 'number' || !Number.isInteger(value.count) || value.count < 0) return false;
  const count = value.count;
  if (!COLUMNS.every((name) => isArray(value[name]) && value[name].length === count)) return false;
  if (!isObject(value.scores) || !Object.values(value.scores).every((column) => isArray(column) && column.length === count)) return false;
  return isArray(value.authors) && isObject(value.tropes) && isArray(value.tropeKinds) && isObject(value.languages) && isArray(value.decisions);
};
const isCommentWindow = (value: unknown): value is CommentWindow =>
  isObject(value) && typeof value.version === 'string' && isArray(value.comments) && value.comments.every((c) => isObject(c) && typeof c.index === 'number' && typeof c.id === 'string' && typeof c.text === 'string');
const isSearchResponse = (value: unknown): value is SearchResponse =>
  isObject(value) && typeof value.version === 'string' && isArray(value.matches) && value.matches.every((m) => typeof m === 'number');
const isImportResponse = (value: unknown): value is ImportResponse => isObject(value) && isArray(value.threads) && isArray(value.problems);
const isDecisionResponse = (value: unknown): value is DecisionResponse =>
  isObject(value) && isObject(value.event) && typeof value.event.id === 'string' && typeof value.duplicate === 'boolean';
const isHealth = (value: unknown): value is HealthResponse => isObject(value) && value.ok === true;
const isRescore = (value: unknown): value is RescoreResponse => isObject(value) && typeof value.retried === 'number' && typeof value.unscored === 'number';

function failure(route: string, status: number | null, error: string, where?: string): { ok: false; failure: ApiFailure } {
  // The session ended (expired, revoked, account disabled): the session gate brings the login page back (ADR 0022).
  if (status === 401) reportUnauthorized();
  return { ok: false, failure: { error, where: where && where.length > 0 ? where : route, route, status } };
}

/** An error body `{ error, where }` if the server sent one; else the status line. */
function failureFromBody(route: string, status: number, statusLine: string, text: string): { ok: false; failure: ApiFailure } {
  try {
    const body: unknown = JSON.parse(text);
    if (isObject(body) && typeof body.error === 'string') {
      const { error, where, ...details } = body;
      const failed = failure(route, status, error, typeof where === 'string' ? where : undefined);
      if (Object.keys(details).length > 0) failed.failure.details = details;
      return failed;
    }
  } catch {
    // Not JSON: use the status line.
  }
  const statusText = statusLine ? ` ${statusLine}` : '';
  return failure(route, status, `The server answered ${status}${statusText}.`);
}

/** Reads an error body `{ error, where }` if the server sent one; falls back to the status line. */
async function failureFrom(route: string, response: Response): Promise<{ ok: false; failure: ApiFailure }> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body could not be read; the status line below still says what happened.
  }
  return failureFromBody(route, response.status, response.statusText, text);
}

async function send(route: string, url: string, init?: RequestInit): Promise<{ ok: true; response: Response } | { ok: false; failure: ApiFailure }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
    return failure(route, null, `Could not reach the Threadscope server${detail}.`);
  }
  if (!response.ok) return failureFrom(route, response);
  return { ok: true, response };
}

async function requestJson<T>(method: string, path: string, check: Check<T>, init?: RequestInit): Promise<ApiResult<T>> {
  const route = `${method} ${path.split('?')[0]}`;
  const sent = await send(route, path, { ...init, method, headers: { Accept: 'application/json', ...init?.headers } });
  if (!sent.ok) return sent;
  let body: unknown;
  try {
    body = await sent.response.json();
  } catch {
    return failure(route, sent.response.status, 'The server sent a reply that is not JSON.');
  }
  if (!check(body)) return failure(route, sent.response.status, 'The server sent a reply of an unexpected shape.');
  return { ok: true, value: body };
}

const jsonBody = (value: unknown): RequestInit => ({ body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } });
const threadPath = (threadId: string): string => `/api/threads/${encodeURIComponent(threadId)}`;

export function getHealth(): Promise<ApiResult<HealthResponse>> {
  return requestJson('GET', '/api/health', isHealth);
}

export function listThreads(): Promise<ApiResult<ThreadSummary[]>> {
  return requestJson('GET', '/api/threads', (v): v is ThreadSummary[] => isArray(v));
}

export function listFormats(): Promise<ApiResult<FormatInfo[]>> {
  return requestJson('GET', '/api/formats', (v): v is FormatInfo[] => isArray(v));
}

/** The whole thread as columns without text (the console never fetches the full view). */
export function getThreadIndex(threadId: string): Promise<ApiResult<ThreadIndex>> {
  return requestJson('GET', `${threadPath(threadId)}/index`, isThreadIndex);
}

/** Which comments a window request asks for: a range of display indexes, or a list of them. */
export type WindowRequest = { from: number; count: number } | { at: readonly number[] };

/** Full comments by display index for the index of `version`; a 409 failure means the thread changed since. */
export function getCommentWindow(threadId: string, version: string, request: WindowRequest): Promise<ApiResult<CommentWindow>> {
  const query = new URLSearchParams({ version });
  if ('at' in request) query.set('at', request.at.join(','));
  else {
    query.set('from', String(request.from));
    query.set('count', String(request.count));
  }
  return requestJson('GET', `${threadPath(threadId)}/comments?${query.toString()}`, isCommentWindow);
}

/** Display indexes of the comments whose text or author contains `query` (case-insensitive); 409 when stale. */
export function searchThread(threadId: string, version: string, query: string): Promise<ApiResult<SearchResponse>> {
  const params = new URLSearchParams({ version, q: query });
  return requestJson('GET', `${threadPath(threadId)}/search?${params.toString()}`, isSearchResponse);
}

/** True for the answer of a window or search asked for a version the thread has left. */
export const isStale = (failure: ApiFailure): boolean => failure.status === 409;

/** What `uploadImport` reports while the file goes up. */
export interface UploadOptions {
  /** Id the server files the import's progress under (see `newProgressId`). */
  progressId?: string;
  /** Bytes sent so far, of `total` (null when the browser cannot tell). */
  onUploadProgress?(loaded: number, total: number | null): void;
  /** The whole body has been sent; the server now works on it. */
  onUploaded?(): void;
  /** Aborting stops the upload, or drops the server's work on it when already sent. */
  signal?: AbortSignal;
}

/** The message of an import stopped by `UploadOptions.signal`. */
export const IMPORT_CANCELLED = 'The import was cancelled.';

/**
 * Uploads a file as raw bytes like `importFile`, with XMLHttpRequest because fetch reports no upload progress.
 * Never throws: a cancel, a lost connection or an error answer comes back as a failure.
 */
export function uploadImport(file: Blob, fileName: string, format: string | undefined, options: UploadOptions = {}): Promise<ApiResult<ImportResponse>> {
  const route = 'POST /api/imports';
  const query = new URLSearchParams({ fileName });
  if (format) query.set('format', format);
  if (options.progressId) query.set('progressId', options.progressId);
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve(failure(route, null, IMPORT_CANCELLED));
      return;
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const settle = (result: ApiResult<ImportResponse>) => {
      options.signal?.removeEventListener('abort', abort);
      resolve(result);
    };
    xhr.upload.onprogress = (event) => options.onUploadProgress?.(event.loaded, event.lengthComputable ? event.total : null);
    xhr.upload.onload = () => options.onUploaded?.();
    xhr.onerror = () => settle(failure(route, null, 'Could not reach the Threadscope server (the connection failed during the upload).'));
    xhr.onabort = () => settle(failure(route, null, IMPORT_CANCELLED));
    xhr.onload = () => {
      const text = typeof xhr.responseText === 'string' ? xhr.responseText : '';
      if (xhr.status < 200 || xhr.status >= 300) {
        settle(failureFromBody(route, xhr.status, xhr.statusText, text));
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        settle(failure(route, xhr.status, 'The server sent a reply that is not JSON.'));
        return;
      }
      settle(isImportResponse(body) ? { ok: true, value: body } : failure(route, xhr.status, 'The server sent a reply of an unexpected shape.'));
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    xhr.open('POST', `/api/imports?${query.toString()}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.send(file);
  });
}

/** A fresh progress id: 16 random bytes in hex (crypto.getRandomValues works on plain http too). */
export function newProgressId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const isImportProgress = (value: unknown): value is ImportProgress =>
  isObject(value) && typeof value.phase === 'string' && (value.fraction === null || typeof value.fraction === 'number') && isArray(value.threadIds);

/** Where the server stands with the import sent under `progressId`. */
export function getImportProgress(progressId: string): Promise<ApiResult<ImportProgress>> {
  return requestJson('GET', `/api/imports/progress/${encodeURIComponent(progressId)}`, isImportProgress);
}

/** Imports pasted text. */
export function importText(content: string, format?: string, fileName?: string): Promise<ApiResult<ImportResponse>> {
  return requestJson('POST', '/api/imports', isImportResponse, jsonBody({ content, ...(format ? { format } : {}), ...(fileName ? { fileName } : {}) }));
}

const isScoringStatus = (value: unknown): value is ScoringStatus =>
  isObject(value) && typeof value.remote === 'boolean' && typeof value.pending === 'number' && typeof value.failed === 'number';

/** What the server's scorer is doing (backlog of a remote scorer). */
export function getScoringStatus(): Promise<ApiResult<ScoringStatus>> {
  return requestJson('GET', '/api/scoring', isScoringStatus);
}

/** Switches the server's scorer (one of the choices `getScoringStatus` lists as available). */
export function setScorer(name: string): Promise<ApiResult<ScoringStatus>> {
  return requestJson('PUT', '/api/scoring/scorer', isScoringStatus, jsonBody({ name }));
}

/** Asks the server to score again the comments whose scoring failed. */
export function rescoreThread(threadId: string): Promise<ApiResult<RescoreResponse>> {
  return requestJson('POST', `${threadPath(threadId)}/rescore`, isRescore);
}

const isRemoveMissing = (value: unknown): value is RemoveMissingResponse => isObject(value) && typeof value.removed === 'number' && typeof value.revision === 'number';

/** Removes the comments the import of `revision` lacked (kept until now); refused (409) if the thread was imported again since. */
export function removeMissing(threadId: string, revision: number): Promise<ApiResult<RemoveMissingResponse>> {
  return requestJson('POST', `${threadPath(threadId)}/missing/remove`, isRemoveMissing, jsonBody({ revision }));
}

export function postDecision(threadId: string, input: DecisionInput): Promise<ApiResult<DecisionResponse>> {
  return requestJson('POST', `${threadPath(threadId)}/decisions`, isDecisionResponse, jsonBody(input));
}

export function listDecisions(threadId: string): Promise<ApiResult<DecisionEvent[]>> {
  return requestJson('GET', `${threadPath(threadId)}/decisions`, (v): v is DecisionEvent[] => isArray(v));
}

const isReasonList = (value: unknown): value is ReasonDef[] =>
  isArray(value) && value.every((r) => isObject(r) && typeof r.code === 'string' && typeof r.label === 'string' && typeof r.retired === 'boolean' && typeof r.needsNote === 'boolean');

/** The team's reasons, retired ones included (GET /api/reasons). */
export function listReasons(): Promise<ApiResult<ReasonDef[]>> {
  return requestJson('GET', '/api/reasons', isReasonList);
}

/** Replaces the team's reasons (PUT /api/reasons; editors). */
export function saveReasons(reasons: ReasonDef[]): Promise<ApiResult<ReasonDef[]>> {
  return requestJson('PUT', '/api/reasons', isReasonList, jsonBody({ reasons }));
}

const EXTENSION: Record<ReportFormat, string> = { json: 'json', csv: 'csv', html: 'html' };

/** The file name from a Content-Disposition header, if it carries a plain one. */
function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // Malformed encoding: fall through to the plain parameter.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? null;
}

/** Drops path separators, characters Windows refuses and control characters from a suggested file name. */
function safeFileName(name: string): string {
  let out = '';
  for (const ch of name) out += ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch;
  return out.slice(0, 120) || 'threadscope-report';
}

/** POSTs `body` to a thread's `what` route and returns the answer as a downloadable file (the server's name, else `fallback`). */
async function downloadFrom(threadId: string, what: string, body: unknown, fallback: string, unreadable: string): Promise<ApiResult<ReportDownload>> {
  const path = `${threadPath(threadId)}/${what}`;
  const route = `POST ${path}`;
  const sent = await send(route, path, { method: 'POST', ...jsonBody(body) });
  if (!sent.ok) return sent;
  let blob: Blob;
  try {
    blob = await sent.response.blob();
  } catch {
    return failure(route, sent.response.status, unreadable);
  }
  const fileName = safeFileName(dispositionName(sent.response.headers.get('Content-Disposition')) ?? fallback);
  return { ok: true, value: { blob, fileName } };
}

/** Asks the server for a flag report and returns it as a downloadable file. */
export function requestReport(threadId: string, request: ReportRequest): Promise<ApiResult<ReportDownload>> {
  return downloadFrom(threadId, 'report', request, `threadscope-report-${threadId}.${EXTENSION[request.format]}`, 'The report could not be read from the server reply.');
}

/** Asks the server for the statements of reasons of a thread's rejected comments (ADR 0026) as a downloadable file. */
export function requestStatements(threadId: string, request: StatementsRequest): Promise<ApiResult<ReportDownload>> {
  return downloadFrom(threadId, 'statements', request, `statements-of-reasons-${threadId}.${request.format}`, 'The statements could not be read from the server reply.');
}

const isAuthorHistory = (value: unknown): value is AuthorHistory =>
  isObject(value) && typeof value.author === 'string' && isObject(value.counts) && typeof value.truncated === 'boolean' && isArray(value.comments) &&
  value.comments.every((c) => isObject(c) && typeof c.threadId === 'string' && typeof c.commentId === 'string' && typeof c.text === 'string' && isArray(c.flagReasons));

/** A commenter's comments across all threads (GET /api/authors/history, ADR 0026). */
export function getAuthorHistory(author: string): Promise<ApiResult<AuthorHistory>> {
  return requestJson('GET', `/api/authors/history?author=${encodeURIComponent(author)}`, isAuthorHistory);
}

const isApiKeys = (value: unknown): value is ApiKeysResponse => isObject(value) && isArray(value.keys);

/** The live keys of the Perspective-compatible API with their usage (never a key). */
export function listApiKeys(): Promise<ApiResult<ApiKeysResponse>> {
  return requestJson('GET', '/api/api-keys', isApiKeys);
}

const isAuditEntries = (value: unknown): value is AuditEntry[] =>
  isArray(value) && value.every((e) => isObject(e) && typeof e.seq === 'number' && typeof e.at === 'string' && typeof e.actor === 'string' && typeof e.action === 'string' && typeof e.what === 'string');

/** Audit entries, newest first (GET /api/audit; `search` from src/ui/audit/audit-model.ts, e.g. "?actor=ada"). */
export function listAudit(search: string): Promise<ApiResult<AuditEntry[]>> {
  return requestJson('GET', `/api/audit${search}`, isAuditEntries);
}

const isTeamThresholds = (value: unknown): value is TeamThresholds =>
  isObject(value) && validateThresholds(value.thresholds) === null && (value.updatedAt === null || typeof value.updatedAt === 'string') && (value.updatedBy === null || typeof value.updatedBy === 'string');

/** The team's thresholds (built-in defaults with updatedAt null when never set). */
export function getTeamThresholds(): Promise<ApiResult<TeamThresholds>> {
  return requestJson('GET', '/api/settings/thresholds', isTeamThresholds);
}

/** Sets the team's thresholds (administrators), with the reason recorded in the audit trail. */
export function saveTeamThresholds(update: TeamThresholdsUpdate): Promise<ApiResult<TeamThresholds>> {
  return requestJson('PUT', '/api/settings/thresholds', isTeamThresholds, jsonBody(update));
}

// The team queue (ADR 0025): claims and snoozes of a thread.
const isQueueSnapshot = (value: unknown): value is QueueSnapshot =>
  isObject(value) && typeof value.threadId === 'string' && isArray(value.claims) && isArray(value.snoozes) &&
  value.claims.every((c) => isObject(c) && typeof c.commentId === 'string' && typeof c.by === 'string' && typeof c.expiresAt === 'string') &&
  value.snoozes.every((s) => isObject(s) && typeof s.commentId === 'string' && typeof s.by === 'string' && typeof s.until === 'string');
const isClaimResponse = (value: unknown): value is ClaimResponse => isQueueSnapshot(value) && isArray((value as { refused?: unknown }).refused);

/** Live claims and snoozes of a thread (GET /api/threads/:id/queue). */
export function getQueue(threadId: string): Promise<ApiResult<QueueSnapshot>> {
  return requestJson('GET', `${threadPath(threadId)}/queue`, isQueueSnapshot);
}

/** Claims comments for the session's user; those another user holds come back in `refused`. */
export function claimComments(threadId: string, commentIds: readonly string[]): Promise<ApiResult<ClaimResponse>> {
  return requestJson('POST', `${threadPath(threadId)}/claims`, isClaimResponse, jsonBody({ commentIds }));
}

/** Releases the session's user's claims on these comments. */
export function releaseComments(threadId: string, commentIds: readonly string[]): Promise<ApiResult<QueueSnapshot>> {
  return requestJson('DELETE', `${threadPath(threadId)}/claims`, isQueueSnapshot, jsonBody({ commentIds }));
}

/** Snoozes comments until `until` (ISO time), or wakes them with null. */
export function snoozeComments(threadId: string, commentIds: readonly string[], until: string | null): Promise<ApiResult<QueueSnapshot>> {
  return requestJson('POST', `${threadPath(threadId)}/snoozes`, isQueueSnapshot, jsonBody({ commentIds, until }));
}
