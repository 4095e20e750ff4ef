/**
 * The OpenAI moderation adapter: POST {base}/v1/moderations with model omni-moderation-latest over plain fetch,
 * through the shared scheduler, its categories mapped onto Threadscope's attributes by OPENAI_CATEGORY_MAP (each score
 * names the category it came from in `sources`). Errors become messages without the key.
 */
import type { Attribute, CommentScore, ScoreOutcome, ScoreRequest } from '../../core/scoring.ts';
import { checkBaseUrl, networkCode, RemoteJobError, type RemoteScorer, safeServiceText } from './remote-scorer.ts';
import { parseRetryAfter, RemoteError, Scheduler, type SchedulerOptions } from './scheduler.ts';
import { splitText } from './text-chunks.ts';

export const OPENAI_SCORER_NAME = 'openai-moderation';
export const OPENAI_MODERATION_MODEL = 'omni-moderation-latest';
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com';
export const OPENAI_KEY_REJECTED = 'OpenAI rejected the API key (OPENAI_API_KEY)';
/** Largest piece of one text sent as one input (a conservative bound; longer texts are split and combined). */
export const OPENAI_MAX_BYTES = 32_768;
/** Inputs per request (the endpoint takes an array). */
export const OPENAI_INPUTS_PER_REQUEST = 16;

/**
 * Which categories feed each attribute; the attribute's score is the highest of them and `sources` names that category.
 * PROFANITY has no counterpart and is not supplied (left out of `attributes`, never zero).
 */
export const OPENAI_CATEGORY_MAP: Readonly<Partial<Record<Attribute, readonly string[]>>> = {
  TOXICITY: ['harassment', 'harassment/threatening', 'hate', 'hate/threatening', 'violence', 'violence/graphic', 'sexual', 'illicit/violent'],
  SEVERE_TOXICITY: ['hate/threatening'],
  IDENTITY_ATTACK: ['hate'],
  INSULT: ['harassment'],
  THREAT: ['harassment/threatening', 'violence'],
};

const OPENAI_ATTRIBUTES = ['TOXICITY', 'SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'THREAT'] as const satisfies readonly Attribute[];

/** Settings of the adapter. */
export interface OpenAiModerationOptions {
  apiKey: string;
  /** An OpenAI-compatible server instead of https://api.openai.com (OPENAI_BASE_URL). */
  baseUrl?: string;
  /** Scheduler settings (qps from OPENAI_QPS, default 1). */
  scheduler?: Omit<SchedulerOptions, 'service'>;
  /** fetch to use (tests); default the global one. */
  fetch?: typeof fetch;
}

/** The attribute scores of one input's category scores, with the category each came from. */
export function mapCategories(categoryScores: Record<string, unknown>): { scores: Partial<Record<Attribute, number>>; sources: Partial<Record<Attribute, string>> } {
  const scores: Partial<Record<Attribute, number>> = {};
  const sources: Partial<Record<Attribute, string>> = {};
  for (const attribute of OPENAI_ATTRIBUTES) {
    for (const category of OPENAI_CATEGORY_MAP[attribute] ?? []) {
      const value = categoryScores[category];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const clamped = Math.min(1, Math.max(0, value));
      if (scores[attribute] === undefined || clamped > scores[attribute]) {
        scores[attribute] = clamped;
        sources[attribute] = category;
      }
    }
  }
  return { scores, sources };
}

/** The mapping table as one line, e.g. "harassment → INSULT; ...", for descriptions and reports. */
export function describeMap(): string {
  return OPENAI_ATTRIBUTES.map((a) => {
    const categories = OPENAI_CATEGORY_MAP[a] ?? [];
    return categories.length === 1 ? `${categories[0]} → ${a}` : `highest of ${categories.join(', ')} → ${a}`;
  }).join('; ');
}

interface Input {
  text: string;
  /** Index of the request in the batch. */
  item: number;
}

export class OpenAiModerationScorer implements RemoteScorer {
  readonly name = OPENAI_SCORER_NAME;
  readonly version: string;
  readonly attributes = OPENAI_ATTRIBUTES;
  readonly description: string;
  readonly keyVariable = 'OPENAI_API_KEY';
  fatalError: string | null = null;
  gone = false;
  private readonly key: string;
  private readonly endpoint: string;
  private readonly scheduler: Scheduler;
  private readonly fetch: typeof fetch;

  constructor(options: OpenAiModerationOptions) {
    const key = options.apiKey.trim();
    if (key === '' || /\s/.test(key)) throw new Error('OPENAI_API_KEY is empty or contains spaces');
    this.key = key;
    const base = checkBaseUrl(options.baseUrl ?? OPENAI_DEFAULT_BASE_URL, 'OPENAI_BASE_URL');
    this.endpoint = `${base}/v1/moderations`;
    this.scheduler = new Scheduler({ service: 'OpenAI', ...options.scheduler });
    this.fetch = options.fetch ?? fetch;
    this.version = `${OPENAI_MODERATION_MODEL}@${base}`;
    this.description = `OpenAI moderation endpoint (${OPENAI_MODERATION_MODEL} at ${new URL(base).host}), at most ${this.scheduler.qps} requests per second; categories mapped: ${describeMap()}; no PROFANITY score.`;
  }

  get qps(): number {
    return this.scheduler.qps;
  }

  stats() {
    return this.scheduler.stats();
  }

  async score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
    if (this.fatalError !== null) throw new RemoteJobError(this.fatalError);
    const inputs: Input[] = [];
    const errors = new Map<number, string>();
    batch.forEach((request, item) => {
      if (request.text.trim() === '') errors.set(item, 'empty text: not sent to OpenAI');
      else for (const chunk of splitText(request.text, OPENAI_MAX_BYTES)) if (chunk.text.trim() !== '') inputs.push({ text: chunk.text, item });
    });
    const results = new Map<number, CommentScore>();
    const groups: Input[][] = [];
    for (let i = 0; i < inputs.length; i += OPENAI_INPUTS_PER_REQUEST) groups.push(inputs.slice(i, i + OPENAI_INPUTS_PER_REQUEST));
    await Promise.all(groups.map((group) => this.scoreGroup(group, results, errors)));
    if (this.fatalError !== null) throw new RemoteJobError(this.fatalError);
    return batch.map((_request, item): ScoreOutcome => {
      const error = errors.get(item);
      if (error !== undefined) return { ok: false, error };
      const score = results.get(item);
      return score ? { ok: true, score } : { ok: false, error: 'OpenAI returned no result for this text' };
    });
  }

  /** Scores one request's inputs; a group refused as a whole (400) is tried again one input at a time. */
  private async scoreGroup(group: Input[], results: Map<number, CommentScore>, errors: Map<number, string>): Promise<void> {
    let categories: Array<Record<string, unknown>>;
    try {
      categories = await this.scheduler.run((signal) => this.call(group.map((i) => i.text), signal));
    } catch (error) {
      const message = error instanceof RemoteError ? error.message : 'OpenAI: unexpected error';
      if (group.length > 1 && error instanceof RemoteError && error.kind === 'fatal' && error.status === 400) {
        await Promise.all(group.map((input) => this.scoreGroup([input], results, errors)));
        return;
      }
      for (const input of group) if (!errors.has(input.item)) errors.set(input.item, message);
      return;
    }
    group.forEach((input, i) => {
      const mapped = mapCategories(categories[i] ?? {});
      const current = results.get(input.item) ?? { scores: {}, evidence: {}, sources: {} };
      for (const attribute of OPENAI_ATTRIBUTES) {
        const value = mapped.scores[attribute];
        if (value === undefined) continue;
        if (current.scores[attribute] === undefined || value > current.scores[attribute]) {
          current.scores[attribute] = value;
          current.sources![attribute] = mapped.sources[attribute]!;
        }
      }
      results.set(input.item, current);
    });
  }

  private async call(texts: readonly string[], signal: AbortSignal): Promise<Array<Record<string, unknown>>> {
    if (this.fatalError !== null) throw new RemoteError('fatal', this.fatalError);
    let response: Response;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
        body: JSON.stringify({ model: OPENAI_MODERATION_MODEL, input: texts }),
        signal,
        redirect: 'error',
      });
    } catch (error) {
      if (signal.aborted) throw new RemoteError('retry', 'OpenAI did not answer in time');
      const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
      throw new RemoteError('retry', `OpenAI could not be reached (${networkCode(typeof cause?.code === 'string' ? cause.code : cause?.message)})`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (response.ok) {
      const results = (body as { results?: unknown } | undefined)?.results;
      if (!Array.isArray(results) || results.length !== texts.length) throw new RemoteError('retry', 'OpenAI answered without one result per input');
      return results.map((r) => ((r as { category_scores?: Record<string, unknown> } | null)?.category_scores ?? {}));
    }
    throw this.classify(response, body);
  }

  private classify(response: Response, body: unknown): RemoteError {
    const status = response.status;
    const error = (body as { error?: { message?: unknown; code?: unknown; type?: unknown } } | undefined)?.error;
    const message = safeServiceText(error?.message, this.key);
    const code = typeof error?.code === 'string' ? error.code : typeof error?.type === 'string' ? error.type : '';
    if (status === 401 || status === 403 || code === 'invalid_api_key') {
      this.fatalError = OPENAI_KEY_REJECTED;
      return new RemoteError('fatal', OPENAI_KEY_REJECTED, undefined, status);
    }
    if (status === 429 && code === 'insufficient_quota') {
      this.fatalError = 'OpenAI: the account has no quota left (insufficient_quota)';
      return new RemoteError('fatal', this.fatalError, undefined, status);
    }
    if (status === 429) return new RemoteError('retry', 'OpenAI rate limit reached (HTTP 429)', parseRetryAfter(response.headers.get('retry-after'), Date.now()), 429);
    if (status >= 500) return new RemoteError('retry', `OpenAI answered HTTP ${status}${message ? `: ${message}` : ''}`, undefined, status);
    if (status === 404 || status === 410) {
      this.gone = status === 410;
      this.fatalError = `OpenAI answered HTTP ${status} for ${OPENAI_MODERATION_MODEL} (model or endpoint not found)`;
      return new RemoteError('fatal', this.fatalError, undefined, status);
    }
    return new RemoteError('fatal', `OpenAI answered HTTP ${status}${message ? `: ${message}` : ''}`, undefined, status);
  }
}

/** The OpenAI moderation scorer with the given settings. */
export function createOpenAiModerationScorer(options: OpenAiModerationOptions): OpenAiModerationScorer {
  return new OpenAiModerationScorer(options);
}
