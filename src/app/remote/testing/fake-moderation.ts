/**
 * A fake OpenAI moderation endpoint on loopback: POST /v1/moderations with a bearer key, `input` as a string or an
 * array, answers in the real format (results with categories and category_scores) and the real error bodies:
 * 401 invalid_api_key (which, like the real one, echoes the key it got), 429 rate_limit_exceeded and
 * insufficient_quota, 400, 5xx, slow answers.
 */
import { type FakeReply, type FakeServer, type RecordedRequest, startFakeServer } from './fake-http.ts';

export const FAKE_OPENAI_KEY = 'sk-fake-openai-key-0123456789abcdef';

export const OPENAI_CATEGORIES = [
  'harassment', 'harassment/threatening', 'hate', 'hate/threatening', 'illicit', 'illicit/violent', 'self-harm',
  'self-harm/intent', 'self-harm/instructions', 'sexual', 'sexual/minors', 'violence', 'violence/graphic',
] as const;

/** Words that push a category up in the fake. */
const WORDS: Partial<Record<(typeof OPENAI_CATEGORIES)[number], RegExp>> = {
  harassment: /\b(idiot|stupid|moron|scum)\b/iu,
  'harassment/threatening': /\b(i will find you|watch your back)\b/iu,
  hate: /\b(vermin|parasites?)\b/iu,
  'hate/threatening': /\b(exterminate)\b/iu,
  violence: /\b(kill|shoot|hang)\b/iu,
};

function error(status: number, message: string, type: string, code: string | null): FakeReply {
  return { status, body: { error: { message, type, param: null, code } } };
}

export const MODERATION_FAILURES = {
  unavailable: (): FakeReply => error(503, 'The server is overloaded or not ready yet.', 'server_error', null),
  rateLimit: (retryAfterSeconds?: number): FakeReply => ({
    ...error(429, 'Rate limit reached for omni-moderation-latest on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 1s.', 'requests', 'rate_limit_exceeded'),
    ...(retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}),
  }),
  noQuota: (): FakeReply => error(429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota'),
  slow: (delayMs: number): FakeReply => ({ status: 200, body: {}, delayMs }),
};

function result(text: string) {
  const categoryScores: Record<string, number> = {};
  const categories: Record<string, boolean> = {};
  const types: Record<string, string[]> = {};
  for (const c of OPENAI_CATEGORIES) {
    categoryScores[c] = WORDS[c]?.test(text) ? 0.87 : 0.002;
    categories[c] = categoryScores[c] > 0.5;
    types[c] = ['text'];
  }
  return { flagged: Object.values(categories).some(Boolean), categories, category_scores: categoryScores, category_applied_input_types: types };
}

export interface FakeModeration extends FakeServer {
  moderationRequests(): RecordedRequest[];
}

/** Starts the fake; requests with another bearer key get 401 invalid_api_key. */
export async function startFakeModeration(options: { key?: string } = {}): Promise<FakeModeration> {
  const key = options.key ?? FAKE_OPENAI_KEY;
  const server = await startFakeServer(
    (req) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null,
    (request): FakeReply => {
      if (request.method !== 'POST' || request.path !== '/v1/moderations') return error(404, 'Invalid URL', 'invalid_request_error', null);
      if (request.key !== key) return error(401, `Incorrect API key provided: ${request.key ?? ''}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key');
      const body = request.body as { model?: unknown; input?: unknown } | undefined;
      if (body?.model !== 'omni-moderation-latest') return error(400, `The model \`${String(body?.model)}\` does not exist`, 'invalid_request_error', 'model_not_found');
      const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : null;
      if (!inputs || inputs.length === 0 || inputs.some((i) => typeof i !== 'string' || i === '')) return error(400, "Invalid value for 'input'.", 'invalid_request_error', null);
      return { status: 200, body: { id: `modr-${server.requests.length}`, model: 'omni-moderation-2024-09-26', results: (inputs as string[]).map(result) } };
    },
  );
  return { ...server, moderationRequests: () => server.requests.filter((r) => r.path === '/v1/moderations') };
}
