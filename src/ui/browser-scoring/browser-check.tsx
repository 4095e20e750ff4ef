/**
 * "Check in browser": scores every scored comment of the open thread again in this browser's worker and compares
 * each attribute, evidence span and language marker exactly with the server's numbers. The comments are read by
 * window, COMMENT_WINDOW_MAX at a time, each window scored and compared before the next is read, so a thread of
 * 100,000 comments is never held whole in the page. The UI stays responsive (the work is in the worker), progress
 * is shown, and the check can be stopped.
 */
import { useEffect, useRef, useState } from 'react';
import { COMMENT_WINDOW_MAX, type ThreadIndex } from '../../core/api.ts';
import { compareScores, EMBEDDED_SCORER_NAME, type ScoreMismatch } from '../../core/browser-scoring.ts';
import type { CommentScore } from '../../core/scoring.ts';
import { COMMENT_BITS } from '../../core/thread-index.ts';
import type { OpenThread } from '../state/use-threads.ts';
import { BrowserJobCancelled, type BrowserJob, type BrowserScorer } from './browser-scorer.ts';

/** Differing comments listed at most. */
const MAX_LISTED = 20;

type State =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; compared: number; mismatches: Array<ScoreMismatch & { author: string }>; version: string; seconds: number }
  | { kind: 'failed'; message: string };

interface Props {
  thread: OpenThread;
  scorer: BrowserScorer;
}

/** Comments with a server score: text, and no scoring failure. */
function scoredCount(index: ThreadIndex): number {
  let n = 0;
  for (let i = 0; i < index.count; i++) if (((index.bits[i] ?? 0) & (COMMENT_BITS.EMPTY | COMMENT_BITS.SCORE_ERROR)) === 0) n++;
  return n;
}

class CheckStopped extends Error {}

export function BrowserCheck({ thread, scorer }: Props) {
  const { index, store } = thread;
  const header = index.thread;
  // The state belongs to the index it was made for: a new thread (or a reloaded one) starts idle.
  const [owned, setOwned] = useState<{ index: ThreadIndex; state: State } | null>(null);
  const state: State = owned !== null && owned.index === index ? owned.state : { kind: 'idle' };
  const job = useRef<{ current: BrowserJob | null; stopped: boolean } | null>(null);
  const embedded = header.scorer.name === EMBEDDED_SCORER_NAME;

  // A running check stops when the thread changes or the header goes away.
  useEffect(
    () => () => {
      if (job.current) {
        job.current.stopped = true;
        job.current.current?.cancel();
      }
      job.current = null;
    },
    [index],
  );

  const start = (): void => {
    const run = { current: null as BrowserJob | null, stopped: false };
    job.current = run;
    const setState = (next: State): void => {
      if (job.current === run || next.kind !== 'running') setOwned({ index, state: next });
    };
    const total = scoredCount(index);
    const began = performance.now();
    setState({ kind: 'running', done: 0, total });
    void (async () => {
      let done = 0;
      let compared = 0;
      const mismatches: Array<ScoreMismatch & { author: string }> = [];
      let version = header.scorer.version;
      for (let from = 0; from < index.count; from += COMMENT_WINDOW_MAX) {
        const window = await store.read({ from, count: Math.min(COMMENT_WINDOW_MAX, index.count - from) });
        if (run.stopped) throw new CheckStopped();
        if (!window.ok) throw new Error(`could not read the comments (${window.failure.error})`);
        const scored = window.value.comments.flatMap((c) => (c.score !== null ? [{ key: c.id, text: c.text, score: c.score as CommentScore, author: c.author }] : []));
        if (scored.length === 0) continue;
        const running = scorer.score(scored, (n) => setState({ kind: 'running', done: done + n, total }));
        run.current = running;
        const { scorer: info, outcomes } = await running.result;
        if (run.stopped) throw new CheckStopped();
        if (info.version !== header.scorer.version) {
          throw new Error(`The browser has model ${info.version}, but this thread was scored by ${header.scorer.version}; reload the page after the server's model changed.`);
        }
        version = info.version;
        const comparison = compareScores(scored, outcomes);
        compared += comparison.compared;
        const authors = new Map(scored.map((s) => [s.key, s.author]));
        for (const m of comparison.mismatches) mismatches.push({ ...m, author: authors.get(m.key) ?? '' });
        done += scored.length;
        setState({ kind: 'running', done, total });
      }
      return { compared, mismatches, version };
    })().then(
      ({ compared, mismatches, version }) => {
        if (job.current !== run) return;
        job.current = null;
        setState({ kind: 'done', compared, mismatches, version, seconds: (performance.now() - began) / 1000 });
      },
      (error: unknown) => {
        if (job.current !== run) return;
        job.current = null;
        const stopped = error instanceof BrowserJobCancelled || error instanceof CheckStopped;
        setState(stopped ? { kind: 'idle' } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  };

  const stop = (): void => {
    const run = job.current;
    if (!run) return;
    run.stopped = true;
    run.current?.cancel();
  };

  return (
    <span className="browser-check">
      {state.kind === 'running' ? (
        <>
          <progress max={Math.max(1, state.total)} value={state.done} aria-label="Scoring in the browser" aria-valuetext={`${state.done} of ${state.total} comments`} />
          <span className="tp-fact">
            {state.done} of {state.total}
          </span>
          <button type="button" className="tp-link-button" onClick={stop}>
            Stop check
          </button>
        </>
      ) : (
        <button
          type="button"
          className="tp-link-button"
          disabled={!embedded}
          title={embedded ? 'Score every comment again in this browser and compare with the server, exactly' : `This thread was scored by ${header.scorer.name}; the browser runs the embedded model only`}
          onClick={start}
        >
          Check in browser
        </button>
      )}
      <span role="status" className="tp-fact">
        {state.kind === 'done' && state.mismatches.length === 0 ? `Browser and server agree exactly on all ${state.compared} scored comments (${state.version}, ${state.seconds.toFixed(1)} s in the browser)` : null}
        {state.kind === 'done' && state.mismatches.length > 0 ? `${state.mismatches.length} of ${state.compared} scored comments differ in the browser` : null}
        {state.kind === 'failed' ? `Browser check failed: ${state.message}` : null}
      </span>
      {state.kind === 'done' && state.mismatches.length > 0 ? (
        <ul className="browser-check-details" aria-label="Comments that differ">
          {state.mismatches.slice(0, MAX_LISTED).map((m) => (
            <li key={m.key}>
              {m.author || m.key}: {m.differences.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}
