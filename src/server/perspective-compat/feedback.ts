/**
 * comments:suggestscore (Perspective's SuggestCommentScore) as feedback: the request read as the service reads it,
 * refused with the service's errors, stored per attribute (src/app/store/score-feedback.ts), and summed up per text for the thread
 * view. docs/adr/0017-score-feedback.md records the decisions:
 *
 * - attributes: the six Perspective attributes Threadscope scores (others get "Unknown attribute");
 * - `comment.type: HTML` is read as text (as the importers and comments:analyze read it), so its hash matches;
 * - a suggestion's value: the attribute's `summaryScore.value` (0..1), else the highest of its `spanScores`;
 * - `doNotStore` (not a field of SuggestCommentScore; taken as on comments:analyze): only the text's hash is kept;
 * - per text and attribute, a caller's later suggestion with the same clientToken (and communityId) replaces its
 *   earlier one (Coral sends `comment:<id>` again when a decision changes); the rest are averaged.
 */
import type { SuggestCommentScoreResponse } from '../../core/perspective-api.ts';
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';
import { htmlToText } from '../../importers/sanitize.ts';
import { hashText, type Store } from '../../app/store/store.ts';
import { insertFeedback, type FeedbackRow } from '../../app/store/score-feedback.ts';
import { unknownField } from './analyze.ts';
import { GOOGLE_ERRORS, type GoogleError } from './google-errors.ts';

/** Longest comment text, in UTF-8 bytes, as on comments:analyze. */
export const MAX_SUGGEST_TEXT_BYTES = 20_480;

/** A suggestion read from a request body. */
export interface Suggestion {
  text: string;
  /** One entry per attribute, in ATTRIBUTES order. */
  scores: Array<{ attribute: Attribute; suggested: number }>;
  languages: string[] | null;
  communityId: string | null;
  clientToken: string | null;
  doNotStore: boolean;
}

export type ParsedSuggestion = { ok: true; suggestion: Suggestion } | { ok: false; error: GoogleError };

type Json = Record<string, unknown>;

/** A refusal, thrown inside the reader and turned into the answer by `parseSuggestion`. */
class Refusal {
  constructor(readonly error: GoogleError) {}
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function refuse(error: GoogleError): never {
  throw new Refusal(error);
}

/** The fields of SuggestCommentScoreRequest (doNotStore: Threadscope's addition) and of its parts. */
const REQUEST_FIELDS = ['comment', 'attributeScores', 'context', 'languages', 'communityId', 'clientToken', 'sessionId', 'doNotStore'];
const TEXT_ENTRY_FIELDS = ['text', 'type'];
const ATTRIBUTE_SCORES_FIELDS = ['summaryScore', 'spanScores'];
const SCORE_FIELDS = ['value', 'type'];
const SPAN_FIELDS = ['begin', 'end', 'score'];

/** Refuses a field name the request does not have, as the service (and comments:analyze) refuses it. */
function knownFieldsOnly(object: Json, known: readonly string[], where: string): void {
  const unknown = unknownField(object, known, where);
  if (unknown) refuse(unknown);
}

function wrongType(field: string, expected: string): never {
  refuse(GOOGLE_ERRORS.invalidPayload(`Invalid value at '${field}': expected ${expected}.`, field));
}

/** An optional string field. */
function optionalString(body: Json, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') wrongType(field, 'a string');
  return value;
}

function readText(body: Json): string {
  const comment = body.comment;
  if (comment === undefined || comment === null) refuse(GOOGLE_ERRORS.commentEmpty());
  if (!isObject(comment)) wrongType('comment', 'an object');
  knownFieldsOnly(comment, TEXT_ENTRY_FIELDS, 'comment');
  const type = comment.type;
  if (type !== undefined && type !== 'PLAIN_TEXT' && type !== 'HTML') wrongType('comment.type', '"PLAIN_TEXT" or "HTML"');
  const text = comment.text;
  if (text === undefined || text === null) refuse(GOOGLE_ERRORS.commentEmpty());
  if (typeof text !== 'string') wrongType('comment.text', 'a string');
  if (Buffer.byteLength(text, 'utf8') > MAX_SUGGEST_TEXT_BYTES) refuse(GOOGLE_ERRORS.commentTooLong());
  // HTML is read as the importers and comments:analyze read it, so the hash matches the imported comment's text.
  const plain = type === 'HTML' ? htmlToText(text) : text;
  if (plain.trim() === '') refuse(GOOGLE_ERRORS.commentEmpty());
  return plain;
}

/** A Score object: `value` set and within 0..1, `type` PROBABILITY when given. */
function readScore(score: unknown, field: string): number {
  if (!isObject(score)) wrongType(field, 'an object');
  knownFieldsOnly(score, SCORE_FIELDS, field);
  if (score.type !== undefined && score.type !== 'PROBABILITY') wrongType(`${field}.type`, '"PROBABILITY"');
  const value = score.value;
  if (value === undefined || value === null) refuse(GOOGLE_ERRORS.invalidArgument(`${field}.value must be set (use 0 or 1 for a yes/no judgement).`));
  if (typeof value !== 'number' || !Number.isFinite(value)) wrongType(`${field}.value`, 'a number');
  if (value < 0 || value > 1) refuse(GOOGLE_ERRORS.invalidArgument(`${field}.value must be between 0 and 1; got ${value}.`));
  return value;
}

/** The highest score of an attribute's spans, each with begin and end set. */
function readSpans(spans: unknown, field: string): number | null {
  if (spans === undefined || spans === null) return null;
  if (!Array.isArray(spans)) wrongType(field, 'a list');
  let highest: number | null = null;
  spans.forEach((span: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(span)) wrongType(at, 'an object');
    knownFieldsOnly(span, SPAN_FIELDS, at);
    for (const end of ['begin', 'end'] as const) {
      if (!Number.isInteger(span[end]) || (span[end] as number) < 0) refuse(GOOGLE_ERRORS.invalidArgument(`${at}.${end} must be set to a non-negative whole number.`));
    }
    const value = readScore(span.score, `${at}.score`);
    highest = highest === null ? value : Math.max(highest, value);
  });
  return highest;
}

function readAttributeScores(body: Json): Suggestion['scores'] {
  const given = body.attributeScores;
  if (given !== undefined && given !== null && !isObject(given)) wrongType('attributeScores', 'an object');
  const names = isObject(given) ? Object.keys(given) : [];
  if (names.length === 0) refuse(GOOGLE_ERRORS.invalidArgument('attributeScores must not be empty: give at least one attribute with its summaryScore.'));
  const unknown = names.find((name) => !(ATTRIBUTES as readonly string[]).includes(name));
  if (unknown !== undefined) refuse(GOOGLE_ERRORS.unknownAttribute(unknown));
  const scores: Suggestion['scores'] = [];
  for (const attribute of ATTRIBUTES) {
    if (!names.includes(attribute)) continue;
    const entry = (given as Json)[attribute];
    const field = `attributeScores.${attribute}`;
    if (!isObject(entry)) wrongType(field, 'an object');
    knownFieldsOnly(entry, ATTRIBUTE_SCORES_FIELDS, field);
    const summary = entry.summaryScore === undefined || entry.summaryScore === null ? null : readScore(entry.summaryScore, `${field}.summaryScore`);
    const spans = readSpans(entry.spanScores, `${field}.spanScores`);
    const suggested = summary ?? spans;
    if (suggested === null) refuse(GOOGLE_ERRORS.invalidArgument(`${field} must not be empty: give its summaryScore.`));
    scores.push({ attribute, suggested });
  }
  return scores;
}

function readLanguages(body: Json): string[] | null {
  const languages = body.languages;
  if (languages === undefined || languages === null) return null;
  if (!Array.isArray(languages) || languages.some((l) => typeof l !== 'string')) wrongType('languages', 'a list of strings');
  return languages.length === 0 ? null : (languages as string[]);
}

function readOptions(body: Json): Pick<Suggestion, 'communityId' | 'clientToken' | 'doNotStore'> {
  optionalString(body, 'sessionId');
  if (body.context !== undefined && body.context !== null && !isObject(body.context)) wrongType('context', 'an object');
  const doNotStore = body.doNotStore;
  if (doNotStore !== undefined && doNotStore !== null && typeof doNotStore !== 'boolean') wrongType('doNotStore', 'true or false');
  return { communityId: optionalString(body, 'communityId'), clientToken: optionalString(body, 'clientToken'), doNotStore: doNotStore === true };
}

/** Reads a SuggestCommentScore body, or the service's error for it (an unknown field name too, as the service did). */
export function parseSuggestion(body: unknown): ParsedSuggestion {
  try {
    if (!isObject(body)) wrongType('body', 'a JSON object');
    knownFieldsOnly(body, REQUEST_FIELDS, '');
    const text = readText(body);
    const scores = readAttributeScores(body);
    const languages = readLanguages(body);
    return { ok: true, suggestion: { text, scores, languages, ...readOptions(body) } };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.error };
    throw error;
  }
}

/** The rows a suggestion stores: one per attribute, the text only without doNotStore. */
export function feedbackRows(suggestion: Suggestion, keyLabel: string, at: string): FeedbackRow[] {
  const textHash = hashText(suggestion.text);
  const text = suggestion.doNotStore ? null : suggestion.text;
  return suggestion.scores.map(({ attribute, suggested }) => ({
    keyLabel, textHash, text, attribute, suggested, clientToken: suggestion.clientToken, communityId: suggestion.communityId, at,
  }));
}

/** Stores a suggestion and returns the answer: the client token echoed, the request's languages as requestedLanguages. */
export async function recordSuggestion(store: Store, suggestion: Suggestion, keyLabel: string, at: string): Promise<SuggestCommentScoreResponse> {
  await insertFeedback(store.sql, feedbackRows(suggestion, keyLabel, at));
  return {
    ...(suggestion.languages ? { requestedLanguages: [...suggestion.languages] } : {}),
    ...(suggestion.clientToken !== null ? { clientToken: suggestion.clientToken } : {}),
  };
}
