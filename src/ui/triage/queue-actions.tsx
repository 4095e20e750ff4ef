/**
 * Claim, release and snooze (issue 14, docs/adr/0025-queue-states-and-live-updates.md) for the checked comments the
 * filters show, or else the current one. Claims another moderator holds are refused by the server, never taken: the
 * answer names who holds them. Shown to roles that may decide. The answers update the queue at once (apply); other
 * consoles learn through the live stream.
 */
import { useState } from 'react';
import type { QueueSnapshot } from '../../core/api.ts';
import { claimComments, releaseComments, snoozeComments, type ApiFailure } from '../api/client.ts';

/** Snooze choices: an hour, four hours, tomorrow at 09:00 local time. */
export const SNOOZE_CHOICES = [
  { id: '1h', label: '1 hour' },
  { id: '4h', label: '4 hours' },
  { id: 'tomorrow', label: 'Tomorrow 09:00' },
] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number]['id'];

/** The end of a snooze chosen at `now`. */
export function snoozeEnd(choice: SnoozeChoice, now: Date): Date {
  if (choice === '1h') return new Date(now.getTime() + 3_600_000);
  if (choice === '4h') return new Date(now.getTime() + 4 * 3_600_000);
  const end = new Date(now);
  end.setDate(end.getDate() + 1);
  end.setHours(9, 0, 0, 0);
  return end;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Props {
  threadId: string;
  /** The comments the buttons act on (checked and shown, else the current one); empty: the buttons are disabled. */
  targets: () => string[];
  /** How the targets read in a message: "the comment by Ada" or "3 checked comments". */
  targetLabel: string;
  disabled: boolean;
  onSnapshot: (snapshot: QueueSnapshot) => void;
  onAnnounce: (message: string) => void;
  onError?: (failure: ApiFailure) => void;
}

/** Claims the targets: the result's words for the live region. */
export async function claimTargets(threadId: string, ids: string[], onSnapshot: (s: QueueSnapshot) => void, onError?: (f: ApiFailure) => void): Promise<string> {
  if (ids.length === 0) return 'Nothing to claim: select a comment first.';
  const answer = await claimComments(threadId, ids);
  if (!answer.ok) {
    onError?.(answer.failure);
    return `Could not claim: ${answer.failure.error}`;
  }
  onSnapshot(answer.value);
  const { refused } = answer.value;
  const got = ids.length - refused.length;
  if (refused.length === 0) return `Claimed ${plural(got, 'comment')}.`;
  const holders = [...new Set(refused.map((c) => c.by))].join(', ');
  return `Claimed ${plural(got, 'comment')}; ${plural(refused.length, 'comment')} already claimed by ${holders}, left to them.`;
}

export function QueueActions({ threadId, targets, targetLabel, disabled, onSnapshot, onAnnounce, onError }: Props) {
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      onAnnounce(await work());
    } finally {
      setBusy(false);
    }
  };
  const release = () =>
    run(async () => {
      const answer = await releaseComments(threadId, targets());
      if (!answer.ok) {
        onError?.(answer.failure);
        return `Could not release: ${answer.failure.error}`;
      }
      onSnapshot(answer.value);
      return `Released your claim on ${targetLabel}.`;
    });
  const snooze = (choice: SnoozeChoice | 'wake') =>
    run(async () => {
      const until = choice === 'wake' ? null : snoozeEnd(choice, new Date()).toISOString();
      const answer = await snoozeComments(threadId, targets(), until);
      if (!answer.ok) {
        onError?.(answer.failure);
        return `Could not snooze: ${answer.failure.error}`;
      }
      onSnapshot(answer.value);
      return until === null ? `Woke ${targetLabel}.` : `Snoozed ${targetLabel} until ${new Date(until).toLocaleString()}.`;
    });
  const off = disabled || busy;
  return (
    <div className="queue-actions" role="group" aria-label="Claim and snooze">
      <button type="button" aria-keyshortcuts="c" disabled={off} onClick={() => void run(() => claimTargets(threadId, targets(), onSnapshot, onError))}>
        Claim
      </button>
      <button type="button" disabled={off} onClick={() => void release()}>
        Release
      </button>
      <label className="field">
        <span>Snooze</span>
        <select
          value=""
          disabled={off}
          onChange={(event) => {
            const value = event.target.value;
            if (value !== '') void snooze(value as SnoozeChoice | 'wake');
          }}
        >
          <option value="">Choose…</option>
          {SNOOZE_CHOICES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
          <option value="wake">Wake now</option>
        </select>
      </label>
    </div>
  );
}
