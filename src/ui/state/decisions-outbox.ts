/**
 * Durable decisions: each one is written to a localStorage outbox first, then sent, and dropped only once the
 * server has confirmed it, refused it for good (4xx, e.g. 403 for a role), or answered a conflict (409: another
 * moderator decided the comment since, ADR 0024; never retried). Client-made ids make every retry safe.
 */
import type { DecisionInput } from '../../core/api.ts';
import type { DecisionEvent } from '../../core/decisions.ts';
import { STORAGE_KEYS } from './local-settings.ts';

/** One decision waiting for the server. */
export interface OutboxEntry {
  threadId: string;
  input: DecisionInput;
  /** ISO time it was made in this browser. */
  queuedAt: string;
  /** Failed sends so far. */
  attempts: number;
  /** Why the last send failed, if it did. */
  lastError: string | null;
  /**
   * The session's user who made it (issue 14): only a session of that user sends it, so a decision made by one
   * moderator is never recorded under the name of whoever logs in next in this browser. Absent on entries made
   * before accounts existed: any user sends those.
   */
  by?: string;
}

/** True when the session of `user` may send `entry` (undefined user: every entry, as before accounts). */
export function sentBy(entry: OutboxEntry, user: string | undefined): boolean {
  return user === undefined || entry.by === undefined || entry.by === user;
}

/** What the server said about one entry. */
export type SendOutcome =
  | { kind: 'confirmed'; event: DecisionEvent }
  /** Not reached, or a temporary failure (5xx, 408, 429): keep it and retry later. */
  | { kind: 'retry'; message: string }
  /** The server refused the decision itself (4xx): retrying cannot help. */
  | { kind: 'refused'; message: string }
  /**
   * 409 DecisionConflict: someone else decided the comment since this decision was made (or holds it). Never retried:
   * the moderator decides again after seeing `current`, the comment's newest event now (null: none).
   */
  | { kind: 'conflict'; message: string; current: DecisionEvent | null };

export interface FlushResult {
  confirmed: Array<{ entry: OutboxEntry; event: DecisionEvent }>;
  refused: Array<{ entry: OutboxEntry; message: string }>;
  conflicts: Array<{ entry: OutboxEntry; message: string; current: DecisionEvent | null }>;
  /** Set when a send failed temporarily; the rest stay queued, in order. */
  retryMessage: string | null;
}

const isEntry = (value: unknown): value is OutboxEntry => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<OutboxEntry>;
  const input = v.input as Partial<DecisionInput> | undefined;
  return (
    typeof v.threadId === 'string' &&
    typeof v.queuedAt === 'string' &&
    typeof input === 'object' &&
    input !== null &&
    typeof input.id === 'string' &&
    typeof input.commentId === 'string' &&
    typeof input.action === 'string'
  );
};

/** The outbox in a Storage (localStorage in the app, a fake in tests). Storage is the source of truth, shared by tabs. */
export class DecisionOutbox {
  private flushing: Promise<FlushResult> | null = null;
  /** Kept in memory too, so that decisions survive (for this tab) even when storage refuses writes. */
  private memory: OutboxEntry[] = [];
  /** False after a write to storage failed; then memory is the source of truth until a write succeeds. */
  private storageWorks = true;

  constructor(
    private readonly storage: Storage | null,
    private readonly key: string = STORAGE_KEYS.outbox,
  ) {}

  /** Every queued entry, oldest first. */
  entries(): OutboxEntry[] {
    if (this.storage && this.storageWorks) {
      try {
        const text = this.storage.getItem(this.key);
        if (text === null) return [];
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) {
          return parsed.filter(isEntry).map((e) => ({ ...e, attempts: typeof e.attempts === 'number' ? e.attempts : 0, lastError: e.lastError ?? null }));
        }
        return [];
      } catch {
        // Unreadable or corrupt storage: fall back to what this tab holds.
      }
    }
    return [...this.memory];
  }

  /** Queues a decision; it is stored before anything is sent. Returns false if only memory could hold it. */
  add(threadId: string, input: DecisionInput, now: Date = new Date(), by?: string): boolean {
    const entry: OutboxEntry = { threadId, input, queuedAt: now.toISOString(), attempts: 0, lastError: null, ...(by === undefined ? {} : { by }) };
    return this.write([...this.entries().filter((e) => e.input.id !== input.id), entry]);
  }

  size(): number {
    return this.entries().length;
  }

  /** Removes one entry by decision id (after the server confirmed it). */
  remove(id: string): void {
    this.write(this.entries().filter((e) => e.input.id !== id));
  }

  /**
   * Sends queued entries in order, one at a time. Confirmed and refused entries leave the outbox; on the first
   * temporary failure it stops, so that later decisions never overtake earlier ones. Concurrent calls share one run.
   * With `user`, only the entries that user may send (`sentBy`) are sent; the others stay for their own session.
   */
  flush(send: (entry: OutboxEntry) => Promise<SendOutcome>, user?: string): Promise<FlushResult> {
    if (this.flushing) return this.flushing;
    const run = this.run(send, user).finally(() => {
      this.flushing = null;
    });
    this.flushing = run;
    return run;
  }

  private async run(send: (entry: OutboxEntry) => Promise<SendOutcome>, user: string | undefined): Promise<FlushResult> {
    const result: FlushResult = { confirmed: [], refused: [], conflicts: [], retryMessage: null };
    const queue = this.entries().filter((entry) => sentBy(entry, user));
    for (const entry of queue) {
      let outcome: SendOutcome;
      try {
        outcome = await send(entry);
      } catch (error) {
        outcome = { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
      }
      if (outcome.kind === 'confirmed') {
        this.remove(entry.input.id);
        result.confirmed.push({ entry, event: outcome.event });
      } else if (outcome.kind === 'refused') {
        this.remove(entry.input.id);
        result.refused.push({ entry, message: outcome.message });
      } else if (outcome.kind === 'conflict') {
        this.remove(entry.input.id);
        result.conflicts.push({ entry, message: outcome.message, current: outcome.current });
      } else {
        this.write(this.entries().map((e) => (e.input.id === entry.input.id ? { ...e, attempts: e.attempts + 1, lastError: outcome.message } : e)));
        result.retryMessage = outcome.message;
        break;
      }
    }
    return result;
  }

  private write(entries: OutboxEntry[]): boolean {
    this.memory = entries;
    if (!this.storage) return false;
    try {
      if (entries.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(entries));
      this.storageWorks = true;
    } catch {
      this.storageWorks = false;
    }
    return this.storageWorks;
  }
}
