/**
 * Settings kept in this browser's localStorage (visible columns, advance after a decision, the one-pane view below
 * 1024 px); every read is validated. Thresholds are the team's, on the server (docs/adr/0023-audit-trail.md): a value
 * an older console kept under `threadscope.thresholds.v1` is ignored.
 */
import { useCallback, useState } from 'react';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../core/flags.ts';

export const STORAGE_KEYS = {
  columns: 'threadscope.columns.v1',
  outbox: 'threadscope.outbox.v1',
  advance: 'threadscope.advance.v1',
} as const;

/** localStorage, or null when the browser refuses it (private modes, disabled storage). */
export function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readString(key: string): string | null {
  try {
    return browserStorage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Writes a value; returns false when storage is unavailable or full. */
export function writeString(key: string, value: string | null): boolean {
  const storage = browserStorage();
  if (!storage) return false;
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function readJson(key: string): unknown {
  const text = readString(key);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Copies thresholds so that later edits never touch a shared default object. */
export function cloneThresholds(thresholds: Thresholds = DEFAULT_THRESHOLDS): Thresholds {
  return { attributes: { ...thresholds.attributes }, tropeMinSeverity: thresholds.tropeMinSeverity };
}

/** A string setting that persists in localStorage. */
export function useStoredString(key: string, fallback = ''): [string, (value: string) => void] {
  const [value, setValue] = useState(() => readString(key) ?? fallback);
  const update = useCallback(
    (next: string) => {
      setValue(next);
      writeString(key, next);
    },
    [key],
  );
  return [value, update];
}

/** A yes/no setting that persists in localStorage as "true" / "false"; anything else reads as the fallback. */
export function useStoredFlag(key: string, fallback: boolean): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => {
    const stored = readString(key);
    return stored === 'true' ? true : stored === 'false' ? false : fallback;
  });
  const update = useCallback(
    (next: boolean) => {
      setValue(next);
      writeString(key, next ? 'true' : 'false');
    },
    [key],
  );
  return [value, update];
}
