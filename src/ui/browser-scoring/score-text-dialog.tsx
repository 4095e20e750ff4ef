/**
 * "Score a text": a moderator types or pastes any text and sees the six scores with their evidence, computed in this
 * browser by the embedded model (the scoring worker), exactly as the server would score it; nothing is sent or stored.
 */
import { useEffect, useMemo, useState } from 'react';
import { ATTRIBUTES, type CommentScore, type ScorerInfo } from '../../core/scoring.ts';
import { Dialog } from '../components/dialog.tsx';
import { HighlightedText } from '../thread/comment-body.tsx';
import type { HighlightSpan } from '../thread/highlight.ts';
import { BrowserJobCancelled, type BrowserScorer } from './browser-scorer.ts';

/** Pause in typing before the text is scored. */
const DEBOUNCE_MS = 250;
/** Longest text accepted (as the server's comment limit is generous, this only guards the dialog). */
const MAX_CHARS = 20_000;

type Result = { text: string; score: CommentScore; scorer: ScorerInfo } | { text: string; error: string };

interface Props {
  scorer: BrowserScorer;
  onClose: () => void;
}

export function ScoreTextDialog({ scorer, onClose }: Props) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (text.trim() === '') return undefined;
    let job: ReturnType<BrowserScorer['score']> | null = null;
    const timer = setTimeout(() => {
      setBusy(true);
      job = scorer.score([{ key: 'text', text }]);
      job.result.then(
        ({ scorer: info, outcomes }) => {
          const outcome = outcomes[0];
          setResult(outcome?.ok ? { text, score: outcome.score, scorer: info } : { text, error: outcome ? outcome.error : 'no result' });
          setBusy(false);
        },
        (error: unknown) => {
          if (error instanceof BrowserJobCancelled) return;
          setResult({ text, error: error instanceof Error ? error.message : String(error) });
          setBusy(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      job?.cancel();
    };
  }, [text, scorer]);

  const shown = text.trim() === '' ? null : result;
  const spans = useMemo<HighlightSpan[]>(() => {
    if (shown === null || !('score' in shown)) return [];
    return ATTRIBUTES.flatMap((a) => (shown.score.evidence[a] ?? []).map((s) => ({ start: s.start, end: s.end, kind: 'toxicity' as const, label: a })));
  }, [shown]);

  return (
    <Dialog title="Score a text" onClose={onClose} className="score-text-dialog">
      <p className="muted">
        Scored in this browser by the embedded model, with the same code and weights as the server: the numbers are the ones a comment with this text
        would get. Nothing is sent or stored.
      </p>
      <label className="field stacked">
        <span>Text to score</span>
        <textarea data-autofocus rows={5} maxLength={MAX_CHARS} value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <div aria-live="polite" aria-busy={busy}>
        {busy && shown === null ? <p className="muted">Scoring…</p> : null}
        {shown !== null && 'error' in shown ? (
          <p role="alert" className="import-error">
            {shown.error}
          </p>
        ) : null}
        {shown !== null && 'score' in shown ? (
          <>
            {shown.score.languageUnsupported === true ? (
              <p className="tp-tag tp-tag-warn">unsupported language: {shown.score.language ?? 'unknown'} — the model was trained on English; these scores are not reliable</p>
            ) : null}
            <table className="score-table" aria-label="Scores of the text">
              <thead>
                <tr>
                  <th scope="col">Attribute</th>
                  <th scope="col">Score</th>
                  <th scope="col">Evidence</th>
                </tr>
              </thead>
              <tbody>
                {ATTRIBUTES.map((a) => {
                  const value = shown.score.scores[a];
                  return (
                    <tr key={a}>
                      <th scope="row">{a}</th>
                      <td>
                        {value === undefined ? (
                          '—'
                        ) : (
                          <>
                            <meter min={0} max={1} value={value} aria-label={`${a} score`} /> {value.toFixed(3)}
                          </>
                        )}
                      </td>
                      <td>{(shown.score.evidence[a] ?? []).map((s) => `“${s.text}”`).join(', ')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <HighlightedText text={shown.text} spans={spans} />
            <p className="muted">
              {shown.scorer.name} {shown.scorer.version}
            </p>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
