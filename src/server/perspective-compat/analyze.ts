/**
 * The pure logic of `POST /v1alpha1/comments:analyze` (Perspective's AnalyzeComment, src/core/perspective-api.ts):
 * the body read as JSON, the request checked field by field with the service's errors (google-errors.ts), and the
 * answer built from the embedded scorer's CommentScore and the trope detector's hits. No I/O: analyze-route.ts
 * scores and answers. Decisions (docs/adr/0014-perspective-compatible-api.md):
 * - the six standard attributes and THREADSCOPE_TROPE are scored; an attribute the service had but Threadscope does
 *   not score (experimental, NYT, bridging, SEXUALLY_EXPLICIT, FLIRTATION) gets the service's
 *   LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE (what it answered for an attribute it had, but not in the comment's
 *   language: clients built for it drop that attribute and ask again); any other name "Unknown attribute";
 * - only English is scored: `languages` naming another one, or a text the scorer's language gate reads as another
 *   one, is refused with LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE (never a low score made up for a text not understood);
 * - `comment.type: HTML` is read with the importers' htmlToText, and spans then count code points of that text;
 * - span scores are the scorer's evidence spans, each with its attribute's summary score (code points, end
 *   exclusive); an attribute without evidence gets one span over the whole text, as the service always gave one.
 */
import { ATTRIBUTES, type Attribute, type CommentScore, type Span, type TropeHit } from '../../core/scoring.ts';
import {
  type AnalyzeCommentResponse,
  type AttributeScore,
  type SpanScore,
  THREADSCOPE_TROPE_ATTRIBUTE,
  type ThreadscopeTrope,
} from '../../core/perspective-api.ts';
import { htmlToText } from '../../importers/sanitize.ts';
import { GOOGLE_ERRORS, type GoogleError } from './google-errors.ts';

/** Longest `comment.text`, in UTF-8 bytes, as the service counts it. */
export const ANALYZE_MAX_BYTES = 20_480;

/** The language the embedded scorer and the trope detector read. */
export const SCORED_LANGUAGE = 'en';

/**
 * Attributes Perspective offered that Threadscope does not score (its reference: production, experimental, New York
 * Times and bridging attributes). Asked for, they get LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE, not "Unknown attribute".
 */
export const PERSPECTIVE_ONLY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'TOXICITY_EXPERIMENTAL', 'SEVERE_TOXICITY_EXPERIMENTAL', 'IDENTITY_ATTACK_EXPERIMENTAL', 'INSULT_EXPERIMENTAL',
  'PROFANITY_EXPERIMENTAL', 'THREAT_EXPERIMENTAL', 'SEXUALLY_EXPLICIT', 'FLIRTATION',
  'ATTACK_ON_AUTHOR', 'ATTACK_ON_COMMENTER', 'INCOHERENT', 'INFLAMMATORY', 'LIKELY_TO_REJECT', 'OBSCENE', 'SPAM',
  'UNSUBSTANTIAL', 'AFFINITY_EXPERIMENTAL', 'COMPASSION_EXPERIMENTAL', 'CURIOSITY_EXPERIMENTAL', 'NUANCE_EXPERIMENTAL',
  'PERSONAL_STORY_EXPERIMENTAL', 'REASONING_EXPERIMENTAL', 'RESPECT_EXPERIMENTAL',
]);

/** One requested attribute with its threshold (null: every score is returned). */
export interface RequestedAttribute {
  name: Attribute | typeof THREADSCOPE_TROPE_ATTRIBUTE;
  threshold: number | null;
}

/** A request that passed every check, with the text to score (plain text, HTML already read). */
export interface AnalyzeInput {
  text: string;
  attributes: RequestedAttribute[];
  /** The caller's `languages`, null when absent or empty (then the detected language is reported). */
  languages: string[] | null;
  doNotStore: boolean;
  spanAnnotations: boolean;
  clientToken: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: GoogleError };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(error: GoogleError): Checked<T> => ({ ok: false, error });

// ---------------------------------------------------------------------------------------------------------------
// The body

/** Content types read as JSON: JSON itself, and none (the service reads a body without a type as JSON). */
export function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return type === '' || type === 'application/json';
}

/** The body as JSON, or the service's "Invalid JSON payload received." (no part of the body is echoed). */
export function parseJsonBody(raw: unknown, contentType: string | undefined): Checked<unknown> {
  if (!isJsonContentType(contentType)) return fail(GOOGLE_ERRORS.invalidPayload('Send the body as application/json.'));
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return fail(GOOGLE_ERRORS.invalidPayload('The body is empty; send a JSON object.'));
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return fail(GOOGLE_ERRORS.invalidPayload('Unexpected token: the body is not valid JSON.'));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Field checks, each a small named rule

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The service's message for a value of the wrong type, naming the field as Google does (snake_case path). */
function badValue(path: string, expected: string, value: unknown): GoogleError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : Array.isArray(value) ? '[...]' : isObject(value) ? '{...}' : String(value);
  return GOOGLE_ERRORS.invalidPayload(`Invalid value at '${path}' (${expected}), ${shown}`, path);
}

/** Unknown field names, refused as the service refuses them. */
export function unknownField(object: Json, known: readonly string[], where: string): GoogleError | null {
  const extra = Object.keys(object).find((k) => !known.includes(k));
  if (extra === undefined) return null;
  const name = extra.length > 60 ? `${extra.slice(0, 60)}…` : extra;
  return GOOGLE_ERRORS.invalidPayload(`Unknown name ${JSON.stringify(name)}${where === '' ? '' : ` at '${where}'`}: Cannot find field.`, where === '' ? name : `${where}.${name}`);
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** An optional field of a given JSON type. */
function optional<T>(object: Json, name: string, type: 'boolean' | 'string' | 'number', expected: string): Checked<T | undefined> {
  const value = object[name];
  if (value === undefined || value === null) return ok(undefined);
  if (typeof value !== type) return fail(badValue(snake(name), expected, value));
  return ok(value as T);
}

const REQUEST_FIELDS = ['comment', 'context', 'requestedAttributes', 'spanAnnotations', 'languages', 'doNotStore', 'clientToken', 'sessionId', 'communityId'] as const;
const TEXT_ENTRY_FIELDS = ['text', 'type'] as const;
const ATTRIBUTE_FIELDS = ['scoreType', 'scoreThreshold'] as const;
const CONTEXT_FIELDS = ['entries', 'articleAndParentComment'] as const;
const TEXT_TYPES = ['PLAIN_TEXT', 'HTML'];

/** A TextEntry (`comment`, a context entry): an object with a string `text` and a known `type`. */
function checkTextEntry(value: unknown, path: string): Checked<{ text: string; type: string }> {
  if (!isObject(value)) return fail(badValue(path, 'type.googleapis.com/google.commentanalyzer.v1alpha1.TextEntry', value));
  const unknown = unknownField(value, TEXT_ENTRY_FIELDS, path);
  if (unknown) return fail(unknown);
  const text = optional<string>(value, 'text', 'string', 'TYPE_STRING');
  if (!text.ok) return fail(GOOGLE_ERRORS.invalidPayload(`Invalid value at '${path}.text' (TYPE_STRING)`, `${path}.text`));
  const type = value.type ?? 'PLAIN_TEXT';
  if (typeof type !== 'string' || !TEXT_TYPES.includes(type)) {
    return fail(badValue(`${path}.type`, 'type.googleapis.com/google.commentanalyzer.v1alpha1.TextEntry.TextType', type));
  }
  return ok({ text: text.value ?? '', type });
}

/** `context`: accepted and checked for shape; the service did not use it for scoring, nor does Threadscope. */
function checkContext(value: unknown): GoogleError | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) return badValue('context', 'type.googleapis.com/google.commentanalyzer.v1alpha1.Context', value);
  const unknown = unknownField(value, CONTEXT_FIELDS, 'context');
  if (unknown) return unknown;
  const entries = value.entries ?? [];
  if (!Array.isArray(entries)) return badValue('context.entries', 'type.googleapis.com/google.commentanalyzer.v1alpha1.TextEntry', entries);
  for (const [i, entry] of entries.entries()) {
    const checked = checkTextEntry(entry, `context.entries[${i}]`);
    if (!checked.ok) return checked.error;
  }
  return null;
}

/** `comment`: present, its text non-empty (after reading HTML) and at most ANALYZE_MAX_BYTES as sent. */
function checkComment(value: unknown): Checked<string> {
  if (value === undefined || value === null) return fail(GOOGLE_ERRORS.commentEmpty());
  const entry = checkTextEntry(value, 'comment');
  if (!entry.ok) return entry;
  if (Buffer.byteLength(entry.value.text, 'utf8') > ANALYZE_MAX_BYTES) return fail(GOOGLE_ERRORS.commentTooLong());
  const text = entry.value.type === 'HTML' ? htmlToText(entry.value.text) : entry.value.text;
  if (text.trim() === '') return fail(GOOGLE_ERRORS.commentEmpty());
  return ok(text);
}

/** One attribute's options: `scoreType` PROBABILITY (the only one the service had), `scoreThreshold` in 0..1. */
function checkAttributeOptions(name: string, value: unknown): Checked<number | null> {
  const path = `requested_attributes[${name}]`;
  if (value === undefined || value === null) return ok(null);
  if (!isObject(value)) return fail(badValue(path, 'type.googleapis.com/google.commentanalyzer.v1alpha1.AttributeParameters', value));
  const unknown = unknownField(value, ATTRIBUTE_FIELDS, path);
  if (unknown) return fail(unknown);
  const type = value.scoreType;
  if (type !== undefined && type !== null && type !== 'PROBABILITY' && type !== 'SCORE_TYPE_UNSPECIFIED') {
    return fail(type === 'STD_DEV_SCORE' || type === 'PERCENTILE' || type === 'RAW' || type === 'BOOLEAN'
      ? GOOGLE_ERRORS.invalidArgument(`Score type ${type} is not supported for attribute ${name}; use PROBABILITY.`)
      : badValue(`${path}.score_type`, 'type.googleapis.com/google.commentanalyzer.v1alpha1.AttributeParameters.ScoreType', type));
  }
  const threshold = value.scoreThreshold;
  if (threshold === undefined || threshold === null) return ok(null);
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) return fail(badValue(`${path}.score_threshold`, 'TYPE_FLOAT', threshold));
  if (threshold < 0 || threshold > 1) return fail(GOOGLE_ERRORS.invalidArgument(`Score threshold for ${name} must be between 0 and 1, got ${threshold}.`));
  return ok(threshold);
}

const isScored = (name: string): name is RequestedAttribute['name'] => (ATTRIBUTES as readonly string[]).includes(name) || name === THREADSCOPE_TROPE_ATTRIBUTE;

/**
 * `requestedAttributes`: at least one; unknown names first ("Unknown attribute"), then Perspective's attributes
 * Threadscope does not score (LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE in the request's languages), then the options.
 */
function checkAttributes(value: unknown, languages: readonly string[]): Checked<RequestedAttribute[]> {
  if (value !== undefined && value !== null && !isObject(value)) return fail(badValue('requested_attributes', 'type.googleapis.com/google.commentanalyzer.v1alpha1.AttributeParameters', value));
  const names = Object.keys(value ?? {});
  if (names.length === 0) return fail(GOOGLE_ERRORS.noRequestedAttributes());
  const unknown = names.find((n) => !isScored(n) && !PERSPECTIVE_ONLY_ATTRIBUTES.has(n));
  if (unknown !== undefined) return fail(GOOGLE_ERRORS.unknownAttribute(unknown.length > 60 ? `${unknown.slice(0, 60)}…` : unknown));
  const retired = names.find((n) => PERSPECTIVE_ONLY_ATTRIBUTES.has(n));
  if (retired !== undefined) return fail(GOOGLE_ERRORS.languageNotSupported(retired, languages));
  const attributes: RequestedAttribute[] = [];
  for (const name of names) {
    const threshold = checkAttributeOptions(name, (value as Json)[name]);
    if (!threshold.ok) return threshold;
    attributes.push({ name: name as RequestedAttribute['name'], threshold: threshold.value });
  }
  return ok(attributes);
}

/** `languages`: a list of language codes; null when absent or empty (the language is then detected). */
function checkLanguages(value: unknown): Checked<string[] | null> {
  if (value === undefined || value === null) return ok(null);
  if (!Array.isArray(value)) return fail(badValue('languages', 'TYPE_STRING', value));
  const bad = value.find((l) => typeof l !== 'string' || l.trim() === '' || l.length > 35);
  if (bad !== undefined) return fail(badValue('languages', 'TYPE_STRING', bad));
  return ok(value.length === 0 ? null : (value as string[]).map((l) => l.trim()));
}

/** True for English as the service named it: "en", or a regional tag of it ("en-GB"). */
export function isEnglish(language: string): boolean {
  return /^en(?:[-_][a-z0-9]{1,8})*$/i.test(language);
}

/** A request naming a language other than English: refused for the first requested attribute. */
function checkRequestedLanguage(languages: string[] | null, attributes: readonly RequestedAttribute[]): GoogleError | null {
  if (languages === null || languages.every(isEnglish)) return null;
  return GOOGLE_ERRORS.languageNotSupported(attributes[0]!.name, languages);
}

/** Every check of an AnalyzeComment body, in the order the service reports them; the first failure is answered. */
export function checkAnalyzeRequest(body: unknown): Checked<AnalyzeInput> {
  if (!isObject(body)) return fail(GOOGLE_ERRORS.invalidPayload('Expected a JSON object for AnalyzeCommentRequest.'));
  const unknown = unknownField(body, REQUEST_FIELDS, '');
  if (unknown) return fail(unknown);
  const flags = {
    doNotStore: optional<boolean>(body, 'doNotStore', 'boolean', 'TYPE_BOOL'),
    spanAnnotations: optional<boolean>(body, 'spanAnnotations', 'boolean', 'TYPE_BOOL'),
    clientToken: optional<string>(body, 'clientToken', 'string', 'TYPE_STRING'),
    sessionId: optional<string>(body, 'sessionId', 'string', 'TYPE_STRING'),
    communityId: optional<string>(body, 'communityId', 'string', 'TYPE_STRING'),
  };
  for (const flag of Object.values(flags)) if (!flag.ok) return fail(flag.error);
  const context = checkContext(body.context);
  if (context) return fail(context);
  const comment = checkComment(body.comment);
  if (!comment.ok) return comment;
  const languages = checkLanguages(body.languages);
  if (!languages.ok) return languages;
  const attributes = checkAttributes(body.requestedAttributes, languages.value ?? [SCORED_LANGUAGE]);
  if (!attributes.ok) return attributes;
  const language = checkRequestedLanguage(languages.value, attributes.value);
  if (language) return fail(language);
  const value = (c: Checked<unknown>) => (c.ok ? c.value : undefined);
  return ok({
    text: comment.value,
    attributes: attributes.value,
    languages: languages.value,
    doNotStore: value(flags.doNotStore) === true,
    spanAnnotations: value(flags.spanAnnotations) === true,
    clientToken: (value(flags.clientToken) as string | undefined) ?? null,
  });
}

/**
 * The refusal of a scored text the scorer's language gate read as another language (its scores were withheld):
 * LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE with that language, whatever `languages` said. Null when it reads English.
 */
export function languageRefusal(input: AnalyzeInput, score: CommentScore): GoogleError | null {
  if (!score.languageUnsupported) return null;
  return GOOGLE_ERRORS.languageNotSupported(input.attributes[0]!.name, [score.language ?? 'und']);
}

// ---------------------------------------------------------------------------------------------------------------
// The answer

/** Code points of `text` before the UTF-16 offset `offset` (the service counts code points). */
export function codePointOffset(text: string, offset: number): number {
  let points = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The low half of a surrogate pair belongs to the code point its high half started.
    if (!(unit >= 0xdc00 && unit <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) points++;
  }
  return points;
}

const probability = (value: number) => ({ value, type: 'PROBABILITY' as const });

/** Span scores of one attribute: its evidence spans (sorted, code points), or one span over the whole text. */
function spanScores(text: string, spans: readonly Span[], value: number): SpanScore[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const scored = sorted.map((s) => ({ begin: codePointOffset(text, s.start), end: codePointOffset(text, s.end), score: probability(value) })).filter((s) => s.end > s.begin);
  return scored.length > 0 ? scored : [{ begin: 0, end: codePointOffset(text, text.length), score: probability(value) }];
}

/** The trope findings as the response lists them: each trope's evidence stretch in code points. */
export function threadscopeTropes(text: string, hits: readonly TropeHit[]): ThreadscopeTrope[] {
  return hits.map((hit) => {
    const start = Math.min(...hit.evidence.map((e) => e.start));
    const end = Math.max(...hit.evidence.map((e) => e.end));
    const [begin, stop] = hit.evidence.length === 0 ? [0, 0] : [codePointOffset(text, start), codePointOffset(text, end)];
    return { id: hit.id, name: hit.name, severity: hit.severity, begin, end: stop, explanation: hit.explanation };
  });
}

/** THREADSCOPE_TROPE's score: the highest severity found / 4 (0 without a trope); spans are each trope's stretch. */
function tropeScore(text: string, hits: readonly TropeHit[], withSpans: boolean): AttributeScore {
  const value = hits.reduce((max, h) => Math.max(max, h.severity / 4), 0);
  if (!withSpans) return { summaryScore: probability(value) };
  const spans = threadscopeTropes(text, hits).filter((t) => t.end > t.begin).map((t) => ({ begin: t.begin, end: t.end, score: probability(t.severity / 4) }));
  return { summaryScore: probability(value), spanScores: spans.length > 0 ? spans : [{ begin: 0, end: codePointOffset(text, text.length), score: probability(0) }] };
}

/** One standard attribute's score from the embedded scorer's result (0 where it gave none). */
function standardScore(text: string, score: CommentScore, attribute: Attribute, withSpans: boolean): AttributeScore {
  const value = score.scores[attribute] ?? 0;
  return withSpans ? { summaryScore: probability(value), spanScores: spanScores(text, score.evidence[attribute] ?? [], value) } : { summaryScore: probability(value) };
}

/** The AnalyzeComment answer for a checked request, its text's score and its trope hits. */
export function buildAnalyzeResponse(input: AnalyzeInput, score: CommentScore, hits: readonly TropeHit[]): AnalyzeCommentResponse {
  const attributeScores: Record<string, AttributeScore> = {};
  for (const { name, threshold } of input.attributes) {
    const entry = name === THREADSCOPE_TROPE_ATTRIBUTE
      ? tropeScore(input.text, hits, input.spanAnnotations)
      : standardScore(input.text, score, name, input.spanAnnotations);
    if (threshold !== null && entry.summaryScore.value < threshold) continue;
    attributeScores[name] = entry;
  }
  const detected = [score.language ?? SCORED_LANGUAGE];
  const response: AnalyzeCommentResponse = { attributeScores, languages: input.languages ?? detected, detectedLanguages: detected };
  if (input.clientToken !== null) response.clientToken = input.clientToken;
  if (input.attributes.some((a) => a.name === THREADSCOPE_TROPE_ATTRIBUTE)) response.threadscopeTropes = threadscopeTropes(input.text, hits);
  return response;
}
