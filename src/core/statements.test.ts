import { describe, expect, it } from 'vitest';
import type { DecisionEvent } from './decisions.ts';
import { DEFAULT_THRESHOLDS } from './flags.ts';
import { buildStatement, categoryOf, DEFAULT_REDRESS, puidOf, type StatementComment, type StatementInput, type StatementSettings } from './statements.ts';

const REASONS = [
  { code: 'hate-speech', label: 'Hate speech', ground: 'incompatible' as const },
  { code: 'illegal', label: 'Illegal content', ground: 'illegal' as const },
  { code: 'harassment', label: 'Harassment or bullying', ground: 'incompatible' as const },
];
const SETTINGS: StatementSettings = { reasons: REASONS, scorer: { name: 'lexicon', version: '7' }, detector: { name: 'tropes', version: '3' }, thresholds: DEFAULT_THRESHOLDS };

const insulting: StatementComment = {
  id: 'c1',
  author: 'Ann',
  createdAt: '2026-03-04T05:06:07Z',
  text: 'You are a loser.',
  score: { scores: { TOXICITY: 0.8, INSULT: 0.9 }, evidence: { INSULT: [{ start: 10, end: 15, text: 'loser' }] }, language: 'en' },
  tropes: [],
};
const civil: StatementComment = { ...insulting, id: 'c2', text: 'A civil remark.', score: { scores: { TOXICITY: 0.1 }, evidence: {} } };
const troped: StatementComment = {
  ...civil,
  id: 'c3',
  tropes: [{ id: 'dehumanisation', name: 'Dehumanisation', severity: 3, evidence: [], explanation: 'Dehumanisation: "vermin"' }],
};

function event(extra: Partial<DecisionEvent> = {}): DecisionEvent {
  return { id: 'd-1', threadId: 't/1', commentId: 'c1', action: 'reject', moderator: 'mo', reason: 'hate-speech', note: '', legalGround: '', at: '2026-03-05T10:00:00Z', seq: 42, ...extra };
}
const input = (comment: StatementComment, decision: DecisionEvent): StatementInput => ({ thread: { id: 't/1', title: 'A thread', url: 'https://example.org/a' }, comment, decision, deciderRole: 'moderator' });

describe('buildStatement', () => {
  it('an incompatible-with-terms ground: the reason label and note, the decision, dates, facts and details', () => {
    const s = buildStatement(input(insulting, event({ note: 'Repeated insults.' })), SETTINGS);
    expect(s).toMatchObject({
      puid: 'threadscope-t_1-c1-42',
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: 'Hate speech',
      incompatible_content_explanation: 'Repeated insults.',
      content_type: ['CONTENT_TYPE_TEXT'],
      category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
      content_date: '2026-03-04',
      application_date: '2026-03-05',
      content_language: 'EN',
      source_type: 'SOURCE_VOLUNTARY',
      automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    });
    expect(s.illegal_content_legal_ground).toBeUndefined();
    expect(s.decision_facts).toContain('Comment c1 by Ann, posted 2026-03-04T05:06:07Z in the thread "A thread" (https://example.org/a).');
    expect(s.decision_facts).toContain('Removed by mo (moderator) on 2026-03-05T10:00:00Z for "Hate speech": Repeated insults.');
    expect(s.details).toMatchObject({ author: 'Ann', text: 'You are a loser.', decidedBy: 'mo', decidedByRole: 'moderator', reasonCode: 'hate-speech', reasonLabel: 'Hate speech', scores: { TOXICITY: 0.8, INSULT: 0.9 }, warnings: [] });
  });

  it('an illegal-content ground: the legal ground and the explanation; a warning when no provision was given', () => {
    const s = buildStatement(input(insulting, event({ reason: 'illegal', legalGround: 'StGB § 130', note: 'Incites hatred.' })), SETTINGS);
    expect(s).toMatchObject({ decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', illegal_content_legal_ground: 'StGB § 130', illegal_content_explanation: 'Incites hatred.' });
    expect(s.incompatible_content_ground).toBeUndefined();
    expect(s.details.warnings).toEqual([]);
    const bare = buildStatement(input(insulting, event({ reason: 'illegal' })), SETTINGS);
    expect(bare.illegal_content_legal_ground).toBe('Illegal content (no legal provision was recorded)');
    expect(bare.illegal_content_explanation).toBe('The comment was judged to be illegal content: Illegal content.');
    expect(bare.details.warnings).toEqual(['no legal provision was recorded for this illegal-content decision']);
  });

  it('automated detection: yes naming the scorer or the trope detector and version, no when nothing flagged it', () => {
    const byScorer = buildStatement(input(insulting, event()), SETTINGS);
    expect(byScorer.automated_detection).toBe('Yes');
    expect(byScorer.details.automatedMeans).toBe('flagged for review by scorer lexicon 7 (TOXICITY 0.80 ≥ 0.70; INSULT 0.90 ≥ 0.60)');
    const byDetector = buildStatement(input(troped, event({ commentId: 'c3' })), SETTINGS);
    expect(byDetector.automated_detection).toBe('Yes');
    expect(byDetector.details.automatedMeans).toBe('flagged for review by trope detector tropes 3 (Dehumanisation (S3))');
    const byPerson = buildStatement(input(civil, event({ commentId: 'c2' })), SETTINGS);
    expect(byPerson.automated_detection).toBe('No');
    expect(byPerson.details.automatedMeans).toMatch(/^not flagged by the scorer lexicon 7 or the trope detector tropes 3: found by a person$/);
    // Under stricter thresholds the scorer flagged nothing.
    const strict = { ...SETTINGS, thresholds: { attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.95, INSULT: 0.95 }, tropeMinSeverity: 4 as const } };
    expect(buildStatement(input(insulting, event()), strict).automated_detection).toBe('No');
    // The decision itself is never automated.
    expect([byScorer, byDetector, byPerson].every((s) => s.automated_decision === 'AUTOMATED_DECISION_NOT_AUTOMATED')).toBe(true);
  });

  it('redress: the configured text, or the default when none or blank', () => {
    expect(buildStatement(input(insulting, event()), SETTINGS).details.redress).toBe(DEFAULT_REDRESS);
    expect(buildStatement(input(insulting, event()), { ...SETTINGS, redress: '   ' }).details.redress).toBe(DEFAULT_REDRESS);
    expect(buildStatement(input(insulting, event()), { ...SETTINGS, redress: ' Write to appeals@example.org. ' }).details.redress).toBe('Write to appeals@example.org.');
    expect(DEFAULT_REDRESS).toMatch(/internal complaint/);
    expect(DEFAULT_REDRESS).toMatch(/out-of-court/);
    expect(DEFAULT_REDRESS).toMatch(/court/);
  });

  it('a comment with no reason: incompatible with the terms, said so, with a warning; an unknown code is kept as its label', () => {
    const none = buildStatement(input(insulting, event({ reason: '' })), SETTINGS);
    expect(none).toMatchObject({
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: 'Terms of the site (no reason was recorded with the decision)',
      incompatible_content_explanation: 'The moderator removed the comment without recording a reason.',
      category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
    });
    expect(none.details.warnings).toEqual(['no reason was recorded with the decision: the ground is incomplete']);
    expect(none.decision_facts).toContain('without a recorded reason');
    const old = buildStatement(input(insulting, event({ reason: 'rude language' })), SETTINGS);
    expect(old).toMatchObject({ decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', incompatible_content_ground: 'rude language' });
    expect(old.details.reasonLabel).toBe('rude language');
  });

  it('an unknown posting date: content_date null and a warning; no language when the scorer did not detect one', () => {
    const s = buildStatement(input({ ...civil, createdAt: null }, event({ commentId: 'c2' })), SETTINGS);
    expect(s.content_date).toBeNull();
    expect(s.content_language).toBeUndefined();
    expect(s.details.warnings).toContain('the posting date is unknown (the Transparency Database requires content_date)');
    expect(s.decision_facts).toContain('posted an unknown time');
  });
});

describe('categoryOf and puidOf', () => {
  it('maps the default reasons to Transparency Database categories', () => {
    expect(categoryOf({ code: 'harassment', label: '', ground: 'incompatible' })).toBe('STATEMENT_CATEGORY_CYBER_VIOLENCE');
    expect(categoryOf({ code: 'spam', label: '', ground: 'incompatible' })).toBe('STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE');
    expect(categoryOf({ code: 'misinformation', label: '', ground: 'incompatible' })).toBe('STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS');
    expect(categoryOf({ code: 'custom', label: '', ground: 'illegal' })).toBe('STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH');
    expect(categoryOf({ code: 'other', label: '', ground: 'incompatible' })).toBe('STATEMENT_CATEGORY_OTHER_VIOLATION_TC');
  });

  it('makes PUIDs of letters, digits, dashes and underscores only', () => {
    expect(puidOf('wp:12/x y', 'c#1', 7)).toBe('threadscope-wp_12_x_y-c_1-7');
    const long = puidOf('t'.repeat(1000), 'c'.repeat(1000), 1);
    expect(long).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(long.length).toBeLessThanOrEqual(500);
  });
});
