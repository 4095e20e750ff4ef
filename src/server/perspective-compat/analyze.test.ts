// The pure logic of comments:analyze: reading the body, each check with the service's error, and the answer built
// from a score and trope hits (code-point spans, thresholds, THREADSCOPE_TROPE, languages, clientToken).
import { describe, expect, it } from 'vitest';
import type { CommentScore, TropeHit } from '../../core/scoring.ts';
import {
  ANALYZE_MAX_BYTES,
  buildAnalyzeResponse,
  checkAnalyzeRequest,
  codePointOffset,
  isEnglish,
  languageRefusal,
  parseJsonBody,
  type AnalyzeInput,
} from './analyze.ts';
import { GOOGLE_ERRORS, type GoogleError } from './google-errors.ts';

const body = (fields: Record<string, unknown> = {}) => ({ comment: { text: 'You are an idiot.' }, requestedAttributes: { TOXICITY: {} }, ...fields });

function refusal(request: unknown): GoogleError {
  const checked = checkAnalyzeRequest(request);
  if (checked.ok) throw new Error('expected a refusal');
  return checked.error;
}

function input(request: unknown): AnalyzeInput {
  const checked = checkAnalyzeRequest(request);
  if (!checked.ok) throw new Error(checked.error.body.error.message);
  return checked.value;
}

describe('parseJsonBody', () => {
  it('reads JSON sent as application/json (any charset) or without a content type', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON', undefined, '']) {
      expect(parseJsonBody('{"a":1}', type)).toEqual({ ok: true, value: { a: 1 } });
    }
  });

  it('refuses other content types, empty bodies and malformed JSON with INVALID_ARGUMENT, echoing none of the body', () => {
    for (const [raw, type] of [['{"a":1}', 'application/x-www-form-urlencoded'], ['{"a":1}', 'text/plain'], ['', 'application/json'], ['  ', undefined], ['{"comment": {"text": "secret words"', 'application/json'], [undefined, undefined]] as const) {
      const parsed = parseJsonBody(raw, type);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.error.httpStatus).toBe(400);
      expect(parsed.error.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Invalid JSON payload received\./) });
      expect(JSON.stringify(parsed.error.body)).not.toContain('secret words');
    }
  });
});

describe('checkAnalyzeRequest', () => {
  it('accepts a documented request and keeps what the answer needs', () => {
    const checked = input(body({
      requestedAttributes: { TOXICITY: { scoreType: 'PROBABILITY', scoreThreshold: 0.5 }, INSULT: {}, THREADSCOPE_TROPE: {} },
      languages: ['en'], doNotStore: true, spanAnnotations: true, clientToken: 'tok-1', sessionId: 's', communityId: 'c',
      context: { entries: [{ text: 'The article.', type: 'PLAIN_TEXT' }] },
    }));
    expect(checked).toEqual({
      text: 'You are an idiot.',
      attributes: [{ name: 'TOXICITY', threshold: 0.5 }, { name: 'INSULT', threshold: null }, { name: 'THREADSCOPE_TROPE', threshold: null }],
      languages: ['en'], doNotStore: true, spanAnnotations: true, clientToken: 'tok-1',
    });
    expect(input(body({ languages: [] })).languages).toBeNull();
    expect(input(body()).doNotStore).toBe(false);
  });

  it('reads comment.type HTML as text with the importers\' reader', () => {
    expect(input(body({ comment: { text: '<p>You are an <b>idiot</b>.</p><p>Go&nbsp;away &amp; stay.</p>', type: 'HTML' } })).text).toBe('You are an idiot.\n\nGo\u00a0away & stay.');
    expect(refusal(body({ comment: { text: '<p> </p><img src=x>', type: 'HTML' } }))).toEqual(GOOGLE_ERRORS.commentEmpty());
  });

  it.each([
    ['no comment', { requestedAttributes: { TOXICITY: {} } }, GOOGLE_ERRORS.commentEmpty()],
    ['no text', body({ comment: {} }), GOOGLE_ERRORS.commentEmpty()],
    ['empty text', body({ comment: { text: '' } }), GOOGLE_ERRORS.commentEmpty()],
    ['whitespace text', body({ comment: { text: ' \n\t ' } }), GOOGLE_ERRORS.commentEmpty()],
    ['text one byte too long', body({ comment: { text: 'é'.repeat(ANALYZE_MAX_BYTES / 2) + 'x' } }), GOOGLE_ERRORS.commentTooLong()],
    ['no requestedAttributes', { comment: { text: 'Hi' } }, GOOGLE_ERRORS.noRequestedAttributes()],
    ['empty requestedAttributes', body({ requestedAttributes: {} }), GOOGLE_ERRORS.noRequestedAttributes()],
    ['an unknown attribute', body({ requestedAttributes: { TOXICITY: {}, NASTINESS: {} } }), GOOGLE_ERRORS.unknownAttribute('NASTINESS')],
    ['an attribute in lower case', body({ requestedAttributes: { toxicity: {} } }), GOOGLE_ERRORS.unknownAttribute('toxicity')],
    ['an experimental attribute', body({ requestedAttributes: { TOXICITY_EXPERIMENTAL: {} } }), GOOGLE_ERRORS.languageNotSupported('TOXICITY_EXPERIMENTAL', ['en'])],
    ['SEXUALLY_EXPLICIT', body({ requestedAttributes: { TOXICITY: {}, SEXUALLY_EXPLICIT: {} } }), GOOGLE_ERRORS.languageNotSupported('SEXUALLY_EXPLICIT', ['en'])],
    ['FLIRTATION in the request\'s language', body({ requestedAttributes: { FLIRTATION: {} }, languages: ['en-GB'] }), GOOGLE_ERRORS.languageNotSupported('FLIRTATION', ['en-GB'])],
    ['French', body({ languages: ['fr'] }), GOOGLE_ERRORS.languageNotSupported('TOXICITY', ['fr'])],
    ['English and German', body({ requestedAttributes: { INSULT: {} }, languages: ['en', 'de'] }), GOOGLE_ERRORS.languageNotSupported('INSULT', ['en', 'de'])],
  ])('refuses %s as the service does', (_label, request, expected) => {
    const error = refusal(request);
    expect(error).toEqual(expected);
    expect(error.httpStatus).toBe(400);
  });

  it('accepts a text of exactly 20,480 bytes', () => {
    expect(input(body({ comment: { text: 'é'.repeat(ANALYZE_MAX_BYTES / 2) } })).text).toHaveLength(ANALYZE_MAX_BYTES / 2);
  });

  it.each([
    ['a body that is not an object', ['comment'], /Expected a JSON object/],
    ['an unknown field', body({ comentt: {} }), /Unknown name "comentt": Cannot find field\./],
    ['an unknown field of comment', body({ comment: { text: 'x', lang: 'en' } }), /Unknown name "lang" at 'comment'/],
    ['an unknown field of an attribute', body({ requestedAttributes: { TOXICITY: { threshold: 0.5 } } }), /Unknown name "threshold" at 'requested_attributes\[TOXICITY\]'/],
    ['a text that is not a string', body({ comment: { text: 5 } }), /Invalid value at 'comment.text'/],
    ['an unknown comment type', body({ comment: { text: 'x', type: 'MARKDOWN' } }), /Invalid value at 'comment.type' .*"MARKDOWN"/],
    ['doNotStore that is not a boolean', body({ doNotStore: 'yes' }), /Invalid value at 'do_not_store' \(TYPE_BOOL\), "yes"/],
    ['spanAnnotations that is not a boolean', body({ spanAnnotations: 1 }), /Invalid value at 'span_annotations' \(TYPE_BOOL\), 1/],
    ['a clientToken that is not a string', body({ clientToken: 7 }), /Invalid value at 'client_token'/],
    ['languages that is not a list', body({ languages: 'en' }), /Invalid value at 'languages'/],
    ['a language that is not a string', body({ languages: [1] }), /Invalid value at 'languages'/],
    ['requestedAttributes that is a list', body({ requestedAttributes: ['TOXICITY'] }), /Invalid value at 'requested_attributes'/],
    ['context entries that are not a list', body({ context: { entries: 'x' } }), /Invalid value at 'context.entries'/],
    ['a context entry with an unknown type', body({ context: { entries: [{ text: 'a', type: 'PDF' }] } }), /Invalid value at 'context.entries\[0\].type'/],
    ['a threshold that is not a number', body({ requestedAttributes: { TOXICITY: { scoreThreshold: 'high' } } }), /Invalid value at 'requested_attributes\[TOXICITY\].score_threshold'/],
    ['a threshold over 1', body({ requestedAttributes: { TOXICITY: { scoreThreshold: 1.5 } } }), /^Score threshold for TOXICITY must be between 0 and 1/],
    ['a score type the service did not have', body({ requestedAttributes: { TOXICITY: { scoreType: 'LIKERT' } } }), /Invalid value at 'requested_attributes\[TOXICITY\].score_type'/],
    ['a score type other than PROBABILITY', body({ requestedAttributes: { TOXICITY: { scoreType: 'STD_DEV_SCORE' } } }), /^Score type STD_DEV_SCORE is not supported for attribute TOXICITY/],
  ])('refuses %s with 400 INVALID_ARGUMENT', (_label, request, message) => {
    const error = refusal(request);
    expect(error.httpStatus).toBe(400);
    expect(error.body.error.status).toBe('INVALID_ARGUMENT');
    expect(error.body.error.message).toMatch(message);
  });

  it('names English in any regional form as English, and nothing else', () => {
    for (const tag of ['en', 'EN', 'en-GB', 'en_US', 'en-Latn-US']) expect([tag, isEnglish(tag)]).toEqual([tag, true]);
    for (const tag of ['fr', 'eng', 'de-en', 'und', '']) expect([tag, isEnglish(tag)]).toEqual([tag, false]);
  });
});

describe('buildAnalyzeResponse', () => {
  const text = 'Hey 👩‍👩‍👧 you idiot, go away';
  // "idiot" starts at code point 14: "Hey " (4), the family emoji (5 code points, 8 UTF-16 units), " you " (5).
  const start = text.indexOf('idiot');
  const score: CommentScore = {
    scores: { TOXICITY: 0.9, SEVERE_TOXICITY: 0.1, IDENTITY_ATTACK: 0.05, INSULT: 0.95, PROFANITY: 0, THREAT: 0 },
    evidence: { TOXICITY: [{ start, end: start + 5, text: 'idiot' }], INSULT: [{ start: start + 7, end: start + 14, text: 'go away' }, { start, end: start + 5, text: 'idiot' }] },
  };
  const hit: TropeHit = {
    id: 'covert-control-of-leaders', name: 'Secret control of leaders', severity: 3,
    evidence: [{ start: text.indexOf('go'), end: text.length, text: 'go away', role: 'what' }, { start: 0, end: 3, text: 'Hey', role: 'who' }],
    explanation: 'An explanation.',
  };
  const request = (fields: Record<string, unknown>) => input({ comment: { text }, requestedAttributes: { TOXICITY: {} }, ...fields });
  const cp = (s: string, begin: number, end: number) => [...s].slice(begin, end).join('');

  it('gives each requested attribute its score as a PROBABILITY, and languages as detected when none were given', () => {
    const response = buildAnalyzeResponse(request({ requestedAttributes: { TOXICITY: {}, PROFANITY: {} } }), score, []);
    expect(response).toEqual({
      attributeScores: { TOXICITY: { summaryScore: { value: 0.9, type: 'PROBABILITY' } }, PROFANITY: { summaryScore: { value: 0, type: 'PROBABILITY' } } },
      languages: ['en'], detectedLanguages: ['en'],
    });
  });

  it('echoes clientToken and the request\'s languages', () => {
    const response = buildAnalyzeResponse(request({ clientToken: 'abc', languages: ['en-GB'] }), score, []);
    expect(response).toMatchObject({ clientToken: 'abc', languages: ['en-GB'], detectedLanguages: ['en'] });
  });

  it('leaves out attributes below their scoreThreshold, keeps those at or above it', () => {
    const response = buildAnalyzeResponse(request({ requestedAttributes: { TOXICITY: { scoreThreshold: 0.9 }, INSULT: { scoreThreshold: 0.96 }, THREAT: {} } }), score, []);
    expect(Object.keys(response.attributeScores)).toEqual(['TOXICITY', 'THREAT']);
  });

  it('builds span scores from the evidence in code points, sorted; one span over the whole text where there is none', () => {
    const response = buildAnalyzeResponse(request({ requestedAttributes: { TOXICITY: {}, INSULT: {}, THREAT: {} }, spanAnnotations: true }), score, []);
    const insult = response.attributeScores.INSULT!.spanScores!;
    expect(insult.map((s) => cp(text, s.begin, s.end))).toEqual(['idiot', 'go away']);
    expect(insult[0]).toEqual({ begin: 14, end: 19, score: { value: 0.95, type: 'PROBABILITY' } });
    expect(response.attributeScores.TOXICITY!.spanScores).toEqual([{ begin: 14, end: 19, score: { value: 0.9, type: 'PROBABILITY' } }]);
    expect(response.attributeScores.THREAT!.spanScores).toEqual([{ begin: 0, end: [...text].length, score: { value: 0, type: 'PROBABILITY' } }]);
    expect(buildAnalyzeResponse(request({}), score, []).attributeScores.TOXICITY!.spanScores).toBeUndefined();
  });

  it('THREADSCOPE_TROPE: the highest severity / 4, each trope\'s stretch in code points, and threadscopeTropes', () => {
    const response = buildAnalyzeResponse(request({ requestedAttributes: { THREADSCOPE_TROPE: {} }, spanAnnotations: true }), score, [hit, { ...hit, id: 'other', severity: 1, evidence: [] }]);
    expect(response.attributeScores.THREADSCOPE_TROPE).toEqual({
      summaryScore: { value: 0.75, type: 'PROBABILITY' },
      spanScores: [{ begin: 0, end: [...text].length, score: { value: 0.75, type: 'PROBABILITY' } }],
    });
    expect(response.threadscopeTropes).toEqual([
      { id: 'covert-control-of-leaders', name: 'Secret control of leaders', severity: 3, begin: 0, end: [...text].length, explanation: 'An explanation.' },
      { id: 'other', name: 'Secret control of leaders', severity: 1, begin: 0, end: 0, explanation: 'An explanation.' },
    ]);
    const none = buildAnalyzeResponse(request({ requestedAttributes: { THREADSCOPE_TROPE: {}, TOXICITY: {} } }), score, []);
    expect(none.attributeScores.THREADSCOPE_TROPE).toEqual({ summaryScore: { value: 0, type: 'PROBABILITY' } });
    expect(none.threadscopeTropes).toEqual([]);
    expect(buildAnalyzeResponse(request({}), score, [hit]).threadscopeTropes).toBeUndefined();
    expect(buildAnalyzeResponse(request({ requestedAttributes: { THREADSCOPE_TROPE: { scoreThreshold: 0.8 } } }), score, [hit]).attributeScores).toEqual({});
  });

  it('refuses a text the language gate read as another language, naming it, whatever languages said', () => {
    const french: CommentScore = { scores: {}, evidence: {}, language: 'fr', languageUnsupported: true };
    expect(languageRefusal(request({ languages: ['en'] }), french)).toEqual(GOOGLE_ERRORS.languageNotSupported('TOXICITY', ['fr']));
    expect(languageRefusal(request({}), { ...score, language: 'en' })).toBeNull();
  });
});

describe('codePointOffset', () => {
  it('counts a surrogate pair as one, and the offset inside one as the pair\'s start', () => {
    const text = 'a😀b👩‍👩‍👧c';
    expect(codePointOffset(text, 0)).toBe(0);
    expect(codePointOffset(text, 1)).toBe(1);
    expect(codePointOffset(text, 3)).toBe(2);
    expect(codePointOffset(text, 4)).toBe(3);
    expect(codePointOffset(text, text.length)).toBe([...text].length);
    expect(codePointOffset(text, 99)).toBe([...text].length);
  });
});
