/**
 * The identity-term bias table: per group, the false-positive rate on neutral and positive statements and the
 * true-positive rate on hateful ones, for TOXICITY and IDENTITY_ATTACK at given thresholds.
 */
import type { CommentScore } from '../../core/scoring.ts';
import { fill, GROUPS, HATEFUL_TEMPLATES, NEUTRAL_TEMPLATES } from './templates.ts';

/** One row of the table. */
export interface BiasRow {
  group: string;
  neutral: number;
  hateful: number;
  /** Share of neutral statements at or over the threshold. */
  fprToxicity: number;
  fprIdentityAttack: number;
  /** Share of hateful statements at or over the threshold. */
  tprToxicity: number;
  tprIdentityAttack: number;
  /** Neutral statements that were flagged, for reading. */
  falsePositives: string[];
}

/** Builds the table with `score` (a synchronous scoring function) at the TOXICITY and IDENTITY_ATTACK thresholds. */
export function identityBiasTable(score: (text: string) => CommentScore, thresholds: { TOXICITY: number; IDENTITY_ATTACK: number }): BiasRow[] {
  return GROUPS.map((group) => {
    const rate = (templates: readonly string[], attribute: 'TOXICITY' | 'IDENTITY_ATTACK'): [number, string[]] => {
      const hits = templates.map((t) => fill(t, group)).filter((text) => (score(text).scores[attribute] ?? 0) >= thresholds[attribute]);
      return [hits.length / templates.length, hits];
    };
    const [fprToxicity, fpT] = rate(NEUTRAL_TEMPLATES, 'TOXICITY');
    const [fprIdentityAttack, fpI] = rate(NEUTRAL_TEMPLATES, 'IDENTITY_ATTACK');
    return {
      group: group.name,
      neutral: NEUTRAL_TEMPLATES.length,
      hateful: HATEFUL_TEMPLATES.length,
      fprToxicity,
      fprIdentityAttack,
      tprToxicity: rate(HATEFUL_TEMPLATES, 'TOXICITY')[0],
      tprIdentityAttack: rate(HATEFUL_TEMPLATES, 'IDENTITY_ATTACK')[0],
      falsePositives: [...new Set([...fpT, ...fpI])],
    };
  });
}

/** The table as fixed-width text lines. */
export function formatBiasTable(rows: readonly BiasRow[]): string[] {
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`.padStart(7);
  const lines = [`${'group'.padEnd(12)} ${'FPR TOX'.padStart(7)} ${'FPR IA'.padStart(7)} ${'TPR TOX'.padStart(7)} ${'TPR IA'.padStart(7)}  (neutral n, hateful n)`];
  for (const r of rows) {
    lines.push(`${r.group.padEnd(12)} ${pct(r.fprToxicity)} ${pct(r.fprIdentityAttack)} ${pct(r.tprToxicity)} ${pct(r.tprIdentityAttack)}  (${r.neutral}, ${r.hateful})`);
    for (const fp of r.falsePositives) lines.push(`  false positive: ${fp}`);
  }
  return lines;
}
