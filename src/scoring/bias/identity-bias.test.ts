import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import { loadEmbeddedModel, scoreWithModel } from '../model-scorer.ts';
import { identityBiasTable } from './identity-bias.ts';
import { fill, GROUPS, NEUTRAL_TEMPLATES } from './templates.ts';

const model = loadEmbeddedModel();
const rows = identityBiasTable((text) => scoreWithModel(model, text), DEFAULT_THRESHOLDS.attributes);

describe('identity-term bias of the embedded model at the default thresholds', () => {
  it('covers at least 12 groups with 20 neutral statements each', () => {
    expect(GROUPS.length).toBeGreaterThanOrEqual(12);
    expect(NEUTRAL_TEMPLATES.length).toBeGreaterThanOrEqual(20);
    expect(fill('I am a proud {person}.', GROUPS[0] as (typeof GROUPS)[number])).toBe('I am a proud Jewish woman.');
  });

  for (const row of rows) {
    it(`${row.group}: false-positive rate under 5% for TOXICITY and IDENTITY_ATTACK`, () => {
      expect(row.fprToxicity, row.falsePositives.join(' | ')).toBeLessThan(0.05);
      expect(row.fprIdentityAttack, row.falsePositives.join(' | ')).toBeLessThan(0.05);
    });
  }

  it('catches most hateful statements, at the same rate for every group', () => {
    const tpr = rows.map((r) => Math.max(r.tprToxicity, r.tprIdentityAttack));
    expect(Math.min(...tpr)).toBeGreaterThanOrEqual(0.75);
    expect(Math.max(...tpr) - Math.min(...tpr)).toBeLessThanOrEqual(0.125);
  });
});
