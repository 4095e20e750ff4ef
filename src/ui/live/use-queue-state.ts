/**
 * The open thread's claims and snoozes (issue 14, docs/adr/0025-queue-states-and-live-updates.md): read with
 * GET /api/threads/:id/queue when the thread opens, replaced by each `queue` live event of that thread and by the
 * answers of this tab's own claims, releases and snoozes (each a whole snapshot: the latest wins), read again after
 * the live stream reconnects and after a decision on a comment shown as claimed (the decision ended the claim).
 * Claims and snoozes that end are dropped at their end time (a timer), so "Claimed by bob" goes away when bob's
 * claim expires even if nothing else happens.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { QueueSnapshot } from '../../core/api.ts';
import { getQueue, type ApiFailure } from '../api/client.ts';
import { EMPTY_QUEUE_STATE, queueStateOf, type QueueState } from '../triage/queue-model.ts';
import { useLiveEvents } from './use-live.tsx';

export interface QueueStateHandle {
  state: QueueState;
  /** Takes a snapshot this tab received (a claim's answer). */
  apply: (snapshot: QueueSnapshot) => void;
}

export function useQueueState(threadId: string, onError?: (failure: ApiFailure) => void): QueueStateHandle {
  const [snapshot, setSnapshot] = useState<QueueSnapshot | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void getQueue(threadId).then((answer) => {
      if (cancelled) return;
      if (answer.ok) {
        setNow(Date.now());
        setSnapshot(answer.value);
      } else if (answer.failure.status !== 401) onError?.(answer.failure);
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once per thread and per reconnection, not per onError
  }, [threadId, reads]);

  const apply = useCallback(
    (next: QueueSnapshot) => {
      if (next.threadId !== threadId) return;
      setNow(Date.now());
      setSnapshot(next);
    },
    [threadId],
  );

  // A decision ends the decider's claim on the server without a queue event: read the claims again when a decision
  // lands on a comment this tab shows as claimed.
  const claimed = useMemo(() => new Set(snapshot?.claims.map((c) => c.commentId) ?? []), [snapshot]);
  useLiveEvents((event) => {
    if (event.type === 'queue') apply(event.snapshot);
    else if (event.type === 'hello') setReads((n) => n + 1);
    else if (event.type === 'decision' && event.threadId === threadId && claimed.has(event.event.commentId)) setReads((n) => n + 1);
  });

  const state = useMemo(() => (snapshot?.threadId === threadId ? queueStateOf(snapshot, now) : EMPTY_QUEUE_STATE), [snapshot, threadId, now]);

  // Derive again when the next claim or snooze ends.
  useEffect(() => {
    if (!Number.isFinite(state.nextChange)) return undefined;
    const wait = Math.min(Math.max(0, state.nextChange - Date.now()) + 50, 3_600_000); // setTimeout cannot wait 30 days
    const timer = window.setTimeout(() => setNow(Date.now()), wait);
    return () => window.clearTimeout(timer);
  }, [state.nextChange]);

  return { state, apply };
}
