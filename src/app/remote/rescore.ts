/**
 * Retrying unscored comments: drops the stored per-comment errors of a thread for the current scorer version and
 * scores those texts again (the score cache keeps errors so that a failure is shown, not silently retried forever).
 */
import type { Engines } from '../score-texts.ts';
import { scorePending } from '../score-texts.ts';
import type { Store } from '../store/store.ts';

const FORGET_SQL = `DELETE FROM scores WHERE scorer_name = ? AND scorer_version = ? AND error IS NOT NULL AND scored_at < ?
  AND text_hash IN (SELECT text_hash FROM comments WHERE thread_id = ?)`;

/** Forgets the thread's stored score errors for this scorer version (those recorded before `before`, ISO time). */
export function forgetScoreErrors(store: Store, threadId: string, engines: Engines, before = '9999'): number {
  return store.db.prepare(FORGET_SQL).run(engines.scorer.name, engines.scorer.version, before, threadId).changes;
}

/** Scores again what is unscored in a thread; returns how many distinct texts were retried. */
export async function rescoreThread(store: Store, threadId: string, engines: Engines, before?: string): Promise<number> {
  const forgotten = forgetScoreErrors(store, threadId, engines, before);
  if (forgotten === 0) return 0;
  await scorePending(store, threadId, engines);
  return forgotten;
}
