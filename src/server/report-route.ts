/**
 * POST /api/threads/:id/report: the flag report of a thread, streamed (docs/adr/0021-streaming-reports.md). The
 * request is checked first (400/404 as ApiError, nothing rendered); then the report is rendered piece by piece into
 * the response, in chunks, pausing every few milliseconds so that other requests are answered meanwhile. The thread
 * is read from the store's read model: its index first, its comments window by window as they are written
 * (report-source.ts). The first chunk is rendered before the answer starts: a thread that changes (ThreadChangedError)
 * before it is refused with 409; after it, the response is cut (and audited as interrupted). A client that goes away
 * stops the rendering and the reading of comments. Every export is audited (`export`:
 * format, scope, comment count) when its response ends, as "interrupted" when the client left before the end
 * (docs/adr/0023-audit-trail.md).
 */
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiError, ReportRequest } from '../core/api.ts';
import { DEFAULT_THRESHOLDS, validateThresholds, type Thresholds } from '../core/flags.ts';
import { streamFlagReport, type ReportThreadSource } from '../core/report.ts';
import { pacedChunks, streamReportFile, type Pacing } from '../exporters/index.ts';
import { isKnownTimeZone } from '../exporters/report-time.ts';
import { actorOf } from './access.ts';
import { storedReportSource, ThreadChangedError } from '../app/report-source.ts';
import { scorePending, type Engines } from '../app/score-texts.ts';
import { reportBody, threadParams } from './schemas.ts';
import type { Store } from '../app/store/store.ts';
import { generatorName } from '../app/version.ts';

/** Largest report request (a filter may list many comment ids). */
export const REPORT_BODY_LIMIT = 16 * 1024 * 1024;

/** Longest stretch of rendering before other requests get their turn (ms). */
export const REPORT_SLICE_MS = 10;

/**
 * Comments read from the store at a time (one snapshot each, with a pause between two) while the server reads a
 * thread for a report: kept short so that other requests are answered between windows. Rendering a 100,000-comment JSON report with pauses, the event loop's delay was p99 71 ms, max 109 ms
 * with windows of 200, against p99 212 ms, max 300 ms with 1,000 (02:41 UTC, load 18 to 21 on 2 cores).
 */
export const SERVER_REPORT_WINDOW = 200;

/** Chunks the response stream buffers ahead of the socket (each about CHUNK_CHARS). */
const CHUNKS_AHEAD = 2;

const PACING: Pacing = { now: () => performance.now(), pause: () => new Promise((resolve) => setImmediate(resolve)), sliceMs: REPORT_SLICE_MS };

/**
 * The chunks again, the first one already taken; an error of the rest is told to `failed`, then ends the stream.
 * Returning closes the rest (and so the rendering and the reading of comments).
 */
async function* startingWith(first: IteratorResult<string, void>, rest: AsyncGenerator<string, void, undefined>, failed: (error: unknown) => void): AsyncGenerator<string, void, undefined> {
  try {
    if (first.done) return;
    yield first.value;
    yield* rest;
  } catch (error) {
    failed(error);
    throw error;
  } finally {
    await rest.return(undefined);
  }
}

/** A file-name-safe slug of a thread title. */
export function slugOf(title: string): string {
  const full = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  // At most 50 characters, cut at a word boundary when there is one.
  const cut = full.length <= 50 ? full : full.slice(0, 51).replace(/-[^-]*$/, '') || full.slice(0, 50);
  return cut === '' ? 'thread' : cut;
}

function refuse(reply: FastifyReply, status: number, error: string, where: string): FastifyReply {
  const body: ApiError = { error, where };
  return reply.code(status).send(body);
}

/** Reads the thread a report is made of (its comments scored first); null when there is no such thread. */
export type ReportSourceReader = (threadId: string) => Promise<ReportThreadSource | null>;

/** Threads read from the store's read model (texts the caches lack are scored first, as when a thread is opened). */
export function reportSourcesFromStore(store: Store, engines: Engines): ReportSourceReader {
  return async (threadId) => {
    if (!(await store.getThread(threadId))) return null;
    await scorePending(store, threadId, engines);
    return storedReportSource(store, threadId, engines, { window: SERVER_REPORT_WINDOW, pause: () => new Promise((resolve) => setImmediate(resolve)) });
  };
}

/**
 * Registers the report route. `teamThresholds` gives the thresholds of a request that sends none (the team's,
 * src/server/settings/team-thresholds.ts; the built-in defaults when not given).
 */
export function registerReportRoute(app: FastifyInstance, readSource: ReportSourceReader, teamThresholds: () => Thresholds | Promise<Thresholds> = () => DEFAULT_THRESHOLDS): void {
  app.post<{ Params: { id: string }; Body: ReportRequest }>(
    '/api/threads/:id/report',
    { bodyLimit: REPORT_BODY_LIMIT, config: { access: 'read', contentTypes: ['application/json'] }, schema: { params: threadParams, body: reportBody } },
    async (request, reply) => {
      const { id } = request.params;
      const { format, thresholds, commentIds, scopeNote, timeZone } = request.body;
      if (thresholds !== undefined) {
        const message = validateThresholds(thresholds);
        if (message) return refuse(reply, 400, message, 'body.thresholds');
      }
      if (timeZone !== undefined && !isKnownTimeZone(timeZone)) return refuse(reply, 400, `unknown time zone "${timeZone}"; give an IANA name such as "Europe/Berlin" or "UTC"`, 'body.timeZone');
      let source: ReportThreadSource | null;
      try {
        source = await readSource(id);
      } catch (error) {
        if (error instanceof ThreadChangedError) return refuse(reply, 409, error.message, 'params.id');
        throw error;
      }
      if (!source) return refuse(reply, 404, `no thread with id "${id}"`, 'params.id');
      if (commentIds) {
        const known = new Set(source.index.ids);
        const bad = commentIds.findIndex((c) => !known.has(c));
        if (bad >= 0) return refuse(reply, 400, `comment "${commentIds[bad]}" is not in thread "${id}"`, `body.commentIds[${bad}]`);
      }
      const generatedAt = new Date().toISOString();
      const scope = scopeNote?.trim() || (commentIds ? `${commentIds.length} selected comments` : 'whole thread');
      const report = streamFlagReport({ threads: [source], thresholds: thresholds ?? (await teamThresholds()), commentIds, scope, generatedAt, generator: generatorName('server') });
      const file = streamReportFile(report, format, { timeZone });
      const fileName = `threadscope-${slugOf(source.index.thread.title)}-${generatedAt.slice(0, 10)}.${file.extension}`;
      const actor = actorOf(request);
      const count = commentIds?.length ?? source.index.count;
      let audited = false;
      let cut = ' (interrupted: the client left before the end)';
      const auditExport = (ended: string) => {
        if (audited) return;
        audited = true;
        // After the response ended: nobody awaits it, so a failed write is logged, never left unhandled.
        app.audit.append({ actor: actor.username, actorRole: actor.role, action: 'export', threadId: id, what: `report as ${format}: ${count} ${count === 1 ? 'comment' : 'comments'}, ${scope}${ended}` })
          .catch((error: unknown) => request.log.error({ err: error }, 'the report export could not be audited'));
      };
      reply.raw.once('finish', () => auditExport(''));
      reply.raw.once('close', () => auditExport(cut));
      // The first chunk before the first byte: a thread changed meanwhile is still a 409 (and nothing was exported).
      const chunks = pacedChunks(file.pieces, PACING);
      let first: IteratorResult<string, void>;
      try {
        first = await chunks.next();
      } catch (error) {
        audited = true;
        if (error instanceof ThreadChangedError) return refuse(reply, 409, error.message, 'params.id');
        throw error;
      }
      const failed = (error: unknown): void => {
        cut = error instanceof ThreadChangedError ? ' (interrupted: the thread changed while the report was written)' : ' (interrupted: the report failed)';
      };
      // Fastify pipes the stream into the response and destroys it when the client goes away, which ends the renderer;
      // an error after the first chunk cuts the response.
      const body = Readable.from(startingWith(first, chunks, failed), { highWaterMark: CHUNKS_AHEAD });
      return reply.header('content-type', file.mimeType).header('content-disposition', `attachment; filename="${fileName}"`).send(body);
    },
  );
}
