/**
 * The team's reasons for a decision (issue 14, docs/adr/0024-reasons-and-decision-rules.md): a list the editors keep
 * (GET/PUT /api/reasons), stored with every decision by its stable `code`. Pure.
 *
 * Contract of a valid list (`validateReasons`):
 * - codes match REASON_CODE_PATTERN (lowercase letters, digits, dashes; 1-40) and are unique;
 * - labels are 1-80 characters after trimming, ground is "illegal" or "incompatible", needsNote and retired booleans;
 * - at least one reason is not retired (a moderator can always give one);
 * - at most REASONS_MAX reasons;
 * - a code that decisions already name is never removed (`usedCodes`): it may be retired, so old decisions keep
 *   their meaning, but it stays in the list.
 * Order is the list's order (the console offers them in it).
 */
import type { ReasonDef } from './api.ts';

export const REASON_CODE_PATTERN = /^[a-z0-9-]{1,40}$/;
export const REASON_LABEL_MAX = 80;
export const REASONS_MAX = 100;

const reason = (code: string, label: string, ground: ReasonDef['ground'] = 'incompatible', needsNote = false): ReasonDef => ({ code, label, ground, needsNote, retired: false });

/** The common set moderation tools start from (Coral, Ozone, Discourse, Mastodon), seeded into an empty store. */
export const DEFAULT_REASONS: readonly ReasonDef[] = Object.freeze([
  reason('offensive', 'Offensive'),
  reason('abusive', 'Abusive'),
  reason('spam', 'Spam'),
  reason('harassment', 'Harassment or bullying'),
  reason('hate-speech', 'Hate speech'),
  reason('misinformation', 'Misinformation'),
  reason('illegal', 'Illegal content', 'illegal'),
  reason('irrelevant', 'Irrelevant'),
  reason('other', 'Other', 'incompatible', true),
]);

/** One problem of a list: what is wrong and where ("reasons[3].code"). */
export interface ReasonProblem {
  message: string;
  where: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The problems of one entry at index `i` (shape and field values). */
function entryProblems(value: unknown, i: number): ReasonProblem[] {
  const at = `reasons[${i}]`;
  if (!isObject(value)) return [{ message: `${at} must be an object`, where: at }];
  const problems: ReasonProblem[] = [];
  if (typeof value.code !== 'string' || !REASON_CODE_PATTERN.test(value.code)) {
    problems.push({ message: `${at}.code must be 1-40 lowercase letters, digits or dashes (got ${JSON.stringify(value.code)})`, where: `${at}.code` });
  }
  const label = typeof value.label === 'string' ? value.label.trim() : null;
  if (label === null || label.length === 0 || label.length > REASON_LABEL_MAX) {
    problems.push({ message: `${at}.label must be 1-${REASON_LABEL_MAX} characters`, where: `${at}.label` });
  }
  if (value.ground !== 'illegal' && value.ground !== 'incompatible') problems.push({ message: `${at}.ground must be "illegal" or "incompatible"`, where: `${at}.ground` });
  for (const flag of ['needsNote', 'retired'] as const) {
    if (typeof value[flag] !== 'boolean') problems.push({ message: `${at}.${flag} must be true or false`, where: `${at}.${flag}` });
  }
  return problems;
}

/** The rules of a whole list, each a small named check over entries already well-formed. */
const LIST_RULES: ReadonlyArray<{ name: string; check: (reasons: readonly ReasonDef[], usedCodes: ReadonlySet<string>) => ReasonProblem | null }> = [
  {
    name: 'unique codes',
    check: (reasons) => {
      const seen = new Set<string>();
      for (const [i, r] of reasons.entries()) {
        if (seen.has(r.code)) return { message: `reasons[${i}].code "${r.code}" is listed twice: codes must be unique`, where: `reasons[${i}].code` };
        seen.add(r.code);
      }
      return null;
    },
  },
  {
    name: 'one active reason',
    check: (reasons) => (reasons.some((r) => !r.retired) ? null : { message: 'at least one reason must be active (not retired)', where: 'reasons' }),
  },
  {
    name: 'used codes kept',
    check: (reasons, used) => {
      const listed = new Set(reasons.map((r) => r.code));
      const dropped = [...used].filter((code) => !listed.has(code)).sort();
      if (dropped.length === 0) return null;
      return { message: `decisions name ${dropped.map((c) => `"${c}"`).join(', ')}: a reason in use cannot be removed, only retired`, where: 'reasons' };
    },
  },
];

/**
 * Checks a list from outside. Returns the clean list (labels trimmed, only the known fields) or the first problems.
 * `usedCodes`: the codes decisions already name (the store knows them).
 */
export function validateReasons(value: unknown, usedCodes: ReadonlySet<string> = new Set()): { ok: true; reasons: ReasonDef[] } | { ok: false; problems: ReasonProblem[] } {
  if (!Array.isArray(value)) return { ok: false, problems: [{ message: 'reasons must be a list', where: 'reasons' }] };
  if (value.length > REASONS_MAX) return { ok: false, problems: [{ message: `at most ${REASONS_MAX} reasons (got ${value.length})`, where: 'reasons' }] };
  const shape = value.flatMap((entry, i) => entryProblems(entry, i));
  if (shape.length > 0) return { ok: false, problems: shape };
  const reasons = (value as ReasonDef[]).map(({ code, label, ground, needsNote, retired }) => ({ code, label: label.trim(), ground, needsNote, retired }));
  const problems = LIST_RULES.map((rule) => rule.check(reasons, usedCodes)).filter((p): p is ReasonProblem => p !== null);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, reasons };
}

/** The reasons a moderator is offered (not retired), in list order. */
export function activeReasons(reasons: readonly ReasonDef[]): ReasonDef[] {
  return reasons.filter((r) => !r.retired);
}

/** The label of a code (also of a retired reason); the code itself for free text of older decisions. */
export function reasonLabel(reasons: readonly ReasonDef[], code: string): string {
  return reasons.find((r) => r.code === code)?.label ?? code;
}
