/**
 * The team's thresholds (issue 14, docs/adr/0023-audit-trail.md): one setting of the server, in the `settings` table
 * (schema 6) under the key `thresholds`, set by an administrator and read by every console, instead of one set per
 * browser. Never set, or a stored value that is not valid (only a hand-edited database has one), gives the built-in
 * defaults of src/core/flags.ts with `updatedAt: null`.
 *
 *   GET /api/settings/thresholds  (read)        -> TeamThresholds
 *   PUT /api/settings/thresholds  (administer)  body: TeamThresholdsUpdate -> TeamThresholds; audited as
 *       `thresholds.change` with what moved ("INSULT 0.60 -> 0.70") and the reason given, then the live event
 *       `thresholds` tells open consoles to read them again. A PUT that changes nothing writes, audits and sends nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiError, TeamThresholds, TeamThresholdsUpdate } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS, validateThresholds, type Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES } from '../../core/scoring.ts';
import { thresholdMoves } from '../../core/threshold-changes.ts';
import { actorOf } from '../access.ts';
import type { Store } from '../../app/store/store.ts';
import { SettingsRecords } from '../../app/store/settings.ts';

const KEY = 'thresholds';

/** Longest reason kept with a change (the audit log cuts longer texts anyway). */
export const THRESHOLDS_WHY_MAX = 2000;

/** Only the known fields, copied (a stored or sent object may carry others). */
function cleanThresholds(value: Thresholds): Thresholds {
  const attributes = {} as Thresholds['attributes'];
  for (const attribute of ATTRIBUTES) attributes[attribute] = value.attributes[attribute];
  return { attributes, tropeMinSeverity: value.tropeMinSeverity };
}

/** The team's thresholds as stored, or the built-in defaults. */
export async function readTeamThresholds(store: Pick<Store, 'sql'>): Promise<TeamThresholds> {
  const row = await new SettingsRecords(store.sql).setting(KEY);
  if (row !== undefined) {
    let value: unknown = null;
    try {
      value = JSON.parse(row.json);
    } catch {
      // Not JSON: the defaults below.
    }
    if (validateThresholds(value) === null) return { thresholds: cleanThresholds(value as Thresholds), updatedAt: row.updated_at, updatedBy: row.updated_by };
  }
  return { thresholds: cleanThresholds(DEFAULT_THRESHOLDS), updatedAt: null, updatedBy: null };
}

/** Stores the team's thresholds (checked by the caller). */
export async function writeTeamThresholds(store: Pick<Store, 'sql'>, thresholds: Thresholds, by: string, at: string): Promise<TeamThresholds> {
  const clean = cleanThresholds(thresholds);
  await new SettingsRecords(store.sql).putSetting(KEY, JSON.stringify(clean), at, by);
  return { thresholds: clean, updatedAt: at, updatedBy: by };
}

export const thresholdsUpdateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['thresholds'],
  properties: {
    thresholds: { type: 'object' },
    why: { type: 'string', maxLength: THRESHOLDS_WHY_MAX },
  },
} as const;

export function registerThresholdsRoutes(app: FastifyInstance, store: Store): void {
  app.get('/api/settings/thresholds', { config: { access: 'read' } }, async () => readTeamThresholds(store));

  app.put<{ Body: TeamThresholdsUpdate }>(
    '/api/settings/thresholds',
    { bodyLimit: 16 * 1024, config: { access: 'administer', contentTypes: ['application/json'] }, schema: { body: thresholdsUpdateBody } },
    async (request, reply) => {
      const problem = validateThresholds(request.body.thresholds);
      if (problem !== null) {
        const body: ApiError = { error: problem.replace(/^thresholds/, 'body.thresholds'), where: 'body.thresholds' };
        return reply.code(400).send(body);
      }
      const before = await readTeamThresholds(store);
      const moves = thresholdMoves(before.thresholds, request.body.thresholds);
      if (moves.length === 0) return before;
      const actor = actorOf(request);
      const saved = await writeTeamThresholds(store, request.body.thresholds, actor.username, new Date().toISOString());
      await app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'thresholds.change', what: moves.join(', '), why: request.body.why?.trim() ?? '' });
      await app.live.publish({ type: 'thresholds' });
      return saved;
    },
  );
}
