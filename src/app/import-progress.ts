/**
 * The progress of running imports by their client-made id (GET /api/imports/progress/:id); entries expire.
 */
import { IMPORT_PROGRESS_ID_PATTERN, type ImportPhase, type ImportProgress } from '../core/api.ts';

const ID = new RegExp(IMPORT_PROGRESS_ID_PATTERN);

/** True for an id a client may choose: short and URL-safe. */
export function isProgressId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

export interface ImportProgressBoardOptions {
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
  /** How long a finished import stays readable (default 10 minutes). */
  finishedTtlMs?: number;
  /** How long an unfinished import stays without any change (default 1 hour; it is then presumed lost). */
  staleTtlMs?: number;
  /** Entries kept at most (default 1,000); the oldest finished one makes room. */
  maxEntries?: number;
}

interface Entry {
  progress: ImportProgress;
  changed: number;
}

const isFinished = (phase: ImportPhase): boolean => phase === 'done' || phase === 'failed';

/** Why `begin` refused an id. */
export type BeginRefusal = 'in-use' | 'full';

/** The progress of every import sent with a progress id. Single-threaded: the server's main thread owns it. */
export class ImportProgressBoard {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly finishedTtl: number;
  private readonly staleTtl: number;
  private readonly max: number;

  constructor(options: ImportProgressBoardOptions = {}) {
    this.now = options.now ?? Date.now;
    this.finishedTtl = options.finishedTtlMs ?? 10 * 60_000;
    this.staleTtl = options.staleTtlMs ?? 60 * 60_000;
    this.max = options.maxEntries ?? 1000;
  }

  /** Starts tracking an import (phase "receiving"); an id of a finished import is reused, a running one is not. */
  begin(id: string, expectedBytes: number | null): BeginRefusal | null {
    this.sweep();
    const existing = this.entries.get(id);
    if (existing && !isFinished(existing.progress.phase)) return 'in-use';
    if (!existing && this.entries.size >= this.max) {
      const oldest = [...this.entries].find(([, e]) => isFinished(e.progress.phase));
      if (!oldest) return 'full';
      this.entries.delete(oldest[0]);
    }
    this.entries.delete(id);
    this.entries.set(id, { progress: this.blank(id, 'receiving', { done: 0, total: expectedBytes, fraction: expectedBytes ? 0 : null }), changed: this.now() });
    return null;
  }

  /** Bytes of the body received so far. */
  receiving(id: string, received: number): void {
    this.change(id, (p) => {
      if (p.phase !== 'receiving') return null;
      return { done: received, fraction: p.total ? Math.min(1, received / p.total) : null };
    });
  }

  queued(id: string): void {
    this.set(id, 'queued', {});
  }

  /** The worker reads the input; `fraction` is null until the importer reports one. */
  parsing(id: string, fraction: number | null): void {
    this.set(id, 'parsing', { fraction });
  }

  scoring(id: string, done: number, total: number): void {
    this.set(id, 'scoring', { done, total, fraction: total === 0 ? 1 : done / total });
  }

  saving(id: string): void {
    this.set(id, 'saving', {});
  }

  done(id: string, threadIds: string[]): void {
    this.set(id, 'done', { fraction: 1, threadIds });
  }

  /** Marks the import failed with its message, unless it already ended (the first ending wins). */
  fail(id: string, error: string, where: string | null): void {
    this.change(id, (p) => (isFinished(p.phase) ? null : { ...this.blank(id, 'failed', {}), error, where }));
  }

  /** True while the import is neither done nor failed. */
  isRunning(id: string): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && !isFinished(entry.progress.phase);
  }

  /** The progress of `id`, or null when unknown or expired. */
  get(id: string): ImportProgress | null {
    this.sweep();
    const entry = this.entries.get(id);
    return entry ? { ...entry.progress, threadIds: [...entry.progress.threadIds] } : null;
  }

  private blank(id: string, phase: ImportPhase, fields: Partial<ImportProgress>): ImportProgress {
    return { id, phase, fraction: null, done: null, total: null, error: null, where: null, threadIds: [], updatedAt: new Date(this.now()).toISOString(), ...fields };
  }

  /** Moves to `phase` with these fields (the others reset), unless the import already ended. */
  private set(id: string, phase: ImportPhase, fields: Partial<ImportProgress>): void {
    this.change(id, (p) => (isFinished(p.phase) ? null : this.blank(id, phase, fields)));
  }

  private change(id: string, next: (current: ImportProgress) => Partial<ImportProgress> | null): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const patch = next(entry.progress);
    if (patch === null) return;
    entry.changed = this.now();
    entry.progress = { ...entry.progress, ...patch, updatedAt: new Date(entry.changed).toISOString() };
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      const ttl = isFinished(entry.progress.phase) ? this.finishedTtl : this.staleTtl;
      if (now - entry.changed > ttl) this.entries.delete(id);
    }
  }
}
