/**
 * The moderation console: top bar, thresholds and export bar, the triage queue beside the thread in context,
 * dialogs (import, keys) and the alert region. It owns the shared state: open thread, live flags, decisions.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { ImportResponse } from '../core/api.ts';
import type { DecisionEvent } from '../core/decisions.ts';
import { CommenterPanel } from './authors/commenter-panel.tsx';
import { AlertRegion, useAlerts, type AlertMessage } from './components/alerts.tsx';
import { HelpDialog } from './components/help-dialog.tsx';
import { LiveStatusText, useLiveConnection, useLiveEvents } from './live/use-live.tsx';
import { ExportMenu } from './export/export-menu.tsx';
import { droppedFileOf, ImportDialog } from './import/import-dialog.tsx';
import { ImportNotice } from './import/import-notice.tsx';
import { MissingNotice } from './import/missing-notice.tsx';
import { prepareDecisions } from './reasons/decision-checks.ts';
import { ReasonsContext, useTeamReasons } from './reasons/reasons-context.tsx';
import { ReasonsDialog } from './reasons/reasons-dialog.tsx';
import { TopBar } from './shell/top-bar.tsx';
import { useCan, useSession } from './session/session-context.tsx';
import { STORAGE_KEYS, useStoredFlag } from './state/local-settings.ts';
import { useDecisions, type DecisionRequest } from './state/use-decisions.ts';
import type { DecisionOutbox } from './state/decisions-outbox.ts';
import { useThreads } from './state/use-threads.ts';
import { BrowserScorer } from './browser-scoring/browser-scorer.ts';
import { ScoreTextDialog } from './browser-scoring/score-text-dialog.tsx';
import { ThreadPane } from './thread/thread-pane.tsx';
import { ThresholdsNotice } from './thresholds/thresholds-notice.tsx';
import { ThresholdsPanel } from './thresholds/thresholds-panel.tsx';
import { useThresholds } from './thresholds/use-thresholds.ts';
import { authorLabelAt, flaggedColumn } from './triage/queue-model.ts';
import { TriageQueue, type CheckRequest, type QueueScope } from './triage/triage-queue.tsx';
import { isTextField } from './triage/use-triage-keys.ts';

const NO_EVENTS: DecisionEvent[] = [];
const NO_FLAGS = new Uint8Array(0);
const PAST: Record<string, string> = { approve: 'Approved', reject: 'Rejected', escalate: 'Escalated', reset: 'Cleared' };

type DialogState = { kind: 'import'; file: File | null } | { kind: 'help' } | { kind: 'score-text' } | { kind: 'reasons' } | null;

interface AppProps {
  /** Outbox to use instead of the page's localStorage one (tests). */
  outbox?: DecisionOutbox;
}

export function App({ outbox }: AppProps = {}) {
  const { alerts, push, dismiss } = useAlerts();
  const report = useCallback((message: AlertMessage) => push(message), [push]);
  const { threads, formats, thread, ready, loadingId, open, refreshList, reloadThread } = useThreads(report);
  const index = thread?.index ?? null;
  const header = index?.thread ?? null;
  // Decisions carry the session's user (the server records it, ADR 0022); the name here only labels pending ones.
  const { username: moderator, role } = useSession().user;
  // The team's reasons (ADR 0024); editors change them in the Reasons dialog.
  const teamReasons = useTeamReasons(report);
  const canManageReasons = useCan('manage-reasons');
  const [advance, setAdvance] = useStoredFlag(STORAGE_KEYS.advance, true);
  const { thresholds, defaults, setThresholds, team: teamThresholds } = useThresholds(header?.defaultThresholds, report);
  const liveThresholds = useDeferredValue(thresholds);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [thresholdsOpen, setThresholdsOpen] = useState(false);
  const [imported, setImported] = useState<{ response: ImportResponse; source: string } | null>(null);
  const [scope, setScope] = useState<QueueScope>({ count: 0, commentIds: () => [], note: 'all comments (no filter)', filtered: false });
  const [announcement, setAnnouncement] = useState('');
  const [pane, setPane] = useState<Pane>('queue');
  // One scoring worker for the page, started on first use (Score a text, Check in browser).
  const [browserScorer] = useState(() => new BrowserScorer());
  useEffect(() => () => browserScorer.dispose(), [browserScorer]);

  const decisions = useDecisions({ threadId: header?.id ?? null, initialEvents: index?.decisions ?? NO_EVENTS, moderator, onError: report, outbox });

  // Live updates (ADR 0025): decisions by others join the log, a changed thread is read again (the selection
  // stays), and after a reconnection what may have been missed is read again.
  useLiveConnection();
  useLiveEvents((event) => {
    if (event.type === 'decision') decisions.receive([event.event]);
    else if (event.type === 'thread') void (event.threadId === header?.id ? reloadThread(event.threadId) : refreshList());
    else if (event.type === 'hello') {
      decisions.refetch();
      void refreshList();
    }
  });

  // A new thread starts with nothing selected (a reloaded index of the same thread keeps the selection).
  const [selectionThread, setSelectionThread] = useState<string | null>(null);
  if ((header?.id ?? null) !== selectionThread) {
    setSelectionThread(header?.id ?? null);
    setSelectedId(null);
  }

  // The commenter panel (ADR 0026): the selected comment's author as imported, their comments here, checks for the
  // queue, and a listed comment of another thread selected once that thread is open.
  const canDecide = useCan('decide');
  const [historyOpen, setHistoryOpen] = useState(false);
  const [checkRequest, setCheckRequest] = useState<(CheckRequest & { threadId: string }) | null>(null);
  const [pendingOpen, setPendingOpen] = useState<{ threadId: string; commentId: string } | null>(null);
  if (checkRequest && checkRequest.threadId !== header?.id) setCheckRequest(null);
  if (pendingOpen && header?.id === pendingOpen.threadId && selectionThread === header.id) {
    setPendingOpen(null);
    setSelectedId(pendingOpen.commentId);
  }
  const selectedAt = selectedId === null ? undefined : thread?.positions.get(selectedId);
  const authorSlot = index && selectedAt !== undefined ? (index.author[selectedAt] ?? -1) : -1;
  const selectedAuthor = index && authorSlot >= 0 ? (index.authors[authorSlot] ?? null) : null;
  const authorIds = useMemo(() => {
    if (!index || authorSlot < 0) return [];
    const ids: string[] = [];
    for (let i = 0; i < index.count; i++) if (index.author[i] === authorSlot) ids.push(index.ids[i] ?? '');
    return ids;
  }, [index, authorSlot]);
  const { current: decidedNow, pendingIds } = decisions;
  const confirmedState = useCallback(
    (commentId: string) => {
      const d = decidedNow.get(commentId);
      return d && !pendingIds.has(d.event.id) ? `${d.state}/${d.event.seq}` : undefined;
    },
    [decidedNow, pendingIds],
  );
  const onOpenComment = (threadId: string, commentId: string) => {
    if (threadId === header?.id) {
      setSelectedId(commentId);
      return;
    }
    setPendingOpen({ threadId, commentId });
    void open(threadId);
  };

  // Flags of every comment under the live thresholds, from the index's columns (queue-model.ts).
  const flagged = useMemo(() => (index ? flaggedColumn(index, liveThresholds) : NO_FLAGS), [index, liveThresholds]);
  const flaggedCount = useMemo(() => flagged.reduce((n, f) => n + f, 0), [flagged]);
  const authorOf = (commentId: string): string => {
    const at = thread?.positions.get(commentId);
    return index && at !== undefined ? authorLabelAt(index, at) : 'unknown';
  };

  const onDecide = (asked: DecisionRequest[]): boolean => {
    if (asked.length === 0) return false;
    // The role, the reason's note and escalations are checked here first, with a clear message (the server checks again).
    const prepared = prepareDecisions(asked, teamReasons.reasons, decisions.current, role);
    if (!prepared.ok) {
      report({ error: prepared.problem, where: prepared.where });
      return false;
    }
    const { requests, skippedEscalated } = prepared;
    if (skippedEscalated > 0) report({ error: `${skippedEscalated} escalated ${skippedEscalated === 1 ? 'comment was' : 'comments were'} left out: only editors and admins resolve escalations.`, where: 'role' });
    decisions.decide(requests);
    const first = requests[0]!;
    const verb = PAST[first.action] ?? first.action;
    setAnnouncement(requests.length === 1 ? `${verb} the comment by ${authorOf(first.commentId)}.` : `${verb} ${requests.length} comments.`);
    return true;
  };

  const onUndo = () => {
    if (!decisions.canUndo) {
      setAnnouncement('Nothing to undo.');
      return;
    }
    const touched = decisions.undo();
    setAnnouncement(touched.length === 1 ? `Undid the decision on the comment by ${authorOf(touched[0]!)}.` : `Undid ${touched.length} decisions.`);
  };

  const onImported = (response: ImportResponse, source: string) => {
    setDialog(null);
    setImported({ response, source });
    void refreshList(response.threads);
    const first = response.threads[0];
    if (first) void open(first.id);
  };

  // Files dropped anywhere on the page open the import dialog with that file.
  useEffect(() => {
    const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
    const onOver = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (event.defaultPrevented || !hasFiles(event)) return;
      event.preventDefault();
      const file = droppedFileOf(event);
      if (file) setDialog({ kind: 'import', file });
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  // "?" works even before a thread is open (the queue's own keys need one).
  useEffect(() => {
    if (thread !== null || dialog !== null) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !isTextField(event.target)) setDialog({ kind: 'help' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [thread, dialog]);

  const openHelp = useCallback(() => setDialog({ kind: 'help' }), []);
  const modal = dialog !== null;

  return (
    <ReasonsContext.Provider value={{ reasons: teamReasons.reasons, openEditor: canManageReasons ? () => setDialog({ kind: 'reasons' }) : null }}>
      <div className="app" inert={modal} aria-hidden={modal || undefined}>
        <TopBar
          threads={threads}
          view={header}
          loadingId={loadingId}
          onPick={(id) => void open(id)}
          onImport={() => setDialog({ kind: 'import', file: null })}
          onScoreText={() => setDialog({ kind: 'score-text' })}
          waiting={decisions.waiting}
          lastSendError={decisions.lastSendError}
          onHelp={openHelp}
          onScorerSwitched={() => {
            if (header) void open(header.id);
          }}
          onError={report}
        />
        <main className="main">
          <div className="tool-bar">
            <PaneToggle pane={pane} onPane={setPane} />
            <button type="button" aria-expanded={thresholdsOpen} aria-controls="thresholds-panel" onClick={() => setThresholdsOpen((v) => !v)}>
              {thresholdsOpen ? '▾' : '▸'} Thresholds
            </button>
            <span className="muted">
              {index ? `${flaggedCount} of ${index.count} flagged` : ''}
            </span>
            <ThresholdsNotice thresholds={thresholds} defaults={defaults} team={teamThresholds} />
            <span className="spacer" />
            <LiveStatusText />
            {header ? (
              <ExportMenu
                threadId={header.id}
                thresholds={thresholds}
                defaults={defaults}
                visibleCount={scope.count}
                visibleIds={scope.commentIds}
                scopeNote={scope.note}
                onError={report}
                onDone={setAnnouncement}
              />
            ) : null}
          </div>
          {thresholdsOpen ? (
            <div id="thresholds-panel">
              <ThresholdsPanel thresholds={thresholds} defaults={defaults} onChange={setThresholds} flaggedCount={flaggedCount} total={index?.count ?? 0} team={teamThresholds} />
            </div>
          ) : null}
          {imported ? <ImportNotice result={imported} onDismiss={() => setImported(null)} onRemoved={(id) => void reloadThread(id)} /> : null}
          {thread && !imported?.response.threads.some((t) => t.id === thread.index.thread.id) ? <MissingNotice thread={thread} onRemoved={(id) => void reloadThread(id)} /> : null}
          <div className="workspace" data-pane={pane}>
            {thread ? (
              <>
                <TriageQueue
                  key={thread.index.thread.id}
                  thread={thread}
                  flagged={flagged}
                  decisions={decisions}
                  thresholds={liveThresholds}
                  selectedId={selectedId}
                  onSelect={setSelectedId}
                  onDecide={onDecide}
                  onUndo={onUndo}
                  onHelp={openHelp}
                  onScopeChange={setScope}
                  onError={report}
                  shortcutsEnabled={!modal}
                  advance={advance}
                  onRevealQueue={() => setPane('queue')}
                  onAnnounce={setAnnouncement}
                  checkRequest={checkRequest?.threadId === thread.index.thread.id ? checkRequest : null}
                />
                <section className="context" aria-label="Thread context">
                  <CommenterPanel
                    key={thread.index.thread.id}
                    author={selectedAuthor}
                    authorIds={authorIds}
                    confirmedState={confirmedState}
                    open={historyOpen}
                    onToggle={() => setHistoryOpen((v) => !v)}
                    shortcutsEnabled={!modal}
                    canSelect={canDecide}
                    onSelectAll={(ids) => {
                      setCheckRequest((prev) => ({ ids, serial: (prev?.serial ?? 0) + 1, threadId: thread.index.thread.id }));
                      setAnnouncement(`Checked ${ids.length} ${ids.length === 1 ? 'comment' : 'comments'} by ${selectedAuthor || 'Anonymous'} for a bulk decision.`);
                    }}
                    onOpenComment={onOpenComment}
                  />
                  <ThreadPane
                    thread={thread}
                    flaggedCount={flaggedCount}
                    decisions={decisions.current}
                    thresholds={liveThresholds}
                    selectedId={selectedId}
                    onSelect={setSelectedId}
                    onRescored={() => void open(thread.index.thread.id)}
                    browserScorer={browserScorer}
                  />
                </section>
              </>
            ) : (
              <div className="welcome">
                {!ready || loadingId !== null ? (
                  <p>Loading…</p>
                ) : (
                  <>
                    <p>No thread is open.</p>
                    <button type="button" className="primary" onClick={() => setDialog({ kind: 'import', file: null })}>
                      Import a thread
                    </button>
                  </>
                )}
              </div>
            )}
          </div>
          <p className="sr-only" aria-live="polite">
            {announcement}
          </p>
        </main>
      </div>
      <AlertRegion alerts={alerts} onDismiss={dismiss} />
      {dialog?.kind === 'import' ? <ImportDialog formats={formats} droppedFile={dialog.file} onImported={onImported} onStoredAnyway={() => void refreshList()} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'score-text' ? <ScoreTextDialog scorer={browserScorer} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'help' ? <HelpDialog onClose={() => setDialog(null)} scorerDescription={header ? header.scorer.description : null} advance={advance} onAdvance={setAdvance} /> : null}
      {dialog?.kind === 'reasons' ? <ReasonsDialog reasons={teamReasons.reasons} onSaved={teamReasons.replace} onClose={() => setDialog(null)} /> : null}
    </ReasonsContext.Provider>
  );
}

/** Which pane shows below 1024 px, where one shows at a time. */
type Pane = 'queue' | 'thread';

function PaneToggle({ pane, onPane }: { pane: Pane; onPane: (pane: Pane) => void }) {
  return (
    <div className="pane-toggle" role="group" aria-label="Show pane">
      <button type="button" aria-pressed={pane === 'queue'} onClick={() => onPane('queue')}>
        Queue
      </button>
      <button type="button" aria-pressed={pane === 'thread'} onClick={() => onPane('thread')}>
        Thread
      </button>
    </div>
  );
}
