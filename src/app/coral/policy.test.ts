import { describe, expect, it } from 'vitest';
import type { CommentScore, TropeHit } from '../../core/scoring.ts';
import { createEmbeddedScorer, createTropeDetector } from '../../scoring/index.ts';
import { parseCoralRequest } from './coral-api.ts';
import { coralResponse, coralVerdict, DEFAULT_CORAL_POLICY, policyProblem } from './policy.ts';
import { coralSignature, parseSignatures, signatureProblem } from './signature.ts';

const score = (scores: CommentScore['scores'], extra: Partial<CommentScore> = {}): CommentScore => ({ scores, evidence: {}, ...extra });
const trope = (severity: 1 | 2 | 3 | 4): TropeHit => ({ id: 't', name: 'Trope', severity, evidence: [], explanation: 'Trope: x' });
const answer = (s: CommentScore | null, tropes: TropeHit[] = []) => coralResponse(coralVerdict(s, tropes, DEFAULT_CORAL_POLICY), DEFAULT_CORAL_POLICY);

describe('the Coral phase policy', () => {
  it('withholds at the console thresholds, flags between the lower bound and them, and lets the rest pass', () => {
    expect(answer(score({ INSULT: 0.6 }))).toEqual({ actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }], status: 'SYSTEM_WITHHELD' });
    expect(answer(score({ INSULT: 0.45 }))).toEqual({ actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }] });
    expect(answer(score({ INSULT: 0.39 }))).toBeNull();
    expect(answer(null)).toBeNull();
  });

  it('withholds a trope at or over the default severity and flags a lower one', () => {
    expect(answer(score({}), [trope(2)])?.status).toBe('SYSTEM_WITHHELD');
    expect(answer(score({}), [trope(1)])).toEqual({ actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }] });
  });

  it('judges nothing in a language the scorer does not support, unless the policy holds it for a human', () => {
    const german = score({ INSULT: 0.9 }, { language: 'de', languageUnsupported: true });
    expect(answer(german, [trope(4)])).toBeNull();
    const premod = { ...DEFAULT_CORAL_POLICY, languageNotSupported: 'PREMOD' as const };
    expect(coralResponse(coralVerdict(german, [], premod), premod)).toEqual({ status: 'PREMOD' });
  });

  it('with the embedded scorer and detector: an insult and a trope are withheld, a civil comment passes', async () => {
    const scorer = createEmbeddedScorer();
    const detector = createTropeDetector();
    const judge = async (text: string) => {
      const [outcome] = await scorer.score([{ key: 'k', text }]);
      if (!outcome?.ok) throw new Error('not scored');
      return coralVerdict(outcome.score, detector.detect(text), DEFAULT_CORAL_POLICY).level;
    };
    expect(await judge('You are a pathetic idiot and a worthless piece of garbage.')).toBe('withhold');
    expect(await judge('putin is controlled by chabad, expect the worst')).toBe('withhold');
    expect(await judge('Thanks for covering the ferry timetable changes.')).toBe('none');
  });

  it('validates a stored policy', () => {
    expect(policyProblem(DEFAULT_CORAL_POLICY)).toBeNull();
    expect(policyProblem({ ...DEFAULT_CORAL_POLICY, extra: 1 })).toMatch(/unknown policy field "extra"/);
    expect(policyProblem({ ...DEFAULT_CORAL_POLICY, withholdStatus: 'APPROVED' })).toMatch(/withholdStatus/);
    expect(policyProblem({ ...DEFAULT_CORAL_POLICY, flag: { ...DEFAULT_CORAL_POLICY.flag, tropeMinSeverity: 3 } })).toMatch(/flag\.tropeMinSeverity is above/);
    expect(policyProblem({ ...DEFAULT_CORAL_POLICY, withhold: { attributes: {}, tropeMinSeverity: 2 } })).toMatch(/^withhold: thresholds\.attributes\.TOXICITY/);
  });
});

describe('Coral signatures', () => {
  const body = Buffer.from('{\n  "action": "NEW"\n}');

  it('match any listed signature against any stored secret', () => {
    const header = coralSignature(['old secret 0123456789', 'new secret 0123456789'], body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64},sha256=[0-9a-f]{64}$/);
    expect(signatureProblem(header, body, ['new secret 0123456789'])).toBeNull();
    expect(signatureProblem(header, body, ['old secret 0123456789'])).toBeNull();
    expect(signatureProblem(`sha256=${'a'.repeat(64)}, ${coralSignature(['new secret 0123456789'], body)}`, body, ['new secret 0123456789'])).toBeNull();
    expect(signatureProblem(header, body, ['another secret 012345'])).toMatch(/matches no signing secret/);
    expect(signatureProblem(header, Buffer.from(`${body.toString()} `), ['new secret 0123456789'])).toMatch(/matches no signing secret/);
  });

  it('refuse a missing header, a header without a sha256 signature, and any request while no secret is set', () => {
    expect(signatureProblem(undefined, body, ['s'.repeat(20)])).toMatch(/no x-coral-signature header/);
    expect(signatureProblem('sha1=abc', body, ['s'.repeat(20)])).toMatch(/holds no sha256/);
    expect(signatureProblem(coralSignature(['s'.repeat(20)], body), body, [])).toMatch(/no Coral signing secret/);
    expect(parseSignatures('sha256=XYZ,sha256=' + 'AB'.repeat(32))).toHaveLength(1);
  });
});

describe('Coral request validation', () => {
  it('accepts Coral\'s documented example and names the first bad field otherwise', () => {
    const example = { action: 'NEW', comment: { body: "Here's a reply!", parentID: 'd79b787f' }, author: { id: 'baf4', role: 'COMMENTER' }, story: { id: '245b', url: 'http://localhost:1313/posts/a-story-url/' }, site: { id: 'a4be' }, tenantID: '19ba', tenantDomain: 'localhost' };
    const parsed = parseCoralRequest(example);
    expect(parsed).toEqual({ ok: true, request: example });
    expect(parseCoralRequest({ ...example, comment: { body: 'x', parentID: 7 } })).toMatchObject({ ok: false, where: 'comment.parentID' });
    expect(parseCoralRequest({ ...example, story: { id: ' ', url: '' } })).toMatchObject({ ok: false, where: 'story.id', message: 'story.id must not be empty' });
    expect(parseCoralRequest('x')).toMatchObject({ ok: false, where: 'body' });
  });
});
