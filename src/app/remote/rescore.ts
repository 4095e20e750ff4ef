/**
 * Retrying unscored comments: drops the stored per-comment errors of a thread for the current scorer version and
 * scores those texts again (the score cache keeps errors so that a failure is shown, not silently retried forever).
 */
import type { Engines } from '../score-texts.ts';
import { scorePending } from '../score-texts.ts';
import type { Store } from '../store/store.ts';

/** Forgets the thread's stored score errors for this scorer version (those recorded before `before`, ISO time). */
export function forgetScoreErrors(store: Store, threadId: string, engines: Engines, before = '9999'): Promise<number> {
  return store.forgetScoreErrors(threadId, engines.scorer, before);
}

/** Scores again what is unscored in a thread; returns how many distinct texts were retried. */
export async function rescoreThread(store: Store, threadId: string, engines: Engines, before?: string): Promise<number> {
  const forgotten = await forgetScoreErrors(store, threadId, engines, before);
  if (forgotten === 0) return 0;
  await scorePending(store, threadId, engines);
  return forgotten;
}
