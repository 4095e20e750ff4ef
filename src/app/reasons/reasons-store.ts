/**
 * The team's reasons in the store's `reasons` table (migration 6; docs/adr/0024-reasons-and-decision-rules.md).
 *
 * Contract:
 * - `readReasons` gives the list in its order, retired ones included; an empty table is seeded with DEFAULT_REASONS
 *   first (in one IMMEDIATE transaction, so two servers starting at once seed it once).
 * - `replaceReasons` checks a new list with validateReasons (src/core/reasons.ts) against the codes decisions use,
 *   and replaces the table in one transaction; a refused list changes nothing.
 * - `usedReasonCodes`: codes of the stored list that some decision names (older decisions' free-text reasons are not
 *   codes of the list and do not count).
 */
import type { ReasonDef } from '../../core/api.ts';
import { DEFAULT_REASONS, type ReasonProblem, validateReasons } from '../../core/reasons.ts';
import type { Store } from '../store/store.ts';

interface ReasonRow {
  code: string;
  label: string;
  ground: ReasonDef['ground'];
  needs_note: number;
  retired: number;
}

const reasonOf = (row: ReasonRow): ReasonDef => ({ code: row.code, label: row.label, ground: row.ground, needsNote: row.needs_note === 1, retired: row.retired === 1 });

function writeAll(store: Store, reasons: readonly ReasonDef[]): void {
  const insert = store.db.prepare('INSERT INTO reasons (code, label, ground, needs_note, retired, position) VALUES (?, ?, ?, ?, ?, ?)');
  store.db.prepare('DELETE FROM reasons').run();
  reasons.forEach((r, i) => insert.run(r.code, r.label, r.ground, r.needsNote ? 1 : 0, r.retired ? 1 : 0, i));
}

/** The team's reasons in order (retired ones too); seeds the defaults into an empty table. */
export function readReasons(store: Store): ReasonDef[] {
  const read = () => (store.db.prepare('SELECT code, label, ground, needs_note, retired FROM reasons ORDER BY position, code').all() as ReasonRow[]).map(reasonOf);
  const rows = read();
  if (rows.length > 0) return rows;
  return store.db.transaction(() => {
    if (read().length === 0) writeAll(store, DEFAULT_REASONS);
    return read();
  }).immediate();
}

/** Codes of the stored list that decisions name. */
export function usedReasonCodes(store: Store): Set<string> {
  const codes = store.db.prepare('SELECT DISTINCT d.reason FROM decisions d JOIN reasons r ON r.code = d.reason').pluck().all() as string[];
  return new Set(codes);
}

/** Replaces the list when it passes the rules; otherwise changes nothing and returns the problems. */
export function replaceReasons(store: Store, value: unknown): { ok: true; reasons: ReasonDef[]; before: ReasonDef[] } | { ok: false; problems: ReasonProblem[] } {
  return store.db.transaction(() => {
    const before = readReasons(store);
    const checked = validateReasons(value, usedReasonCodes(store));
    if (!checked.ok) return checked;
    writeAll(store, checked.reasons);
    return { ok: true as const, reasons: checked.reasons, before };
  }).immediate();
}

/** One line for the audit trail: what changed between two lists ("added x; retired y; renamed z"). */
export function describeReasonChange(before: readonly ReasonDef[], after: readonly ReasonDef[]): string {
  const old = new Map(before.map((r) => [r.code, r]));
  const parts: string[] = [];
  for (const r of after) {
    const was = old.get(r.code);
    if (!was) parts.push(`added "${r.code}" (${r.label})`);
    else {
      if (was.label !== r.label) parts.push(`renamed "${r.code}" to ${r.label}`);
      if (was.retired !== r.retired) parts.push(`${r.retired ? 'retired' : 'restored'} "${r.code}"`);
      if (was.ground !== r.ground) parts.push(`"${r.code}" ground ${r.ground}`);
      if (was.needsNote !== r.needsNote) parts.push(`"${r.code}" ${r.needsNote ? 'needs' : 'no longer needs'} a note`);
    }
  }
  const kept = new Set(after.map((r) => r.code));
  for (const r of before) if (!kept.has(r.code)) parts.push(`removed "${r.code}"`);
  const order = (list: readonly ReasonDef[]) => list.filter((r) => old.has(r.code) && kept.has(r.code)).map((r) => r.code).join(',');
  if (order(before) !== order(after)) parts.push('reordered');
  return parts.length > 0 ? parts.join('; ') : 'no change';
}
