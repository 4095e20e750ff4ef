/**
 * Keeps the serialized thread view (everything but the decisions) of recently opened threads, so that opening a
 * large thread again costs a decisions query and a string join instead of rebuilding and re-serializing it.
 *
 * A view is cached only when it is complete (every scorable text has cached results for the current scorer and
 * detector versions); its key holds the thread's import time, those versions and the feedback version (the latest
 * comments:suggestscore row), so a re-import, another scorer or new feedback never serves a stale view. Decisions
 * are never cached: they are read from the log on every request.
 */
import type { ThreadView } from '../core/api.ts';
import type { DecisionEvent } from '../core/decisions.ts';
import { getThreadView } from './thread-view.ts';
import { notScoredMessage, scorePending, type Engines } from './score-texts.ts';
import { feedbackVersion } from './store/score-feedback.ts';
import type { Store } from './store/store.ts';

type ViewWithoutDecisions = Omit<ThreadView, 'decisions'>;

interface Entry {
  key: string;
  view: ViewWithoutDecisions;
  /** JSON of `view`, an object text ending in "}". */
  json: string;
}

export class ThreadViewCache {
  private readonly entries = new Map<string, Entry>();

  /** @param maxThreads how many threads to keep (least recently used ones are dropped first). */
  constructor(private readonly maxThreads = 8) {}

  /** The view of a thread, scoring what the caches lack first; null when the thread is unknown. */
  async view(store: Store, threadId: string, engines: Engines): Promise<ThreadView | null> {
    const entry = await this.entry(store, threadId, engines);
    return entry ? { ...entry.view, decisions: await store.decisions(threadId) } : null;
  }

  /** The view as JSON text, as GET /api/threads/:id answers it; null when the thread is unknown. */
  async json(store: Store, threadId: string, engines: Engines): Promise<string | null> {
    const entry = await this.entry(store, threadId, engines);
    if (!entry) return null;
    const decisions: DecisionEvent[] = await store.decisions(threadId);
    return `${entry.json.slice(0, -1)},"decisions":${JSON.stringify(decisions)}}`;
  }

  /** Drops a thread's view (after it was re-imported). Keys already change then; this frees the memory early. */
  forget(threadId: string): void {
    this.entries.delete(threadId);
  }

  private async entry(store: Store, threadId: string, engines: Engines): Promise<Entry | null> {
    const thread = await store.getThread(threadId);
    if (!thread) return null;
    const { scorer, detector } = engines;
    // Any new comments:suggestscore feedback changes the version, so a view never misses feedback that arrived.
    const key = `${thread.importedAt}|${scorer.name}@${scorer.version}|${detector.name}@${detector.version}|feedback@${await feedbackVersion(store.sql)}`;
    const hit = this.entries.get(threadId);
    if (hit && hit.key === key) {
      this.entries.delete(threadId);
      this.entries.set(threadId, hit);
      return hit;
    }
    await scorePending(store, threadId, engines);
    const full = await getThreadView(store, threadId, scorer, detector);
    if (!full) return null;
    const { decisions: _decisions, ...view } = full;
    const entry: Entry = { key, view, json: JSON.stringify(view) };
    const notScored = notScoredMessage(scorer);
    if (view.comments.some((c) => c.scoreError === notScored)) return entry;
    this.entries.delete(threadId);
    this.entries.set(threadId, entry);
    while (this.entries.size > this.maxThreads) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
