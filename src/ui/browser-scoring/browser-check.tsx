/**
 * "Check in browser": scores every scored comment of the open thread again in this browser's worker and compares
 * each attribute, evidence span and language marker exactly with the server's numbers. The UI stays responsive (the
 * work is in the worker), progress is shown, and the check can be stopped.
 */
import { useEffect, useRef, useState } from 'react';
import type { ThreadView } from '../../core/api.ts';
import { compareScores, EMBEDDED_SCORER_NAME, type ScoreComparison } from '../../core/browser-scoring.ts';
import { BrowserJobCancelled, type BrowserJob, type BrowserScorer } from './browser-scorer.ts';

/** Differing comments listed at most. */
const MAX_LISTED = 20;

type State =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; comparison: ScoreComparison; version: string; seconds: number }
  | { kind: 'failed'; message: string };

interface Props {
  view: ThreadView;
  scorer: BrowserScorer;
}

export function BrowserCheck({ view, scorer }: Props) {
  // The state belongs to the view it was made for: a new thread (or a reloaded one) starts idle.
  const [owned, setOwned] = useState<{ view: ThreadView; state: State } | null>(null);
  const state: State = owned !== null && owned.view === view ? owned.state : { kind: 'idle' };
  const setState = (next: State): void => setOwned({ view, state: next });
  const job = useRef<BrowserJob | null>(null);
  const embedded = view.scorer.name === EMBEDDED_SCORER_NAME;

  // A running check stops when the thread changes or the header goes away.
  useEffect(
    () => () => {
      job.current?.cancel();
      job.current = null;
    },
    [view],
  );

  const start = (): void => {
    const scored = view.comments.flatMap((c) => (c.score !== null ? [{ key: c.id, text: c.text, score: c.score }] : []));
    const began = performance.now();
    setState({ kind: 'running', done: 0, total: scored.length });
    const running = scorer.score(scored, (done, total) => setState({ kind: 'running', done, total }));
    job.current = running;
    running.result.then(
      ({ scorer: info, outcomes }) => {
        if (job.current !== running) return;
        job.current = null;
        if (info.version !== view.scorer.version) {
          setState({ kind: 'failed', message: `The browser has model ${info.version}, but this thread was scored by ${view.scorer.version}; reload the page after the server's model changed.` });
          return;
        }
        setState({ kind: 'done', comparison: compareScores(scored, outcomes), version: info.version, seconds: (performance.now() - began) / 1000 });
      },
      (error: unknown) => {
        if (job.current !== running) return;
        job.current = null;
        setState(error instanceof BrowserJobCancelled ? { kind: 'idle' } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  };

  const stop = (): void => {
    job.current?.cancel();
  };

  const byId = new Map(view.comments.map((c) => [c.id, c]));
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
          title={embedded ? 'Score every comment again in this browser and compare with the server, exactly' : `This thread was scored by ${view.scorer.name}; the browser runs the embedded model only`}
          onClick={start}
        >
          Check in browser
        </button>
      )}
      <span role="status" className="tp-fact">
        {state.kind === 'done' && state.comparison.mismatches.length === 0
          ? `Browser and server agree exactly on all ${state.comparison.compared} scored comments (${state.version}, ${state.seconds.toFixed(1)} s in the browser)`
          : null}
        {state.kind === 'done' && state.comparison.mismatches.length > 0
          ? `${state.comparison.mismatches.length} of ${state.comparison.compared} scored comments differ in the browser`
          : null}
        {state.kind === 'failed' ? `Browser check failed: ${state.message}` : null}
      </span>
      {state.kind === 'done' && state.comparison.mismatches.length > 0 ? (
        <ul className="browser-check-details" aria-label="Comments that differ">
          {state.comparison.mismatches.slice(0, MAX_LISTED).map((m) => (
            <li key={m.key}>
              {byId.get(m.key)?.author || m.key}: {m.differences.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}
