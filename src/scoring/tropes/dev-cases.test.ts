import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectTropes } from './detector.ts';
import { TROPE_IDS } from './taxonomy.ts';

const DEV = resolve(process.cwd(), '../shared/data/tropes/dev-cases.jsonl');

interface DevCase {
  id: string;
  text: string;
  trope: string | null;
  kind: 'positive' | 'hard-negative';
}

function load(): DevCase[] {
  return readFileSync(DEV, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as DevCase;
      if (typeof row.text !== 'string' || (row.kind !== 'positive' && row.kind !== 'hard-negative')) throw new Error(`dev-cases.jsonl line ${i + 1}: bad row`);
      return row;
    });
}

/** Figures over the dev cases (reference section "Development cases"). */
function evaluate(cases: readonly DevCase[]) {
  let truePositives = 0;
  let positives = 0;
  let negatives = 0;
  let negativesHit = 0;
  let labels = 0;
  let correctLabels = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const c of cases) {
    const hits = detectTropes(c.text);
    labels += hits.length;
    if (c.kind === 'positive') {
      positives++;
      const correct = hits.filter((h) => h.id === c.trope).length;
      correctLabels += correct;
      if (correct > 0) truePositives++;
      else misses.push(c.id);
    } else {
      negatives++;
      if (hits.length > 0) {
        negativesHit++;
        falseAlarms.push(`${c.id}: ${hits.map((h) => h.id).join(', ')}`);
      }
    }
  }
  const flaggedCases = truePositives + negativesHit;
  return {
    recall: truePositives / positives,
    casePrecision: flaggedCases === 0 ? 0 : truePositives / flaggedCases,
    labelPrecision: labels === 0 ? 0 : correctLabels / labels,
    hardNegativeFpRate: negativesHit / negatives,
    positives,
    negatives,
    misses,
    falseAlarms,
  };
}

describe('trope detector on ../shared/data/tropes/dev-cases.jsonl', () => {
  const cases = load();
  const figures = evaluate(cases);

  it('reads the 81 dev cases (38 positive, 43 hard negative), all with known trope ids', () => {
    expect(cases).toHaveLength(81);
    expect(figures.positives).toBe(38);
    expect(figures.negatives).toBe(43);
    for (const c of cases) if (c.trope !== null) expect(TROPE_IDS).toContain(c.trope);
  });

  it('meets the floors reached so far (recall 1.00, case precision 1.00, label precision >= 0.95, hard-negative FP 0.00)', () => {
    console.info(
      `dev cases: recall ${figures.recall.toFixed(3)} (${figures.positives - figures.misses.length}/${figures.positives}), ` +
        `case precision ${figures.casePrecision.toFixed(3)}, label precision ${figures.labelPrecision.toFixed(3)}, ` +
        `hard-negative FP rate ${figures.hardNegativeFpRate.toFixed(3)} (${figures.falseAlarms.length}/${figures.negatives})`,
    );
    expect(figures.misses).toEqual([]);
    expect(figures.falseAlarms).toEqual([]);
    expect(figures.recall).toBe(1);
    expect(figures.casePrecision).toBe(1);
    expect(figures.labelPrecision).toBeGreaterThanOrEqual(0.95);
    expect(figures.hardNegativeFpRate).toBe(0);
  });

  it('every hit on a dev case has evidence spans that are slices of the text', () => {
    for (const c of cases) {
      for (const hit of detectTropes(c.text)) {
        for (const e of hit.evidence) expect(c.text.slice(e.start, e.end), c.id).toBe(e.text);
      }
    }
  });
});
