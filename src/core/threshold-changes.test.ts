import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type Thresholds } from './flags.ts';
import { describeThresholdChanges, thresholdChanges, thresholdMoves } from './threshold-changes.ts';

const changed = (attributes: Partial<Thresholds['attributes']>, tropeMinSeverity = DEFAULT_THRESHOLDS.tropeMinSeverity): Thresholds => ({
  attributes: { ...DEFAULT_THRESHOLDS.attributes, ...attributes },
  tropeMinSeverity,
});

describe('thresholdChanges', () => {
  it('is empty for the defaults', () => {
    expect(thresholdChanges(changed({}))).toEqual([]);
    expect(describeThresholdChanges(thresholdChanges(changed({})))).toBe('');
  });

  it('lists each attribute that differs, in the fixed order, then the trope severity, with the defaults', () => {
    const changes = thresholdChanges(changed({ THREAT: 0.8, INSULT: 0.55 }, 3));
    expect(changes.map((c) => c.text)).toEqual(['INSULT 0.55 (default 0.60)', 'THREAT 0.80 (default 0.50)', 'Trope severity S3 (default S2)']);
    expect(changes[0]).toMatchObject({ name: 'INSULT', value: 0.55, defaultValue: 0.6 });
    expect(describeThresholdChanges(changes)).toBe(
      'thresholds changed from the defaults: INSULT 0.55 (default 0.60), THREAT 0.80 (default 0.50), Trope severity S3 (default S2)',
    );
  });

  it('compares with the defaults it is given', () => {
    const serverDefaults = changed({ INSULT: 0.55 });
    expect(thresholdChanges(changed({ INSULT: 0.55 }), serverDefaults)).toEqual([]);
    expect(thresholdChanges(DEFAULT_THRESHOLDS, serverDefaults).map((c) => c.name)).toEqual(['INSULT']);
  });
});

describe('thresholdMoves', () => {
  it('says what moved from one set to the other, attributes in order then the trope severity', () => {
    const after = { attributes: { ...DEFAULT_THRESHOLDS.attributes, INSULT: 0.7, TOXICITY: 0.65 }, tropeMinSeverity: 3 as const };
    expect(thresholdMoves(DEFAULT_THRESHOLDS, after)).toEqual(['TOXICITY 0.70 -> 0.65', 'INSULT 0.60 -> 0.70', 'Trope severity S2 -> S3']);
    expect(thresholdMoves(after, DEFAULT_THRESHOLDS)).toEqual(['TOXICITY 0.65 -> 0.70', 'INSULT 0.70 -> 0.60', 'Trope severity S3 -> S2']);
    expect(thresholdMoves(after, after)).toEqual([]);
  });
});
