/**
 * POST /api/threads/:id/statements (`read`): statements of reasons (DSA Art. 17) for the thread's rejected comments,
 * or for the rejected ones among `commentIds`, as a JSON or CSV download (docs/adr/0026-commenter-history-and-statements-of-reasons.md).
 *
 * The request is checked first (400 naming the field, 404 for an unknown thread; nothing written). The rejected
 * comments are those whose current decision is "rejected"; each is read as the console shows it (windowComments:
 * scores, own and context tropes) in one read snapshot, and flagged under the team's thresholds; the file is then
 * built and written piece by piece with pauses. The export is audited (`export`: statements, format, count) when the
 * response ends, as "interrupted" when the client left first. Who decided is named with their account's role.
 */
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiError, StatementsRequest } from '../core/api.ts';
import { SINGLE_USER_NAME } from '../core/api.ts';
import { currentDecisions, type DecisionEvent } from '../core/decisions.ts';
import type { Thresholds } from '../core/flags.ts';
import { MAX_COMMENT_ID_LENGTH } from '../core/ids.ts';
import { isRole, type Role } from '../core/roles.ts';
import { buildStatement, REDRESS_MAX, type StatementReason, type StatementOfReasons } from '../core/statements.ts';
import { pacedChunks, type Pacing } from '../exporters/index.ts';
import { statementsFile } from '../exporters/statements.ts';
import { actorOf } from './access.ts';
import { REPORT_BODY_LIMIT, slugOf } from './report-route.ts';
import { scorePending, type Engines } from '../app/score-texts.ts';
import { threadParams } from './schemas.ts';
import type { Store } from '../app/store/store.ts';
import { windowComments, type WindowComment } from '../app/thread-read.ts';
import { commentsNotInThread, displayIndexesOf } from '../app/store/thread-queries.ts';
import { UserRecords } from '../app/store/users.ts';
import { generatorName } from '../app/version.ts';

/** Most comment ids a request may name. */
export const STATEMENTS_IDS_MAX = 100_000;

export const statementsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  properties: {
    format: { type: 'string', enum: ['json', 'csv'] },
    commentIds: { type: 'array', maxItems: STATEMENTS_IDS_MAX, items: { type: 'string', minLength: 1, maxLength: MAX_COMMENT_ID_LENGTH } },
    redress: { type: 'string', maxLength: REDRESS_MAX },
  },
} as const;

/** What the route reads besides the thread: the team's reasons and thresholds. */
export interface StatementSources {
  reasons: () => readonly StatementReason[] | Promise<readonly StatementReason[]>;
  thresholds: () => Thresholds | Promise<Thresholds>;
}

const PACING: Pacing = { now: () => performance.now(), pause: () => new Promise((resolve) => setImmediate(resolve)), sliceMs: 10 };
/** Comments read per window query. */
const WINDOW = 200;

function refuse(reply: FastifyReply, status: number, error: string, where: string): FastifyReply {
  const body: ApiError = { error, where };
  return reply.code(status).send(body);
}

/**
 * Each decider's role: their account's role now (names compare without case, as accounts do); the local administrator
 * in single-user mode; null when unknown. One look-up per distinct name.
 */
async function rolesOf(store: Store, names: Iterable<string>): Promise<Map<string, Role | null>> {
  const users = new UserRecords(store.sql);
  const roles = new Map<string, Role | null>();
  for (const name of new Set(names)) {
    const role = (await users.find(name))?.role;
    roles.set(name, isRole(role) ? role : name === SINGLE_USER_NAME ? 'admin' : null);
  }
  return roles;
}

export function registerStatementsRoute(app: FastifyInstance, store: Store, engines: Engines, sources: StatementSources): void {
  app.post<{ Params: { id: string }; Body: StatementsRequest }>(
    '/api/threads/:id/statements',
    { bodyLimit: REPORT_BODY_LIMIT, config: { access: 'read', contentTypes: ['application/json'] }, schema: { params: threadParams, body: statementsBody } },
    async (request, reply) => {
      const { id } = request.params;
      const { format, commentIds, redress } = request.body;
      const thread = await store.getThread(id);
      if (!thread) return refuse(reply, 404, `no thread with id "${id}"`, 'params.id');
      if (commentIds) {
        const absent = new Set(await commentsNotInThread(store.sql, id, commentIds));
        const bad = commentIds.findIndex((c) => absent.has(c));
        if (bad >= 0) return refuse(reply, 400, `comment "${commentIds[bad]}" is not in thread "${id}"`, `body.commentIds[${bad}]`);
      }
      await store.ensureReadModel(id);
      await scorePending(store, id, engines);
      const wanted = commentIds ? new Set(commentIds) : null;
      const rejected: DecisionEvent[] = [];
      for (const current of currentDecisions(await store.decisions(id)).values()) {
        if (current.state === 'rejected' && (wanted === null || wanted.has(current.event.commentId))) rejected.push(current.event);
      }
      // Every rejected comment as the console shows it, read in one snapshot (one state of the thread), in display order.
      const shown = await store.snapshot(async (snap) => {
        const state = await snap.threadState(id);
        if (!state) return [];
        const indexOf = await displayIndexesOf(snap.sql, id, state.gen, rejected.map((event) => event.commentId));
        const located = rejected
          .map((event) => ({ event, index: indexOf.get(event.commentId) }))
          .filter((x): x is { event: DecisionEvent; index: number } => x.index !== undefined)
          .sort((a, b) => a.index - b.index);
        const out: Array<{ event: DecisionEvent; comment: WindowComment }> = [];
        for (let from = 0; from < located.length; from += WINDOW) {
          const part = located.slice(from, from + WINDOW);
          const eventAt = new Map(part.map((x) => [x.index, x.event]));
          for (const comment of await windowComments(snap, id, state, part.map((x) => x.index), engines)) out.push({ event: eventAt.get(comment.index)!, comment });
        }
        return out;
      });
      const settings = { reasons: await sources.reasons(), scorer: engines.scorer, detector: engines.detector, thresholds: await sources.thresholds(), redress };
      const roles = await rolesOf(store, shown.map(({ event }) => event.moderator));
      const roleOf = (name: string): Role | null => roles.get(name) ?? null;
      const threadHead = { id, title: thread.title, url: thread.url };
      function* statements(): Generator<StatementOfReasons, void, undefined> {
        for (const { event, comment } of shown) yield buildStatement({ thread: threadHead, comment, decision: event, deciderRole: roleOf(event.moderator) }, settings);
      }
      const generatedAt = new Date().toISOString();
      const file = statementsFile(statements(), { generatedAt, generator: generatorName('server'), threadId: id }, format);
      const fileName = `statements-of-reasons-${slugOf(thread.title)}-${generatedAt.slice(0, 10)}.${file.extension}`;
      const actor = actorOf(request);
      const count = shown.length;
      let audited = false;
      const auditExport = (ended: string) => {
        if (audited) return;
        audited = true;
        // After the response ended: nobody awaits it, so a failed write is logged, never left unhandled.
        app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'export', threadId: id, what: `statements of reasons as ${format}: ${count} rejected ${count === 1 ? 'comment' : 'comments'}${commentIds ? ` of ${commentIds.length} selected` : ''}${ended}` })
          .catch((error: unknown) => request.log.error({ err: error }, 'the statements export could not be audited'));
      };
      reply.raw.once('finish', () => auditExport(''));
      reply.raw.once('close', () => auditExport(' (interrupted: the client left before the end)'));
      const body = Readable.from(pacedChunks(file.pieces, PACING), { highWaterMark: 2 });
      return reply.header('content-type', file.mimeType).header('content-disposition', `attachment; filename="${fileName}"`).send(body);
    },
  );
}
