import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectTropes } from './detector.ts';
import { evaluateCases, parseCases } from './evaluate.ts';

const OWN = resolve(import.meta.dirname, 'cases/own-cases.jsonl');

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
    const texts = [...parseCases(readFileSync(OWN, 'utf8'), OWN), ...parseCases(readFileSync(dev, 'utf8'), dev)].map((c) => c.text);
    const hit = texts.filter((t) => detectTropes(t).length > 0);
    expect(hit.length).toBeGreaterThan(90);
    for (const t of hit) expect(mayHoldTrope(t), t).toBe(true);
  });
});
