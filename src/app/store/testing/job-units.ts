/**
 * Tables for the job queue's tests (ADR 0032), made by the tests in their own throw-away databases, never by a
 * migration: `test_job_units` records each unit a test job completed, keyed by unit id (a second record of one unit
 * is dropped by ON CONFLICT DO NOTHING, as the score cache drops a second score of one text); `test_job_work` logs
 * every time a worker started a unit's work, so a test can count work done twice.
 */
import type { Sql } from '../sql.ts';

export class JobUnitsRepository {
  constructor(private readonly sql: Sql) {}

  async create(): Promise<void> {
    await this.sql.exec(`
      CREATE TABLE IF NOT EXISTS test_job_units (unit_id text PRIMARY KEY, worker text NOT NULL);
      CREATE TABLE IF NOT EXISTS test_job_work (unit_id text NOT NULL, worker text NOT NULL);
    `);
  }

  /** The units among `units` already recorded. */
  async recorded(units: readonly string[]): Promise<Set<string>> {
    if (units.length === 0) return new Set();
    const rows = await this.sql.all<{ unit_id: string }>(`SELECT unit_id FROM test_job_units WHERE unit_id IN (${units.map(() => '?').join(', ')})`, units);
    return new Set(rows.map((r) => r.unit_id));
  }

  async started(unit: string, worker: string): Promise<void> {
    await this.sql.run('INSERT INTO test_job_work (unit_id, worker) VALUES (?, ?)', [unit, worker]);
  }

  /** Records a completed unit; false when it was recorded already. */
  async record(unit: string, worker: string): Promise<boolean> {
    const { changes } = await this.sql.run('INSERT INTO test_job_units (unit_id, worker) VALUES (?, ?) ON CONFLICT (unit_id) DO NOTHING', [unit, worker]);
    return changes === 1;
  }

  async units(): Promise<Array<{ unitId: string; worker: string }>> {
    const rows = await this.sql.all<{ unit_id: string; worker: string }>('SELECT unit_id, worker FROM test_job_units ORDER BY unit_id');
    return rows.map((r) => ({ unitId: r.unit_id, worker: r.worker }));
  }

  /** Every start of a unit's work, in no particular order. */
  async work(): Promise<Array<{ unitId: string; worker: string }>> {
    const rows = await this.sql.all<{ unit_id: string; worker: string }>('SELECT unit_id, worker FROM test_job_work ORDER BY unit_id, worker');
    return rows.map((r) => ({ unitId: r.unit_id, worker: r.worker }));
  }
}
