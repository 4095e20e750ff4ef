/**
 * A fake Perspective API on loopback for tests and local runs: POST /v1alpha1/comments:analyze?key=..., the real
 * request and response formats (summary and span scores in code points), and the real error bodies: 400 bad key,
 * 400 empty comment, 400 LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE, 429 quota, 503. Failures can be scripted per request.
 */
import { type FakeReply, type FakeServer, type RecordedRequest, startFakeServer } from './fake-http.ts';

export const FAKE_PERSPECTIVE_KEY = 'fake-perspective-key-0123456789';

/** Words that push the fake's scores up, per attribute. */
const WORDS: Record<string, RegExp> = {
  TOXICITY: /\b(idiot|idiots|stupid|moron|scum|hate|kill|damn|vermin|parasites?)\b/giu,
  SEVERE_TOXICITY: /\b(scum|vermin|kill)\b/giu,
  IDENTITY_ATTACK: /\b(jews?|jewish|zionists?|parasites?|vermin)\b/giu,
  INSULT: /\b(idiot|idiots|stupid|moron|scum)\b/giu,
  PROFANITY: /\b(damn|hell|crap)\b/giu,
  THREAT: /\b(kill|shoot|hang)\b/giu,
};

/** Languages each attribute supports in the fake (a reduced copy of the service's list). */
const SUPPORTED: Record<string, readonly string[]> = {
  TOXICITY: ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'ja', 'ar'],
  SEVERE_TOXICITY: ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru'],
  IDENTITY_ATTACK: ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru'],
  INSULT: ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'ja'],
  PROFANITY: ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'ja'],
  THREAT: ['en', 'de', 'fr', 'es', 'it', 'pt', 'ru'],
};

const cpLength = (s: string) => [...s].length;

function error(code: number, message: string, status: string, details?: unknown[]): FakeReply {
  return { status: code, body: { error: { code, message, status, ...(details ? { details } : {}) } } };
}

/** Ready-made failures, in the service's formats. */
export const PERSPECTIVE_FAILURES = {
  unavailable: (): FakeReply => error(503, 'The service is currently unavailable.', 'UNAVAILABLE'),
  quota: (retryAfterSeconds?: number): FakeReply => ({
    ...error(429, "Quota exceeded for quota metric 'Analysis requests (AnalyzeComment)' and limit 'Analysis requests (AnalyzeComment) per minute per user' of service 'commentanalyzer.googleapis.com' for consumer 'project_number:000000000000'.", 'RESOURCE_EXHAUSTED'),
    ...(retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}),
  }),
  badKey: (): FakeReply => error(400, 'API key not valid. Please pass a valid API key.', 'INVALID_ARGUMENT', [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
  ]),
  forbidden: (): FakeReply => error(403, 'The caller does not have permission', 'PERMISSION_DENIED'),
  gone: (): FakeReply => error(404, 'Requested entity was not found.', 'NOT_FOUND'),
  slow: (delayMs: number): FakeReply => ({ status: 200, body: {}, delayMs }),
};

/** The fake's answer to a well-formed, authorized request. */
export function analyzeReply(body: unknown, answerDelayMs = 0): FakeReply {
  const request = body as { comment?: { text?: unknown }; requestedAttributes?: Record<string, unknown>; languages?: unknown; doNotStore?: unknown } | undefined;
  const text = typeof request?.comment?.text === 'string' ? request.comment.text : '';
  if (text.trim() === '') {
    return error(400, 'Comment must be non-empty.', 'INVALID_ARGUMENT', [{ '@type': 'type.googleapis.com/google.commentanalyzer.v1alpha1.Error', errorType: 'COMMENT_EMPTY' }]);
  }
  if (Buffer.byteLength(text, 'utf8') > 20_480) {
    return error(400, 'Comment text too long.', 'INVALID_ARGUMENT', [{ '@type': 'type.googleapis.com/google.commentanalyzer.v1alpha1.Error', errorType: 'COMMENT_TOO_LONG' }]);
  }
  const requested = Object.keys(request?.requestedAttributes ?? {});
  if (requested.length === 0) return error(400, 'No requested attributes.', 'INVALID_ARGUMENT');
  const languages = Array.isArray(request?.languages) && request.languages.length > 0 ? request.languages.map(String) : [/[\u3040-\u30ff]/u.test(text) ? 'ja' : 'en'];
  for (const attribute of requested) {
    const support = SUPPORTED[attribute];
    if (!support) return error(400, `Unknown attribute: ${attribute}`, 'INVALID_ARGUMENT');
    if (!languages.every((l) => support.includes(l))) {
      return error(400, `Attribute ${attribute} does not support request languages: ${languages.join(',')}`, 'INVALID_ARGUMENT', [{
        '@type': 'type.googleapis.com/google.commentanalyzer.v1alpha1.Error',
        errorType: 'LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE',
        languageNotSupportedByAttributeError: { detectedLanguages: languages, attribute },
      }]);
    }
  }
  const attributeScores: Record<string, unknown> = {};
  for (const attribute of requested) {
    const spanScores: Array<{ begin: number; end: number; score: { value: number; type: string } }> = [];
    for (const match of text.matchAll(WORDS[attribute]!)) {
      const begin = cpLength(text.slice(0, match.index));
      spanScores.push({ begin, end: begin + cpLength(match[0]), score: { value: 0.91, type: 'PROBABILITY' } });
    }
    const value = spanScores.length > 0 ? 0.91 : 0.04;
    if (spanScores.length === 0) spanScores.push({ begin: 0, end: cpLength(text), score: { value, type: 'PROBABILITY' } });
    attributeScores[attribute] = { spanScores, summaryScore: { value, type: 'PROBABILITY' } };
  }
  return { status: 200, body: { attributeScores, languages, detectedLanguages: languages }, delayMs: answerDelayMs };
}

export interface FakePerspective extends FakeServer {
  /** Requests that reached the analyze route. */
  analyzeRequests(): RecordedRequest[];
}

/** Starts the fake. Requests with another key get the service's 400 "API key not valid". */
export async function startFakePerspective(options: { key?: string; answerDelayMs?: number } = {}): Promise<FakePerspective> {
  const key = options.key ?? FAKE_PERSPECTIVE_KEY;
  const server = await startFakeServer(
    (_req, url) => url.searchParams.get('key'),
    (request): FakeReply => {
      if (request.method !== 'POST' || request.path !== '/v1alpha1/comments:analyze') return error(404, 'Not found', 'NOT_FOUND');
      if (request.key !== key) return PERSPECTIVE_FAILURES.badKey();
      return analyzeReply(request.body, options.answerDelayMs);
    },
  );
  return { ...server, analyzeRequests: () => server.requests.filter((r) => r.path === '/v1alpha1/comments:analyze') };
}
