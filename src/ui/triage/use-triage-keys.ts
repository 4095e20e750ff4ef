/**
 * Keys of the queue while no dialog is open. Single-key shortcuts act only when focus is not in a text field
 * (input, textarea, select, contenteditable): j/k move, n next unclaimed, a/r/e decide, u undo, x check, c claim, Shift+A/R/E decide for
 * checked rows, / search, ? help. Escape works everywhere (see `leaveField`), and Enter leaves the search box and
 * the Moderator field for the queue.
 */
import { useEffect, useRef } from 'react';
import type { DecideAction } from './decision-bar.tsx';

export interface TriageKeyHandlers {
  move: (delta: 1 | -1) => void;
  decide: (action: DecideAction) => void;
  bulk: (action: DecideAction) => void;
  undo: () => void;
  toggleCheck: () => void;
  focusSearch: () => void;
  help: () => void;
  /** Claims the checked comments, else the current one (c). */
  claim?: () => void;
  /** Moves to the next comment open for me: undecided, not claimed by another, not snoozed (n). */
  nextOpen?: () => void;
  /** Escape outside a dialog or menu: clears a search that has text, else returns focus to the queue. */
  escape: (target: EventTarget | null) => void;
  /** Enter in a field marked `data-enter-to-queue` (search, Moderator): focus back to the queue. */
  toQueue: () => void;
}

/** Marks a text field whose Enter key returns focus to the queue. */
export const ENTER_TO_QUEUE = { 'data-enter-to-queue': '' } as const;

/** The keys, for the help dialog. */
export const SHORTCUTS: Array<{ keys: string; does: string }> = [
  { keys: 'j / k', does: 'Next / previous comment in the queue' },
  { keys: 'a', does: 'Approve the current comment' },
  { keys: 'r', does: 'Reject the current comment' },
  { keys: 'e', does: 'Escalate the current comment' },
  { keys: 'u', does: 'Undo your last decision in this tab' },
  { keys: 'x', does: 'Check or uncheck the current comment for a bulk decision' },
  { keys: 'c', does: 'Claim the checked comments, or the current one: other moderators see "Claimed by you" and skip it' },
  { keys: 'n', does: 'Next unclaimed comment: undecided, not claimed by another moderator, not snoozed' },
  { keys: 'Shift+A / Shift+R / Shift+E', does: 'Approve / reject / escalate every checked comment' },
  { keys: '/', does: 'Search comments' },
  { keys: '?', does: 'Show these keys' },
  { keys: 'Escape', does: 'Close a dialog or menu; anywhere else, return to the queue (in the search box: clear the search first, a second Escape returns)' },
  { keys: 'Enter', does: 'In the search box or the Moderator field: return to the queue, keeping what you typed' },
];

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'file', 'color', 'image']);

/** True when typing into the element should not trigger shortcuts. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return false;
}

const ACTIONS: Record<string, DecideAction> = { a: 'approve', r: 'reject', e: 'escalate' };

export function useTriageKeys(enabled: boolean, handlers: TriageKeyHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const h = latest.current;
      if (fieldKey(event, h)) {
        event.preventDefault();
        return;
      }
      if (isTextField(event.target)) return;
      const key = event.key;
      const lower = key.toLowerCase();
      let handled = true;
      if (key === '?') h.help();
      else if (key === '/') h.focusSearch();
      else if (event.shiftKey && lower in ACTIONS && key.length === 1) h.bulk(ACTIONS[lower]!);
      else if (event.shiftKey) handled = false;
      else if (key === 'j') h.move(1);
      else if (key === 'k') h.move(-1);
      else if (key in ACTIONS) h.decide(ACTIONS[key]!);
      else if (key === 'u') h.undo();
      else if (key === 'x') h.toggleCheck();
      else if (key === 'c' && h.claim) h.claim();
      else if (key === 'n' && h.nextOpen) h.nextOpen();
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** Escape anywhere, Enter in a field marked to return: handled before the text-field rule; true when handled. */
function fieldKey(event: KeyboardEvent, h: TriageKeyHandlers): boolean {
  if (event.key === 'Escape' && !event.shiftKey) {
    h.escape(event.target);
    return true;
  }
  if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.hasAttribute('data-enter-to-queue')) {
    h.toQueue();
    return true;
  }
  return false;
}
