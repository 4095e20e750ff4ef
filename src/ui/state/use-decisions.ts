/**
 * The decision log of the open thread as the console sees it: server events in seq order, pending outbox
 * entries on top, sync with other tabs (BroadcastChannel, focus), retries, and undo of this tab's last decision.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DecisionInput } from '../../core/api.ts';
import { ACTION_FOR_STATE, currentDecisions, previousDecision, type CurrentDecision, type DecisionAction, type DecisionEvent } from '../../core/decisions.ts';
import { listDecisions, postDecision, type ApiFailure } from '../api/client.ts';
import { conflictMessage, eventsOfThread, isDecisionEvent, mergeEvents, newestSeqOn, withPending } from './decision-log.ts';
import { DecisionOutbox, sentBy, type OutboxEntry, type SendOutcome } from './decisions-outbox.ts';
import { browserStorage, STORAGE_KEYS } from './local-settings.ts';

export const CHANNEL_NAME = 'threadscope';

/** One decision the moderator asks for. */
export interface DecisionRequest {
  commentId: string;
  action: DecisionAction;
  /** A reason code of the team's list. */
  reason?: string;
  note?: string;
  /** With an illegal-content reason: the law or term it rests on. */
  legalGround?: string;
  /** True when this request undoes this tab's previous decision (the audit trail says so). */
  undo?: boolean;
}

export interface DecisionsState {
  /** Server events then pending ones (seq numbers continue the server's), for `currentDecisions`. */
  events: DecisionEvent[];
  current: Map<string, CurrentDecision>;
  /** Ids of events not yet confirmed by the server. */
  pendingIds: ReadonlySet<string>;
  /** Decisions in the outbox across all threads. */
  waiting: number;
  /** Why the last send failed, while decisions are waiting. */
  lastSendError: string | null;
  /** Records decisions (one undo step); returns their ids. */
  decide: (requests: DecisionRequest[]) => string[];
  /** This tab made a decision on this thread that can be undone. */
  canUndo: boolean;
  /** Restores what this tab's last decision step replaced; returns the comment ids it touched (empty when nothing to undo). */
  undo: () => string[];
  refetch: () => void;
  /**
   * Takes in confirmed events that arrived from elsewhere (live events of other moderators, GET /api/events): those
   * of the open thread merge by id, without duplicates; other threads' are left for when they open. Decisions this
   * tab still waits to send stay on top.
   */
  receive: (events: readonly DecisionEvent[]) => void;
}

let sharedOutbox: DecisionOutbox | null = null;
/** The app's outbox in localStorage (one per page). */
export function defaultOutbox(): DecisionOutbox {
  sharedOutbox ??= new DecisionOutbox(browserStorage());
  return sharedOutbox;
}

/**
 * Sends one outbox entry and classifies the answer: confirmed; retry (unreachable, 5xx, 408, 429); conflict (409 with
 * the comment's `current` event: someone else decided it since, ADR 0024); refused (any other 4xx, e.g. 403).
 */
export async function sendEntry(entry: OutboxEntry): Promise<SendOutcome> {
  const result = await postDecision(entry.threadId, entry.input);
  if (result.ok) return { kind: 'confirmed', event: result.value.event };
  const { status, error, details } = result.failure;
  if (status === null || status >= 500 || status === 408 || status === 429) return { kind: 'retry', message: error };
  if (status === 409 && details !== undefined && 'current' in details) {
    // A claim conflict names the claim in its message; the comment's newest event is then not news.
    const current = details.claim === undefined && isDecisionEvent(details.current) ? details.current : null;
    return { kind: 'conflict', message: error, current };
  }
  return { kind: 'refused', message: error };
}

function newId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface ServerLog {
  threadId: string | null;
  /** The view's events this log started from (to notice a reloaded view). */
  source: readonly DecisionEvent[];
  /** Confirmed events in seq order. */
  events: DecisionEvent[];
}

const sortedCopy = (events: readonly DecisionEvent[]): DecisionEvent[] => [...events].sort((a, b) => a.seq - b.seq);

interface UndoStep {
  threadId: string;
  items: Array<{ commentId: string; eventId: string }>;
}

interface Options {
  threadId: string | null;
  /** Events that came with the thread view. */
  initialEvents: readonly DecisionEvent[];
  /** The session's user: the name shown on decisions still waiting to be sent (the server records it). */
  moderator: string;
  onError: (failure: Pick<ApiFailure, 'error' | 'where'>) => void;
  outbox?: DecisionOutbox;
  /** Milliseconds between retries while decisions wait. */
  retryMs?: number;
}

export function useDecisions({ threadId, initialEvents, moderator, onError, outbox: given, retryMs = 4000 }: Options): DecisionsState {
  const outbox = given ?? defaultOutbox();
  const [server, setServer] = useState<ServerLog>(() => ({ threadId, source: initialEvents, events: sortedCopy(initialEvents) }));
  const [entries, setEntries] = useState<OutboxEntry[]>(() => outbox.entries());
  const [lastSendError, setLastSendError] = useState<string | null>(null);
  const [undoStack, setUndoStack] = useState<UndoStep[]>([]);
  const channel = useRef<BroadcastChannel | null>(null);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);

  // A new thread view brings its own events; a reloaded view of the same thread may bring events not seen yet.
  let log = server;
  if (server.threadId !== threadId) log = { threadId, source: initialEvents, events: sortedCopy(initialEvents) };
  else if (server.source !== initialEvents) log = { ...server, source: initialEvents, events: mergeEvents(server.events, initialEvents) };
  if (log !== server) setServer(log);
  const logEvents = log.events;
  // Events this tab's sends confirmed, kept per thread: a send may finish before its thread's view arrives.
  const [confirmed, setConfirmed] = useState<DecisionEvent[]>([]);
  const serverEvents = useMemo(() => mergeEvents(logEvents, confirmed.filter((e) => e.threadId === threadId)), [logEvents, confirmed, threadId]);

  const mergeServer = useCallback((forThread: string, more: readonly DecisionEvent[]) => {
    setServer((prev) => (prev.threadId === forThread ? { ...prev, events: mergeEvents(prev.events, more) } : prev));
  }, []);

  const flush = useCallback(async () => {
    if (outbox.size() === 0) return;
    const result = await outbox.flush(sendEntry, moderator);
    if (result.confirmed.length > 0) setConfirmed((prev) => [...prev, ...result.confirmed.map(({ entry, event }) => ({ ...event, threadId: entry.threadId }))]);
    for (const { entry, message } of result.refused) {
      onErrorRef.current({ error: `The server refused a decision (${entry.input.action} on comment ${entry.input.commentId}): ${message}`, where: 'saving decisions' });
    }
    // A conflict is never retried: the other moderator's event is taken in, and the moderator is told who decided what.
    for (const { entry, message, current } of result.conflicts) {
      if (current) setConfirmed((prev) => [...prev, { ...current, threadId: entry.threadId }]);
      onErrorRef.current({ error: conflictMessage(entry.input, message, current), where: 'saving decisions' });
    }
    setLastSendError(result.retryMessage);
    setEntries(outbox.entries());
    const threads = new Set(result.confirmed.map((c) => c.entry.threadId));
    for (const id of threads) channel.current?.postMessage({ type: 'decisions', threadId: id });
  }, [outbox, moderator]);

  const refetch = useCallback(() => {
    if (threadId === null) return;
    void listDecisions(threadId).then((result) => {
      if (result.ok) mergeServer(threadId, result.value);
      else onErrorRef.current(result.failure);
    });
    setEntries(outbox.entries());
  }, [threadId, outbox, mergeServer]);

  // Other tabs: a confirmed decision there means new events here; storage changes mean a shared outbox changed.
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return undefined;
    const bc = new BroadcastChannel(CHANNEL_NAME);
    channel.current = bc;
    bc.onmessage = (message: MessageEvent<unknown>) => {
      const data = message.data as { type?: unknown; threadId?: unknown } | null;
      if (data && data.type === 'decisions' && data.threadId === threadId) refetch();
    };
    return () => {
      bc.close();
      channel.current = null;
    };
  }, [threadId, refetch]);

  useEffect(() => {
    const onFocus = () => {
      refetch();
      void flush();
    };
    const onOnline = () => void flush();
    const onStorage = (event: StorageEvent) => {
      if (event.key === STORAGE_KEYS.outbox) setEntries(outbox.entries());
    };
    window.addEventListener('focus', onFocus);
    window.addEventListener('online', onOnline);
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('storage', onStorage);
    };
  }, [refetch, flush, outbox]);

  // Retry on load (once the page has settled), then every few seconds while anything waits.
  useEffect(() => {
    const timer = window.setTimeout(() => void flush(), 0);
    return () => window.clearTimeout(timer);
  }, [flush]);
  // Only this user's decisions wait here; another user's stay in the outbox for their own session.
  const mine = useMemo(() => entries.filter((entry) => sentBy(entry, moderator)), [entries, moderator]);
  const waiting = mine.length;
  useEffect(() => {
    if (waiting === 0) return undefined;
    const timer = window.setInterval(() => void flush(), retryMs);
    return () => window.clearInterval(timer);
  }, [waiting, flush, retryMs]);

  const { events, pendingIds } = useMemo(() => withPending(serverEvents, mine, threadId, moderator), [serverEvents, mine, threadId, moderator]);

  const current = useMemo(() => currentDecisions(events), [events]);

  const record = useCallback(
    (requests: DecisionRequest[]): Array<{ commentId: string; eventId: string }> => {
      if (threadId === null || requests.length === 0) return [];
      const made = requests.map((request) => {
        // basedOn: the newest event on the comment this tab knows; the server answers 409 when someone else decided since.
        const input: DecisionInput = { id: newId(), commentId: request.commentId, action: request.action, basedOn: newestSeqOn(serverEvents, request.commentId) };
        if (request.reason) input.reason = request.reason;
        if (request.note) input.note = request.note;
        if (request.legalGround?.trim()) input.legalGround = request.legalGround.trim();
        if (request.undo) input.undo = true;
        if (!outbox.add(threadId, input, new Date(), moderator)) {
          onErrorRef.current({ error: 'This browser would not store the decision; it is kept only until this tab closes.', where: 'local storage' });
        }
        return { commentId: request.commentId, eventId: input.id };
      });
      setEntries(outbox.entries());
      void flush();
      return made;
    },
    [threadId, outbox, flush, serverEvents, moderator],
  );

  const decide = useCallback(
    (requests: DecisionRequest[]): string[] => {
      const made = record(requests);
      if (made.length > 0 && threadId !== null) setUndoStack((stack) => [...stack, { threadId, items: made }]);
      return made.map((m) => m.eventId);
    },
    [record, threadId],
  );

  const undo = useCallback((): string[] => {
    const step = [...undoStack].reverse().find((s) => s.threadId === threadId);
    if (!step) return [];
    setUndoStack((stack) => stack.filter((s) => s !== step));
    const requests: DecisionRequest[] = [];
    for (const { commentId, eventId } of step.items) {
      const mine = events.filter((e) => e.commentId === commentId).sort((a, b) => a.seq - b.seq);
      const at = mine.findIndex((e) => e.id === eventId);
      if (at === -1) continue;
      const before = previousDecision(mine.slice(0, at + 1), commentId);
      requests.push({ commentId, action: before ? ACTION_FOR_STATE[before] : 'reset', undo: true });
    }
    record(requests);
    return requests.map((r) => r.commentId);
  }, [events, threadId, record, undoStack]);

  const receive = useCallback(
    (more: readonly DecisionEvent[]) => {
      if (threadId === null) return;
      const mine = eventsOfThread(more, threadId);
      if (mine.length > 0) mergeServer(threadId, mine);
    },
    [threadId, mergeServer],
  );

  const canUndo = undoStack.some((step) => step.threadId === threadId);
  return { events, current, pendingIds, waiting, lastSendError, canUndo, decide, undo, refetch, receive };
}
