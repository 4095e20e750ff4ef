/**
 * The functional suite's cases are well formed (ids, twins, obfuscated variants), and the embedded scorer stays at or
 * above floors on them, so a change that loses judgement fails here before `npm run eval` would show it. The floors
 * sit a little under the figures of the scorer that shipped with them (docs/model-card.md); raise them with the scorer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import { createModelScorer } from '../model-scorer.ts';
import { groupBy, headline, judge, parseCases, share, type CaseResult, type SuiteCase } from './suite.ts';

const DIR = resolve(import.meta.dirname, 'cases');
const cases: SuiteCase[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) => parseCases(readFileSync(resolve(DIR, f), 'utf8'), f.replace(/\.jsonl$/, '')));

describe('functional suite cases', () => {
  it('has at least 1,500 cases over at least 10 groups, with unique ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(1500);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.group).filter((g) => g !== null)).size).toBeGreaterThanOrEqual(10);
  });

  it('links twins both ways and obfuscated variants to a plain case of the same label', () => {
    const byId = new Map(cases.map((c) => [c.id, c]));
    for (const c of cases) {
      if (c.twin) expect(byId.get(c.twin)?.twin, `${c.id} twin`).toBe(c.id);
      if (c.base) expect(byId.get(c.base)?.label, `${c.id} base`).toBe(c.label);
    }
  });

  it('rejects a malformed line with its file and line', () => {
    expect(() => parseCases('{"id":"x","text":"t","label":"maybe","kind":"k"}', 'batch-99')).toThrow('batch-99.jsonl line 1');
    expect(() => parseCases('not json', 'batch-99')).toThrow('batch-99.jsonl line 1: not JSON');
  });
});

describe('the embedded scorer on the functional suite', () => {
  let results: CaseResult[] = [];
  beforeAll(async () => {
    const outcomes = await createModelScorer().score(cases.map((c) => ({ key: c.id, text: c.text })));
    results = judge(cases, outcomes.map((o) => (o.ok ? o.score.scores : {})), DEFAULT_THRESHOLDS.attributes);
  });

  // Batch 07 was added as written, blind, after the last fixes: the floors sit under the figures with it.
  it('judges IDENTITY_ATTACK right on at least 86 % of all cases, 77 % of hateful and 95 % of non-hateful ones', () => {
    const h = headline(results);
    expect(share(h.overall)).toBeGreaterThanOrEqual(0.86);
    expect(share(h.hateful)).toBeGreaterThanOrEqual(0.77);
    expect(share(h.nonHateful)).toBeGreaterThanOrEqual(0.95);
  });

  it('is right on at least 60 % of the hateful cases of every group', () => {
    for (const [group, list] of groupBy(results.filter((r) => r.case.label === 'hateful' && r.case.group !== null), (r) => r.case.group as string)) {
      expect(share(headline(list).hateful), group).toBeGreaterThanOrEqual(0.6);
    }
  });
});
