/**
 * The team's reasons in the store's `reasons` table (migration 6; docs/adr/0024-reasons-and-decision-rules.md).
 *
 * Contract:
 * - `readReasons` gives the list in its order, retired ones included; an empty table is seeded with DEFAULT_REASONS
 *   first (in one IMMEDIATE transaction, so two servers starting at once seed it once).
 * - Every function is async and takes the Store (or any holder of its `sql`); the SQL is src/app/store/reasons.ts.
 * - `replaceReasons` checks a new list with validateReasons (src/core/reasons.ts) against the codes decisions use,
 *   and replaces the table in one IMMEDIATE transaction; a refused list changes nothing.
 * - `usedReasonCodes`: codes of the stored list that some decision names (older decisions' free-text reasons are not
 *   codes of the list and do not count).
 */
import type { ReasonDef } from '../../core/api.ts';
import { DEFAULT_REASONS, type ReasonProblem, validateReasons } from '../../core/reasons.ts';
import { ReasonRecords } from '../store/reasons.ts';
import type { Store } from '../store/store.ts';

type HasSql = Pick<Store, 'sql'>;

/** The list, seeding the defaults into an empty table (inside the caller's transaction). */
async function readOrSeed(records: ReasonRecords): Promise<ReasonDef[]> {
  const rows = await records.read();
  if (rows.length > 0) return rows;
  await records.replaceAll(DEFAULT_REASONS);
  return records.read();
}

/** The team's reasons in order (retired ones too); seeds the defaults into an empty table. */
export async function readReasons(store: HasSql): Promise<ReasonDef[]> {
  const records = new ReasonRecords(store.sql);
  const rows = await records.read();
  if (rows.length > 0) return rows;
  return records.atomically(readOrSeed);
}

/** Codes of the stored list that decisions name. */
export function usedReasonCodes(store: HasSql): Promise<Set<string>> {
  return new ReasonRecords(store.sql).usedCodes();
}

/** Replaces the list when it passes the rules; otherwise changes nothing and returns the problems. */
export function replaceReasons(store: HasSql, value: unknown): Promise<{ ok: true; reasons: ReasonDef[]; before: ReasonDef[] } | { ok: false; problems: ReasonProblem[] }> {
  return new ReasonRecords(store.sql).atomically(async (records) => {
    const before = await readOrSeed(records);
    const checked = validateReasons(value, await records.usedCodes());
    if (!checked.ok) return checked;
    await records.replaceAll(checked.reasons);
    return { ok: true as const, reasons: checked.reasons, before };
  });
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
