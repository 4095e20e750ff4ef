/**
 * The Coral phase policy: how a comment's scores and trope hits become Coral's answer. Two levels, each a set of
 * flag thresholds applied with the console's own flag policy (core/flags.ts `decideFlags`, language gate included):
 *
 * - withhold: at or over `withhold` (default: the console's documented defaults, docs/flag-policy.md) the answer is a
 *   FLAG action (COMMENT_DETECTED_TOXIC) and `withholdStatus` (default SYSTEM_WITHHELD: Coral holds the comment for
 *   its moderators, as its own toxicity phase does);
 * - flag only: at or over `flag` (default: each attribute 0.2 lower, any trope of severity 1) but under `withhold`,
 *   a FLAG action and no status (the comment is published and shows in Coral's reported queue);
 * - otherwise nothing (204, Coral goes on with its pipeline).
 *
 * A comment in a language the scorer does not support is judged by neither level (its scores mean nothing); the
 * policy's `languageNotSupported` says what Coral gets then (default: nothing; "PREMOD" holds it for a human).
 * Pure; the policy is stored as JSON (settings.ts) and validated here.
 */
import { decideFlags, DEFAULT_THRESHOLDS, validateThresholds, type Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES, type Attribute, type CommentScore, type TropeHit } from '../../core/scoring.ts';
import type { CoralPhaseResponse } from './coral-api.ts';

/** Statuses the policy may set when it withholds. */
export const WITHHOLD_STATUSES = ['SYSTEM_WITHHELD', 'PREMOD', 'REJECTED'] as const;
export type WithholdStatus = (typeof WITHHOLD_STATUSES)[number];

export interface CoralPolicy {
  withhold: Thresholds;
  flag: Thresholds;
  withholdStatus: WithholdStatus;
  languageNotSupported: 'none' | 'PREMOD';
}

/** How much lower than the withhold threshold the default flag-only bound is. */
const FLAG_MARGIN = 0.2;

function lowered(attributes: Record<Attribute, number>): Record<Attribute, number> {
  const out = {} as Record<Attribute, number>;
  for (const attribute of ATTRIBUTES) out[attribute] = Math.round(Math.max(0, attributes[attribute] - FLAG_MARGIN) * 100) / 100;
  return out;
}

export const DEFAULT_CORAL_POLICY: CoralPolicy = {
  withhold: { attributes: { ...DEFAULT_THRESHOLDS.attributes }, tropeMinSeverity: DEFAULT_THRESHOLDS.tropeMinSeverity },
  flag: { attributes: lowered(DEFAULT_THRESHOLDS.attributes), tropeMinSeverity: 1 },
  withholdStatus: 'SYSTEM_WITHHELD',
  languageNotSupported: 'none',
};

/** The level a comment reached, and the reasons (core/flags.ts wording) behind it. */
export interface CoralVerdict {
  level: 'withhold' | 'flag' | 'language' | 'none';
  reasons: string[];
}

/** Applies the policy to one comment's score (null: not scored) and trope hits. */
export function coralVerdict(score: CommentScore | null, tropes: readonly TropeHit[], policy: CoralPolicy): CoralVerdict {
  const withhold = decideFlags(score, tropes, policy.withhold);
  if (withhold.needsHuman) return { level: 'language', reasons: [] };
  if (withhold.flagged) return { level: 'withhold', reasons: withhold.reasons };
  const flag = decideFlags(score, tropes, policy.flag);
  return flag.flagged ? { level: 'flag', reasons: flag.reasons } : { level: 'none', reasons: [] };
}

const TOXIC_FLAG = { actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' } as const;

/** Coral's answer for a verdict; null means "nothing to do" (answered 204 without a body, as Coral documents). */
export function coralResponse(verdict: CoralVerdict, policy: CoralPolicy): CoralPhaseResponse | null {
  switch (verdict.level) {
    case 'withhold':
      return { actions: [{ ...TOXIC_FLAG }], status: policy.withholdStatus };
    case 'flag':
      return { actions: [{ ...TOXIC_FLAG }] };
    case 'language':
      return policy.languageNotSupported === 'PREMOD' ? { status: 'PREMOD' } : null;
    case 'none':
      return null;
  }
}

/** Why a policy (parsed JSON) is refused, or null when it is valid. Every attribute's flag bound must not exceed its withhold one. */
export function policyProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the policy must be a JSON object';
  const v = value as Record<string, unknown>;
  const known = ['withhold', 'flag', 'withholdStatus', 'languageNotSupported'];
  const extra = Object.keys(v).find((key) => !known.includes(key));
  if (extra !== undefined) return `unknown policy field "${extra}"; the fields are ${known.join(', ')}`;
  for (const level of ['withhold', 'flag'] as const) {
    const problem = validateThresholds(v[level]);
    if (problem) return `${level}: ${problem}`;
  }
  if (!(WITHHOLD_STATUSES as readonly unknown[]).includes(v.withholdStatus)) return `withholdStatus must be one of ${WITHHOLD_STATUSES.join(', ')}`;
  if (v.languageNotSupported !== 'none' && v.languageNotSupported !== 'PREMOD') return 'languageNotSupported must be "none" or "PREMOD"';
  const policy = v as unknown as CoralPolicy;
  const above = ATTRIBUTES.find((a) => policy.flag.attributes[a] > policy.withhold.attributes[a]);
  if (above) return `flag.attributes.${above} (${policy.flag.attributes[above]}) is above withhold.attributes.${above} (${policy.withhold.attributes[above]})`;
  if (policy.flag.tropeMinSeverity > policy.withhold.tropeMinSeverity) return 'flag.tropeMinSeverity is above withhold.tropeMinSeverity';
  return null;
}
