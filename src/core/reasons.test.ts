import { describe, expect, it } from 'vitest';
import type { ReasonDef } from './api.ts';
import { activeReasons, DEFAULT_REASONS, reasonLabel, validateReasons } from './reasons.ts';

const list = (): ReasonDef[] => DEFAULT_REASONS.map((r) => ({ ...r }));

describe('reasons', () => {
  it('starts from the common set, with a legal ground for illegal content and a note for "other"', () => {
    expect(DEFAULT_REASONS.map((r) => r.label)).toEqual(['Offensive', 'Abusive', 'Spam', 'Harassment or bullying', 'Hate speech', 'Misinformation', 'Illegal content', 'Irrelevant', 'Other']);
    expect(DEFAULT_REASONS.filter((r) => r.ground === 'illegal').map((r) => r.code)).toEqual(['illegal']);
    expect(DEFAULT_REASONS.filter((r) => r.needsNote).map((r) => r.code)).toEqual(['other']);
    expect(validateReasons(list()).ok).toBe(true);
  });

  const bad: Array<[string, unknown, string, string?]> = [
    ['not a list', { reasons: [] }, 'reasons must be a list'],
    ['an upper-case code', [{ code: 'Spam', label: 'Spam', ground: 'incompatible', needsNote: false, retired: false }], 'reasons[0].code must be', 'reasons[0].code'],
    ['a 41-character code', [{ code: 'a'.repeat(41), label: 'x', ground: 'incompatible', needsNote: false, retired: false }], 'reasons[0].code must be'],
    ['an empty label', [{ code: 'x', label: '   ', ground: 'incompatible', needsNote: false, retired: false }], 'reasons[0].label must be 1-80', 'reasons[0].label'],
    ['an 81-character label', [{ code: 'x', label: 'l'.repeat(81), ground: 'incompatible', needsNote: false, retired: false }], 'reasons[0].label must be 1-80'],
    ['an unknown ground', [{ code: 'x', label: 'X', ground: 'rude', needsNote: false, retired: false }], 'reasons[0].ground must be'],
    ['a missing flag', [{ code: 'x', label: 'X', ground: 'illegal', retired: false }], 'reasons[0].needsNote must be true or false'],
    ['a code twice', [...list(), { ...DEFAULT_REASONS[0]!, label: 'Again' }], 'reasons[9].code "offensive" is listed twice'],
    ['every reason retired', list().map((r) => ({ ...r, retired: true })), 'at least one reason must be active'],
  ];
  it.each(bad)('refuses %s with a message naming where', (_name, value, message, where) => {
    const result = validateReasons(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.message).toContain(message);
    if (where) expect(result.problems[0]!.where).toBe(where);
  });

  it('never drops a code decisions use, but lets it be retired; trims labels and keeps only the known fields', () => {
    const used = new Set(['spam']);
    const without = list().filter((r) => r.code !== 'spam');
    const refused = validateReasons(without, used);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems[0]!.message).toBe('decisions name "spam": a reason in use cannot be removed, only retired');
    const retired = validateReasons(list().map((r) => (r.code === 'spam' ? { ...r, retired: true, label: '  Spam (old)  ', extra: 1 } : r)), used);
    expect(retired.ok).toBe(true);
    if (retired.ok) {
      expect(retired.reasons.find((r) => r.code === 'spam')).toEqual({ code: 'spam', label: 'Spam (old)', ground: 'incompatible', needsNote: false, retired: true });
      expect(activeReasons(retired.reasons).map((r) => r.code)).not.toContain('spam');
      expect(reasonLabel(retired.reasons, 'spam')).toBe('Spam (old)');
    }
    expect(reasonLabel(list(), 'Insult or harassment')).toBe('Insult or harassment');
  });
});
