import { describe, expect, it } from 'vitest';
import { TROPES as EXPORTED } from '../index.ts';
import { TROPE_IDS, TROPES, tropeInfo } from './taxonomy.ts';

describe('trope taxonomy', () => {
  it('has one row per id of the reference, in order, and is exported for the UI and reports', () => {
    expect(TROPES.map((t) => t.id)).toEqual([...TROPE_IDS]);
    expect(TROPE_IDS).toHaveLength(19);
    expect(EXPORTED).toBe(TROPES);
  });

  it('every row has a name, a definition, a severity from 1 to 4 and https references', () => {
    for (const t of TROPES) {
      expect(t.name.length, t.id).toBeGreaterThan(3);
      expect(t.definition.length, t.id).toBeGreaterThan(40);
      expect([1, 2, 3, 4]).toContain(t.defaultSeverity);
      expect(t.references.length, t.id).toBeGreaterThan(0);
      for (const url of t.references) expect(url).toMatch(/^https:\/\/\S+$/);
    }
  });

  it('keeps the reference default severities for the first tropes', () => {
    expect(tropeInfo('covert-control-of-leaders').defaultSeverity).toBe(3);
    expect(tropeInfo('world-domination-plot').defaultSeverity).toBe(3);
    expect(tropeInfo('dehumanization-vermin-disease').defaultSeverity).toBe(3);
    expect(tropeInfo('puppet-master-proxy').defaultSeverity).toBe(2);
    expect(tropeInfo('coded-othering-marking').defaultSeverity).toBe(2);
    expect(tropeInfo('blood-libel').defaultSeverity).toBe(4);
  });
});
