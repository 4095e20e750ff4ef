/**
 * The SQL of the team's reasons (issue 14, ADR 0024; issue 15): the `reasons` table over `Sql`, on either engine.
 * The rules of a list (validateReasons) and the seeding policy stay in src/app/reasons/reasons-store.ts.
 *
 * Contract:
 * - `read` gives the rows in their order (position, then code).
 * - `atomically(fn)` runs `fn` on records bound to one IMMEDIATE transaction under the lock key
 *   `threadscope:reasons`, so a read-check-replace (or the first seeding) happens once even with two servers.
 * - `replaceAll` deletes every row and writes the list in its order (call it inside `atomically`).
 * - `usedCodes`: the codes of the stored list that some decision names.
 */
import type { ReasonDef } from '../../core/api.ts';
import type { Sql } from './sql.ts';

interface ReasonRow {
  code: string;
  label: string;
  ground: ReasonDef['ground'];
  needs_note: number;
  retired: number;
}

const reasonOf = (row: ReasonRow): ReasonDef => ({ code: row.code, label: row.label, ground: row.ground, needsNote: row.needs_note === 1, retired: row.retired === 1 });

const REASONS_LOCK = 'threadscope:reasons';

export class ReasonRecords {
  constructor(readonly sql: Sql) {}

  atomically<T>(fn: (records: ReasonRecords) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => fn(new ReasonRecords(tx)), { immediate: true, lockKey: REASONS_LOCK });
  }

  async read(): Promise<ReasonDef[]> {
    return (await this.sql.all<ReasonRow>('SELECT code, label, ground, needs_note, retired FROM reasons ORDER BY position, code')).map(reasonOf);
  }

  async replaceAll(reasons: readonly ReasonDef[]): Promise<void> {
    await this.sql.run('DELETE FROM reasons');
    await this.sql.insertMany(
      'reasons',
      ['code', 'label', 'ground', 'needs_note', 'retired', 'position'],
      reasons.map((r, i) => [r.code, r.label, r.ground, r.needsNote ? 1 : 0, r.retired ? 1 : 0, i]),
    );
  }

  async usedCodes(): Promise<Set<string>> {
    const rows = await this.sql.all<{ reason: string }>('SELECT DISTINCT d.reason FROM decisions d JOIN reasons r ON r.code = d.reason');
    return new Set(rows.map((row) => row.reason));
  }
}
