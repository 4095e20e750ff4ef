import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectTropes } from './detector.ts';
import { evaluateCases, evaluateFamilies, parseCases, type TropeCase } from './evaluate.ts';

const OWN = resolve(import.meta.dirname, 'cases/own-cases.jsonl');
const CASES = resolve(import.meta.dirname, 'cases');
/** The batch files from batch 8 on (one per batch and kind), each measured blind before the fixes it prompted. */
const BATCHES = readdirSync(CASES).filter((f) => /^batch-\d+-[a-z]+\.jsonl$/.test(f)).sort();
const batch = (name: string): TropeCase[] => parseCases(readFileSync(resolve(CASES, name), 'utf8'), name);

describe('our own trope cases (written apart from the dev cases)', () => {
  const cases = parseCases(readFileSync(OWN, 'utf8'), OWN);

  it('has at least 60 cases covering every trope with positives and hard negatives', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.filter((c) => c.kind === 'positive').map((c) => c.trope)).size).toBe(19);
    expect(cases.filter((c) => c.kind === 'hard-negative').length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('keeps the figures measured when they were written (floors, not the exact values)', () => {
    const e = evaluateCases(cases, detectTropes);
    expect(e.recall, e.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(e.precision, e.falseAlarms.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(e.negativesAtHighest).toBe(0);
    for (const [id, g] of e.perTrope) expect(g.hit / g.total, id).toBeGreaterThanOrEqual(0.5);
  });
});

describe('batch files from batch 8 on (families of issue 10, civil comments that mention Jews or Israel)', () => {
  it('are named by batch and kind, with ids that name their family', () => {
    expect(BATCHES.length).toBeGreaterThanOrEqual(2);
    const all = BATCHES.flatMap(batch);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) expect(c.id, c.id).toMatch(/--[a-z]+-b\d+-(pos|neg)-\d+$/);
  });

  it('keeps the figures reached after the fixes (floors): recall >= 0.85 per file and >= 0.65 per family, negatives <= 5% at S2', () => {
    for (const name of BATCHES.filter((f) => f.endsWith('-families.jsonl'))) {
      const cases = batch(name);
      const e = evaluateCases(cases, detectTropes);
      expect(e.precision, `${name}\n${e.falseAlarms.join('\n')}`).toBeGreaterThanOrEqual(0.95);
      expect(e.negativesAtHighest, name).toBe(0);
      expect(e.recall, `${name}\n${e.misses.join('\n')}`).toBeGreaterThanOrEqual(0.85);
      for (const [family, f] of evaluateFamilies(cases, detectTropes)) {
        expect(f.found / f.positives, `${name} ${family}`).toBeGreaterThanOrEqual(0.65);
        expect(f.flaggedAtDefault / f.negatives, `${name} ${family}`).toBeLessThanOrEqual(0.05);
      }
    }
  });

  it('flags at most 1% of the civil comments at the default minimum severity (S2)', () => {
    for (const name of BATCHES.filter((f) => f.endsWith('-civil.jsonl'))) {
      const f = evaluateFamilies(batch(name), detectTropes).get('civil');
      expect(f?.negatives, name).toBeGreaterThanOrEqual(50);
      expect((f?.flaggedAtDefault ?? 1) / (f?.negatives ?? 1), name).toBeLessThanOrEqual(0.01);
    }
  });
});

describe('parseCases', () => {
  it('names the file and line of a bad row', () => {
    expect(() => parseCases('{"id":"a","text":"x","trope":null,"kind":"hard-negative"}\n{oops', 'f.jsonl')).toThrow('f.jsonl line 2: not valid JSON');
    expect(() => parseCases('{"id":"a","text":"x","trope":"made-up","kind":"positive"}', 'f.jsonl')).toThrow(/f\.jsonl line 1: expected/);
  });
});

describe('the raw pre-check never hides a hit', () => {
  it('passes every case text on which the detector finds a trope', async () => {
    const { mayHoldTrope } = await import('./analyze.ts');
    const dev = resolve(process.cwd(), '../shared/data/tropes/dev-cases.jsonl');
    const texts = [...parseCases(readFileSync(OWN, 'utf8'), OWN), ...BATCHES.flatMap(batch), ...parseCases(readFileSync(dev, 'utf8'), dev)].map((c) => c.text);
    const hit = texts.filter((t) => detectTropes(t).length > 0);
    expect(hit.length).toBeGreaterThan(90);
    for (const t of hit) expect(mayHoldTrope(t), t).toBe(true);
  });
});
