/**
 * The scorer switch in the top bar: the scorers the server offers (the embedded one always; Perspective or OpenAI
 * when the server has their key), unavailable ones listed but disabled with the reason. Choosing one switches the
 * server's scorer; the open thread is then reloaded, which scores what the new scorer has not scored yet.
 */
import { useEffect, useState } from 'react';
import type { ScorerOption } from '../../core/api.ts';
import { getScoringStatus, setScorer, type ApiFailure } from '../api/client.ts';

const LABELS: Record<string, string> = { local: 'Embedded (offline)', perspective: 'Perspective API', openai: 'OpenAI moderation' };

interface Props {
  /** Called after the server switched, with the new scorer's name (e.g. to reload the open thread). */
  onSwitched: (scorerName: string) => void;
  onError: (failure: ApiFailure) => void;
}

export function ScorerSwitch({ onSwitched, onError }: Props) {
  const [options, setOptions] = useState<ScorerOption[]>([]);
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void getScoringStatus().then((result) => {
      if (cancelled || !result.ok) return;
      setOptions(Array.isArray(result.value.options) ? result.value.options : []);
      setChoice(result.value.choice ?? null);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  // A switch needs something to switch to: with only the embedded scorer set up, the top bar's scorer name says it all.
  if (options.filter((o) => o.available).length < 2 || choice === null) return null;

  const pick = async (name: string) => {
    setBusy(true);
    const result = await setScorer(name);
    setBusy(false);
    if (!result.ok) {
      onError(result.failure);
      return;
    }
    setChoice(result.value.choice);
    onSwitched(result.value.scorer.name);
  };

  const current = options.find((o) => o.name === choice);
  return (
    <label className="field scorer-switch" title={current?.detail}>
      <span>Scorer</span>
      <select value={choice} disabled={busy} onChange={(event) => void pick(event.target.value)}>
        {options.map((option) => (
          <option key={option.name} value={option.name} disabled={!option.available} title={option.detail}>
            {`${LABELS[option.name] ?? option.name}${option.available ? '' : ' (not set up)'}`}
          </option>
        ))}
      </select>
    </label>
  );
}
