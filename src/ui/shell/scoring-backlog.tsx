/**
 * The remote-scoring backlog in the top bar: while a hosted scorer (Perspective, OpenAI) works, how many texts wait,
 * how many were scored or failed, the request rate against its limit, and whether the circuit is open.
 */
import { useEffect, useRef, useState } from 'react';
import type { ScoringStatus } from '../../core/api.ts';
import { getScoringStatus } from '../api/client.ts';

/** Scorer names that call a hosted service (the server's remote adapters). */
export const REMOTE_SCORER_NAMES: readonly string[] = ['perspective', 'openai-moderation'];

/** How often the status is read, ms. */
export const BACKLOG_POLL_MS = 1000;

interface Sample {
  status: ScoringStatus;
  at: number;
}

/** Requests per second between two samples. */
function rateOf(previous: Sample | null, current: Sample): number | null {
  if (!previous || current.at <= previous.at) return null;
  return Math.max(0, (current.status.attempts - previous.status.attempts) / ((current.at - previous.at) / 1000));
}

export function ScoringBacklog({ scorerName }: { scorerName: string | null }) {
  const remote = scorerName !== null && REMOTE_SCORER_NAMES.includes(scorerName);
  const [sample, setSample] = useState<Sample | null>(null);
  const [rate, setRate] = useState<number | null>(null);
  const previous = useRef<Sample | null>(null);

  useEffect(() => {
    if (!remote) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await getScoringStatus();
      if (stopped) return;
      if (result.ok) {
        const next = { status: result.value, at: Date.now() };
        setRate(rateOf(previous.current, next));
        previous.current = next;
        setSample(next);
      }
      timer = setTimeout(() => void poll(), BACKLOG_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [remote]);

  if (!remote || !sample) return null;
  const s = sample.status;
  if (s.pending === 0 && s.failed === 0 && s.circuit === 'closed') return null;
  const parts = [
    s.pending > 0 ? `${s.pending} waiting` : null,
    `${s.succeeded} scored`,
    s.failed > 0 ? `${s.failed} failed` : null,
    s.pending > 0 && rate !== null && s.qps !== null ? `${rate.toFixed(1)}/s (limit ${s.qps}/s)` : null,
    s.circuit !== 'closed' ? `service unavailable (circuit ${s.circuit})` : null,
  ].filter((p): p is string => p !== null);
  return (
    <span className={`scoring-backlog${s.circuit !== 'closed' || s.failed > 0 ? ' warn' : ''}`} role="status" aria-label={`${s.scorer.name} backlog`}
      title={`${s.scorer.name} ${s.scorer.version}: ${s.attempts} requests, ${s.retries} retries since the server started`}>
      {s.scorer.name}: {parts.join(' · ')}
    </span>
  );
}
