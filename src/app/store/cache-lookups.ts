/**
 * Look-ups of one text's cached results by hash, over `Sql` (both engines): what comments:analyze reads before it
 * scores (src/server/perspective-compat/analyze-cache.ts). Writes go through Store.saveCaches.
 */
import type { ScorerInfo } from '../../core/scoring.ts';
import type { Sql } from './sql.ts';

/** The cached score JSON of a text for this scorer version; null when absent or a cached failure. */
export async function cachedScoreJson(sql: Sql, hash: string, scorer: ScorerInfo): Promise<string | null> {
  return (await sql.value<string>('SELECT result_json FROM scores WHERE text_hash = ? AND scorer_name = ? AND scorer_version = ?', [hash, scorer.name, scorer.version])) ?? null;
}

/** The cached trope hits JSON of a text for this detector version; null when absent or a cached failure. */
export async function cachedTropesJson(sql: Sql, hash: string, detector: ScorerInfo): Promise<string | null> {
  return (await sql.value<string>('SELECT hits_json FROM tropes WHERE text_hash = ? AND detector_name = ? AND detector_version = ?', [hash, detector.name, detector.version])) ?? null;
}
