/**
 * POST /integrations/coral/phase: Coral's external moderation phase (docs/adr/0015-coral-external-phase.md).
 *
 * The route keeps the raw body (its own application/json parser, inside its own plugin scope, with a body limit), so
 * the signature is checked on the exact bytes Coral signed, before anything is parsed or stored: a missing or wrong
 * `X-Coral-Signature` is 401 and nothing is stored. A signed body is validated (400 with the field), the comment is
 * added to its story's live thread and scored by the embedded scorer and the trope detector through the caches, and
 * the answer is Coral's: 200 with `actions`/`status` per the stored policy (policy.ts), or 204 when there is nothing
 * to do. The route is called by Coral's server with a signature, not by a browser, so it is exempt from the Origin
 * rule (`callerAuth: 'signature'`, ADR 0010) but not from the Host allow-list. The comment text and the secrets are
 * never logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CommentStatus } from '../../core/model.ts';
import type { Scorer } from '../../core/scoring.ts';
import { createEmbeddedScorer, MODEL_SCORER_NAME } from '../../scoring/index.ts';
import type { Engines } from '../../app/score-texts.ts';
import type { Store } from '../../app/store/store.ts';
import { parseCoralRequest } from '../../app/coral/coral-api.ts';
import { receiveCoralComment } from '../../app/coral/live-thread.ts';
import { coralResponse, coralVerdict, type CoralPolicy, type CoralVerdict } from '../../app/coral/policy.ts';
import { coralSettingsFor } from '../../app/coral/settings.ts';
import { CORAL_SIGNATURE_HEADER, signatureProblem } from '../../app/coral/signature.ts';

export const CORAL_PHASE_PATH = '/integrations/coral/phase';

/** Largest phase request: Coral's body is a comment (its own limit is a few thousand characters) in pretty JSON. */
export const CORAL_BODY_LIMIT = 512 * 1024;

/** The embedded scorer: the app's own when it is the embedded one, else a new one (never a remote adapter). */
export function embeddedScorerOf(scorer: Scorer): Scorer {
  return scorer.name === MODEL_SCORER_NAME ? scorer : createEmbeddedScorer();
}

function fail(reply: FastifyReply, status: number, error: string, where: string): FastifyReply {
  return reply.code(status).send({ error, where });
}

/** The console's state of a comment the answer withholds or holds for a human, else "published". */
function consoleStatus(verdict: CoralVerdict, policy: CoralPolicy): CommentStatus {
  if (verdict.level === 'withhold') return policy.withholdStatus === 'REJECTED' ? 'removed' : 'pending';
  if (verdict.level === 'language' && policy.languageNotSupported === 'PREMOD') return 'pending';
  return 'published';
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Registers the phase route; `engines` must be the embedded scorer and the trope detector. */
export function registerCoralRoutes(app: FastifyInstance, store: Store, engines: Engines): void {
  const settings = coralSettingsFor(store);
  void app.register(async (scope) => {
    // In this scope only: JSON bodies stay bytes, so the signature is checked on exactly what Coral signed.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: CORAL_BODY_LIMIT }, (_request, body, done) => done(null, body));

    scope.post(CORAL_PHASE_PATH, { bodyLimit: CORAL_BODY_LIMIT, config: { callerAuth: 'signature', contentTypes: ['application/json'] } }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const refused = signatureProblem(headerValue(request, CORAL_SIGNATURE_HEADER), raw, await settings.secrets());
      if (refused) return fail(reply, 401, refused, `headers.${CORAL_SIGNATURE_HEADER}`);
      let value: unknown;
      try {
        value = JSON.parse(raw.toString('utf8'));
      } catch {
        return fail(reply, 400, raw.length === 0 ? 'body is empty; send Coral\'s JSON request' : 'body is not valid JSON', 'body');
      }
      const parsed = parseCoralRequest(value);
      if (!parsed.ok) return fail(reply, 400, parsed.message, parsed.where);
      const policy = await settings.policy();
      let verdict: CoralVerdict = { level: 'none', reasons: [] };
      await receiveCoralComment(store, engines, parsed.request, new Date().toISOString(), ({ score, tropes }) => {
        verdict = coralVerdict(score, tropes, policy);
        return consoleStatus(verdict, policy);
      });
      const answer = coralResponse(verdict, policy);
      if (answer === null) return reply.code(204).send();
      return reply.code(200).send(answer);
    });
  });
}
