/**
 * Choosing a scorer by name (local | perspective | openai) from the environment, shared by the CLI and the server.
 * Keys are read here, on the server side only, and never put in a message.
 */
import type { Scorer } from '../../core/scoring.ts';
import { createEmbeddedScorer } from '../../scoring/index.ts';
import { systemClock } from './clock.ts';
import { FallbackScorer } from './fallback-scorer.ts';
import { OpenAiModerationScorer } from './openai-moderation-scorer.ts';
import { PERSPECTIVE_SHUTDOWN_DATE, PerspectiveScorer } from './perspective-scorer.ts';
import type { RemoteScorer } from './remote-scorer.ts';

/** Scorer names the CLI and the server accept. */
export const SCORER_CHOICES = ['local', 'perspective', 'openai'] as const;
export type ScorerChoice = (typeof SCORER_CHOICES)[number];

/** Environment variables the remote scorers read. */
export interface ScorerEnv {
  PERSPECTIVE_API_KEY?: string | undefined;
  PERSPECTIVE_BASE_URL?: string | undefined;
  PERSPECTIVE_QPS?: string | undefined;
  PERSPECTIVE_LANGUAGE?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_QPS?: string | undefined;
}

/** A scorer setting that cannot be used (missing key, bad rate); the message names the variable, never a key. */
export class ScorerConfigError extends Error {
  override name = 'ScorerConfigError';
}

/** What `createScorer` made. */
export interface ChosenScorer {
  scorer: Scorer;
  /** The remote adapter behind `scorer`, when one was chosen. */
  remote: RemoteScorer | null;
  /** A line to show when the scorer starts (Perspective past its shutdown date), or null. */
  notice: string | null;
}

export function isScorerChoice(value: string): value is ScorerChoice {
  return (SCORER_CHOICES as readonly string[]).includes(value);
}

function parseQps(raw: string | undefined, variable: string): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const qps = Number(raw.trim());
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(qps > 0) || qps > 1000) throw new ScorerConfigError(`${variable} must be a number of requests per second above 0 and at most 1000, got "${raw.slice(0, 20)}"`);
  return qps;
}

function requireKey(raw: string | undefined, variable: string, choice: ScorerChoice): string {
  if (raw === undefined || raw.trim() === '') throw new ScorerConfigError(`the ${choice} scorer needs an API key in the environment variable ${variable}`);
  if (/\s/.test(raw.trim())) throw new ScorerConfigError(`${variable} contains spaces; it must hold the API key only`);
  return raw.trim();
}

/** Builds the chosen scorer. Throws ScorerConfigError for a missing key or a bad setting. */
export function createScorer(choice: ScorerChoice, env: ScorerEnv, options: { now?: number; onFallback?: (message: string) => void } = {}): ChosenScorer {
  if (choice === 'local') return { scorer: createEmbeddedScorer(), remote: null, notice: null };
  try {
    if (choice === 'perspective') {
      const apiKey = requireKey(env.PERSPECTIVE_API_KEY, 'PERSPECTIVE_API_KEY', choice);
      const remote = new PerspectiveScorer({
        apiKey,
        baseUrl: env.PERSPECTIVE_BASE_URL?.trim() || undefined,
        language: env.PERSPECTIVE_LANGUAGE?.trim() || undefined,
        scheduler: { qps: parseQps(env.PERSPECTIVE_QPS, 'PERSPECTIVE_QPS') },
        clock: { ...systemClock, now: () => options.now ?? Date.now() },
      });
      const today = new Date(options.now ?? Date.now()).toISOString().slice(0, 10);
      const notice = today > PERSPECTIVE_SHUTDOWN_DATE
        ? `Perspective was announced to end after ${PERSPECTIVE_SHUTDOWN_DATE}; if the service answers that it is gone, the embedded scorer is used instead.`
        : null;
      return { scorer: new FallbackScorer(remote, createEmbeddedScorer(), options.onFallback), remote, notice };
    }
    const apiKey = requireKey(env.OPENAI_API_KEY, 'OPENAI_API_KEY', choice);
    const remote = new OpenAiModerationScorer({
      apiKey,
      baseUrl: env.OPENAI_BASE_URL?.trim() || undefined,
      scheduler: { qps: parseQps(env.OPENAI_QPS, 'OPENAI_QPS') },
    });
    return { scorer: remote, remote, notice: null };
  } catch (error) {
    if (error instanceof ScorerConfigError) throw error;
    throw new ScorerConfigError(error instanceof Error ? error.message : String(error));
  }
}
