/**
 * The Perspective adapter (perspective-api-client 3.1.0, server only): six attributes, doNotStore always, a language
 * hint, unsupported attributes marked rather than zeroed, long texts split and combined, and errors mapped to
 * messages that never carry the key or the URL (the client's own errors hold both, so they are never passed on).
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the package ships no types; every tsconfig that compiles this file must see them
/// <reference path="./perspective-api-client.d.ts" />
import Perspective, { type AnalyzeResult, type ResponseError } from 'perspective-api-client';
import { ATTRIBUTES, type Attribute, type CommentScore, type ScoreOutcome, type ScoreRequest, type Span } from '../../core/scoring.ts';
import type { Clock } from './clock.ts';
import { PERSPECTIVE_ORIGIN, withPerspectiveCall } from './perspective-redirect.ts';
import { checkBaseUrl, networkCode, RemoteJobError, type RemoteScorer, safeServiceText } from './remote-scorer.ts';
import { parseRetryAfter, RemoteError, Scheduler, type SchedulerOptions } from './scheduler.ts';
import { PERSPECTIVE_MAX_BYTES, splitText } from './text-chunks.ts';

export const PERSPECTIVE_SCORER_NAME = 'perspective';
/** The day after which Google no longer runs the service (announced: no service after 2026). */
export const PERSPECTIVE_SHUTDOWN_DATE = '2026-12-31';
/** A span score at or above this is kept as evidence. */
export const PERSPECTIVE_EVIDENCE_MIN = 0.5;
export const PERSPECTIVE_KEY_REJECTED = 'Perspective rejected the API key (PERSPECTIVE_API_KEY)';

/** Settings of the adapter. */
export interface PerspectiveOptions {
  apiKey: string;
  /** A Perspective-compatible server (local fake, proxy) instead of commentanalyzer.googleapis.com. */
  baseUrl?: string;
  /** Language hint sent with every comment, default "en"; "auto" lets the service detect it. */
  language?: string;
  /** Scheduler settings (qps from PERSPECTIVE_QPS, default 1). */
  scheduler?: Omit<SchedulerOptions, 'service'>;
  /** Today, for the shutdown notice in the description (default: the scheduler clock or Date.now). */
  clock?: Clock;
  /** Bytes per request (default 20,480). */
  maxBytes?: number;
}

/** The attribute could not be scored in this language (Perspective's LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE). */
class UnsupportedAttribute extends RemoteError {
  constructor(readonly attribute: Attribute | null, language: string) {
    super('fatal', `Perspective does not support language "${language}" for ${attribute ?? 'these attributes'}`);
  }
}

interface ErrorBody {
  message?: unknown;
  status?: unknown;
  details?: Array<{ errorType?: unknown; reason?: unknown; languageNotSupportedByAttributeError?: { attribute?: unknown; detectedLanguages?: unknown } }>;
}

function isAttribute(value: unknown): value is Attribute {
  return typeof value === 'string' && (ATTRIBUTES as readonly string[]).includes(value);
}

/** Code-point offset `cp` in `text` as a UTF-16 offset (Perspective counts code points). */
function utf16Offset(text: string, cp: number): number {
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (points >= cp) break;
    units += ch.length;
    points++;
  }
  return units;
}

export class PerspectiveScorer implements RemoteScorer {
  readonly name = PERSPECTIVE_SCORER_NAME;
  readonly version: string;
  readonly attributes = ATTRIBUTES;
  readonly description: string;
  readonly keyVariable = 'PERSPECTIVE_API_KEY';
  fatalError: string | null = null;
  gone = false;
  private readonly client: Perspective;
  private readonly baseUrl: string | null;
  private readonly language: string;
  private readonly scheduler: Scheduler;
  private readonly maxBytes: number;
  private readonly key: string;

  constructor(options: PerspectiveOptions) {
    const key = options.apiKey.trim();
    if (key === '' || /\s/.test(key)) throw new Error('PERSPECTIVE_API_KEY is empty or contains spaces');
    this.key = key;
    this.client = new Perspective({ apiKey: key });
    this.baseUrl = options.baseUrl ? checkBaseUrl(options.baseUrl, 'PERSPECTIVE_BASE_URL') : null;
    const language = (options.language ?? 'en').trim() || 'en';
    if (!/^(auto|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$/.test(language)) throw new Error(`PERSPECTIVE_LANGUAGE must be a language code such as "en" or "auto", got "${language.slice(0, 20)}"`);
    this.language = language;
    this.scheduler = new Scheduler({ service: 'Perspective', ...options.scheduler });
    this.maxBytes = options.maxBytes ?? PERSPECTIVE_MAX_BYTES;
    const endpoint = this.baseUrl ?? PERSPECTIVE_ORIGIN;
    this.version = `perspective-v1alpha1@${endpoint}${language === 'en' ? '' : `;lang=${language}`}`;
    const today = new Date((options.clock ?? options.scheduler?.clock)?.now() ?? Date.now()).toISOString().slice(0, 10);
    const shutdown = today > PERSPECTIVE_SHUTDOWN_DATE
      ? ` Google announced no service after ${PERSPECTIVE_SHUTDOWN_DATE}; if it no longer answers, the embedded scorer is used instead.`
      : ` Google announced that the service ends after ${PERSPECTIVE_SHUTDOWN_DATE}.`;
    this.description = `Google Jigsaw Perspective API (${this.baseUrl === null ? 'commentanalyzer.googleapis.com' : new URL(endpoint).host}), six attributes, language ${language}, comments not stored by Google, at most ${this.scheduler.qps} requests per second.${shutdown}`;
  }

  get qps(): number {
    return this.scheduler.qps;
  }

  stats() {
    return this.scheduler.stats();
  }

  async score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
    if (this.fatalError !== null) throw new RemoteJobError(this.fatalError);
    const outcomes = await Promise.all(batch.map(async (request): Promise<ScoreOutcome> => {
      try {
        return { ok: true, score: await this.scoreText(request.text) };
      } catch (error) {
        return { ok: false, error: error instanceof RemoteError ? error.message : 'Perspective: unexpected error' };
      }
    }));
    if (this.fatalError !== null) throw new RemoteJobError(this.fatalError);
    return outcomes;
  }

  private async scoreText(text: string): Promise<CommentScore> {
    if (text.trim() === '') throw new RemoteError('fatal', 'empty text: not sent to Perspective');
    const unsupported = new Set<Attribute>();
    const scores: Partial<Record<Attribute, number>> = {};
    const evidence: Partial<Record<Attribute, Span[]>> = {};
    let detected: string | undefined;
    for (const chunk of splitText(text, this.maxBytes)) {
      if (chunk.text.trim() === '') continue;
      const result = await this.analyzeChunk(chunk.text, unsupported);
      const language = result?.detectedLanguages?.[0];
      if (detected === undefined && typeof language === 'string' && /^[a-z]{2,3}$/.test(language)) detected = language;
      for (const attribute of ATTRIBUTES) {
        const entry = result?.attributeScores?.[attribute];
        const value = entry?.summaryScore?.value;
        if (typeof value !== 'number') continue;
        scores[attribute] = Math.max(scores[attribute] ?? 0, value);
        for (const span of entry?.spanScores ?? []) {
          if (!(span.score?.value >= PERSPECTIVE_EVIDENCE_MIN)) continue;
          const start = chunk.start + utf16Offset(chunk.text, span.begin);
          const end = chunk.start + utf16Offset(chunk.text, span.end);
          if (end <= start) continue;
          (evidence[attribute] ??= []).push({ start, end, text: text.slice(start, end) });
        }
      }
    }
    for (const attribute of unsupported) delete scores[attribute];
    if (Object.keys(scores).length === 0) {
      throw new RemoteError('fatal', unsupported.size > 0 ? `Perspective supports none of the attributes in language "${this.language}"` : 'Perspective returned no scores');
    }
    const score: CommentScore = { scores, evidence };
    if (this.language === 'auto' && detected !== undefined) score.language = detected;
    if (unsupported.size > 0) score.unsupported = ATTRIBUTES.filter((a) => unsupported.has(a));
    return score;
  }

  /** Analyzes one chunk, dropping attributes the service says the language does not support. */
  private async analyzeChunk(text: string, unsupported: Set<Attribute>): Promise<AnalyzeResult | null> {
    for (;;) {
      const requested = ATTRIBUTES.filter((a) => !unsupported.has(a));
      if (requested.length === 0) return null;
      try {
        return await this.scheduler.run((signal) => this.call(text, requested, signal));
      } catch (error) {
        if (!(error instanceof UnsupportedAttribute)) throw error;
        if (error.attribute === null || unsupported.has(error.attribute)) {
          for (const a of requested) unsupported.add(a);
        } else unsupported.add(error.attribute);
      }
    }
  }

  private async call(text: string, requested: readonly Attribute[], signal: AbortSignal): Promise<AnalyzeResult> {
    if (this.fatalError !== null) throw new RemoteError('fatal', this.fatalError);
    const body = {
      comment: { text },
      requestedAttributes: Object.fromEntries(requested.map((a) => [a, {}])),
      spanAnnotations: true,
      doNotStore: true,
      ...(this.language === 'auto' ? {} : { languages: [this.language] }),
    };
    try {
      return await withPerspectiveCall(this.baseUrl, signal, () => this.client.analyze(body, { stripHTML: false, doNotStore: true, validate: false }));
    } catch (error) {
      throw this.classify(error as ResponseError, signal);
    }
  }

  /** Maps a client error to a safe RemoteError. The client error itself (URL with the key) goes no further. */
  private classify(error: ResponseError, signal: AbortSignal): RemoteError {
    if (signal.aborted) return new RemoteError('retry', 'Perspective did not answer in time');
    const response = error?.response;
    if (!response || typeof response.status !== 'number') return new RemoteError('retry', `Perspective could not be reached (${networkCode(error?.message)})`);
    const status = response.status;
    const body = ((response.data as { error?: ErrorBody } | undefined)?.error ?? {}) as ErrorBody;
    const message = safeServiceText(body.message, this.key);
    const details = Array.isArray(body.details) ? body.details : [];
    const types = details.map((d) => `${String(d?.errorType ?? '')} ${String(d?.reason ?? '')}`).join(' ');
    if (status === 429) {
      const retryAfter = parseRetryAfter(response.headers?.['retry-after'] as string | undefined, Date.now());
      return new RemoteError('retry', 'Perspective quota exceeded (HTTP 429)', retryAfter, 429);
    }
    if (status >= 500) return new RemoteError('retry', `Perspective answered HTTP ${status}${message ? `: ${message}` : ''}`, undefined, status);
    if (status === 401 || status === 403 || /API_KEY_INVALID/.test(types) || /API key not valid/i.test(message)) {
      this.fatalError = PERSPECTIVE_KEY_REJECTED;
      return new RemoteError('fatal', PERSPECTIVE_KEY_REJECTED, undefined, status);
    }
    if (status === 404 || status === 410) {
      this.gone = true;
      this.fatalError = `Perspective answered that the service is gone (HTTP ${status})`;
      return new RemoteError('fatal', this.fatalError, undefined, status);
    }
    const language = details.find((d) => d?.languageNotSupportedByAttributeError)?.languageNotSupportedByAttributeError;
    const named = /Attribute (\w+) does not support request languages?: ?([\w-]+)?/i.exec(message);
    if (language || /LANGUAGE_NOT_SUPPORTED/.test(types) || named) {
      const attribute = isAttribute(language?.attribute) ? language.attribute : isAttribute(named?.[1]) ? named[1] : null;
      const detected = Array.isArray(language?.detectedLanguages) ? String(language.detectedLanguages[0] ?? '') : named?.[2] ?? this.language;
      return new UnsupportedAttribute(attribute, safeServiceText(detected, this.key, 20));
    }
    if (/COMMENT_EMPTY/.test(types) || /must be non-empty/i.test(message)) return new RemoteError('fatal', 'Perspective: the comment is empty', undefined, status);
    return new RemoteError('fatal', `Perspective answered HTTP ${status}${message ? `: ${message}` : ''}`, undefined, status);
  }
}

/** The Perspective scorer with the given settings. */
export function createPerspectiveScorer(options: PerspectiveOptions): PerspectiveScorer {
  return new PerspectiveScorer(options);
}
