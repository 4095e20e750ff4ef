import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, decideFlags, maxScore, needsHumanText, validateThresholds, type Thresholds } from './flags.ts';
import type { CommentScore, TropeHit } from './scoring.ts';

const score = (scores: CommentScore['scores'], evidence: CommentScore['evidence'] = {}): CommentScore => ({ scores, evidence });
const hit = (severity: 1 | 2 | 3 | 4): TropeHit => ({
  id: 'covert-control-of-leaders',
  name: 'Secret control of leaders',
  severity,
  evidence: [{ start: 0, end: 5, text: 'putin', role: 'whom' }],
  explanation: 'Secret control of leaders: "chabad" is said to control "putin" ("is controlled by")',
});

describe('decideFlags', () => {
  it('flags an attribute at or above its threshold and quotes up to three spans', () => {
    const spans = ['a', 'b', 'c', 'd'].map((t, i) => ({ start: i, end: i + 1, text: t }));
    const d = decideFlags(score({ INSULT: 0.6, TOXICITY: 0.69 }, { INSULT: spans }), [], DEFAULT_THRESHOLDS);
    expect(d.flagged).toBe(true);
    expect(d.reasons).toEqual(['INSULT 0.60 ≥ 0.60: "a", "b", "c"']);
  });

  it("ends an attribute's reason with the scorer's explanation, when it gives one", () => {
    const spans = [{ start: 0, end: 7, text: 'Muslims' }, { start: 12, end: 18, text: 'vermin' }];
    const explained: CommentScore = { scores: { IDENTITY_ATTACK: 0.9, INSULT: 0.7 }, evidence: { IDENTITY_ATTACK: spans }, explanations: { IDENTITY_ATTACK: 'Dehumanising comparison of "Muslims": "vermin"' } };
    expect(decideFlags(explained, [], DEFAULT_THRESHOLDS).reasons).toEqual([
      'IDENTITY_ATTACK 0.90 ≥ 0.50: "Muslims", "vermin" — Dehumanising comparison of "Muslims": "vermin"',
      'INSULT 0.70 ≥ 0.60',
    ]);
  });

  it('does not flag below every threshold, nor an unscored comment without tropes', () => {
    expect(decideFlags(score({ TOXICITY: 0.69, INSULT: 0.59, THREAT: 0.49 }), [], DEFAULT_THRESHOLDS)).toEqual({ flagged: false, needsHuman: null, reasons: [] });
    expect(decideFlags(null, [], DEFAULT_THRESHOLDS)).toEqual({ flagged: false, needsHuman: null, reasons: [] });
  });

  it('flags trope hits from the minimum severity up, without repeating the trope name', () => {
    const d = decideFlags(null, [hit(3)], DEFAULT_THRESHOLDS);
    expect(d.reasons).toEqual(['Trope Secret control of leaders (S3): "chabad" is said to control "putin" ("is controlled by")']);
    expect(decideFlags(null, [hit(1)], DEFAULT_THRESHOLDS).flagged).toBe(false);
    const strict: Thresholds = { ...DEFAULT_THRESHOLDS, tropeMinSeverity: 4 };
    expect(decideFlags(null, [hit(3)], strict).flagged).toBe(false);
  });

  it('re-flags live when thresholds change', () => {
    const s = score({ PROFANITY: 0.4 });
    expect(decideFlags(s, [], DEFAULT_THRESHOLDS).flagged).toBe(false);
    expect(decideFlags(s, [], { ...DEFAULT_THRESHOLDS, attributes: { ...DEFAULT_THRESHOLDS.attributes, PROFANITY: 0.35 } }).flagged).toBe(true);
  });
});

describe('needs a human: language not supported', () => {
  const german: CommentScore = { scores: {}, evidence: {}, language: 'de', languageUnsupported: true, unsupported: ['TOXICITY', 'THREAT'] };

  it('is a review state of its own, not a flag, with the language named', () => {
    const d = decideFlags(german, [], DEFAULT_THRESHOLDS);
    expect(d).toEqual({ flagged: false, needsHuman: { reason: 'language-not-supported', language: 'de' }, reasons: [] });
    expect(d.needsHuman && needsHumanText(d.needsHuman)).toBe('needs a human: language not supported (de)');
    expect(decideFlags({ ...german, language: undefined }, [], DEFAULT_THRESHOLDS).needsHuman).toEqual({ reason: 'language-not-supported', language: 'unknown' });
  });

  it('lets no score of an unsupported language flag, whatever a scorer sent', () => {
    const d = decideFlags({ ...german, scores: { THREAT: 0.84, TOXICITY: 0.75 }, evidence: { THREAT: [{ start: 0, end: 3, text: 'die' }] } }, [], DEFAULT_THRESHOLDS);
    expect(d.flagged).toBe(false);
    expect(d.reasons).toEqual([]);
  });

  it('lets no trope hit flag a comment in another language than English (the detector is English); English and undetected ones still flag', () => {
    expect(decideFlags(german, [hit(4)], DEFAULT_THRESHOLDS).flagged).toBe(false);
    // A remote scorer that supports German (Perspective) still names the language: the trope rules do not apply.
    expect(decideFlags({ scores: { TOXICITY: 0.1 }, evidence: {}, language: 'de' }, [hit(4)], DEFAULT_THRESHOLDS)).toEqual({ flagged: false, needsHuman: null, reasons: [] });
    expect(decideFlags({ scores: { TOXICITY: 0.1 }, evidence: {}, language: 'en' }, [hit(3)], DEFAULT_THRESHOLDS).flagged).toBe(true);
    expect(decideFlags(score({ TOXICITY: 0.1 }), [hit(3)], DEFAULT_THRESHOLDS).flagged).toBe(true);
  });
});

describe('defaults and validation', () => {
  it('defaults are valid and documented values', () => {
    expect(validateThresholds(DEFAULT_THRESHOLDS)).toBeNull();
    expect(DEFAULT_THRESHOLDS.tropeMinSeverity).toBe(2);
    expect(DEFAULT_THRESHOLDS.attributes).toEqual({ TOXICITY: 0.7, SEVERE_TOXICITY: 0.5, IDENTITY_ATTACK: 0.5, INSULT: 0.6, PROFANITY: 0.7, THREAT: 0.5 });
  });

  it('rejects bad thresholds with a message naming the field', () => {
    expect(validateThresholds(null)).toMatch(/object/);
    expect(validateThresholds({ attributes: { ...DEFAULT_THRESHOLDS.attributes, THREAT: 2 }, tropeMinSeverity: 2 })).toMatch(/THREAT/);
    expect(validateThresholds({ attributes: DEFAULT_THRESHOLDS.attributes, tropeMinSeverity: 5 })).toMatch(/tropeMinSeverity/);
  });

  it('maxScore picks the highest attribute or null', () => {
    expect(maxScore(null)).toBeNull();
    expect(maxScore(score({ INSULT: 0.2, THREAT: 0.7 }))).toBe(0.7);
  });
});

describe('decideFlags with values that are not numbers', () => {
  it('never flags on NaN or Infinity and leaves them out of maxScore', () => {
    const score = { scores: { TOXICITY: Number.NaN, INSULT: Number.POSITIVE_INFINITY, THREAT: 0.2 }, evidence: {} };
    expect(decideFlags(score, [], DEFAULT_THRESHOLDS)).toEqual({ flagged: false, needsHuman: null, reasons: [] });
    expect(maxScore(score)).toBe(0.2);
  });
});
