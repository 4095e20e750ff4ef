/**
 * POST /api/imports and GET /api/imports/progress/:id. The import worker parses, hashes, has the texts scored
 * (each batch passed to the scoring pool by this thread) and saves in its own connection to the database: this
 * thread only receives the body, passes batches and answers (ADR 0019). A store in memory cannot be opened by
 * another thread: its imports are parsed in the worker and scored and saved here (ADR 0005), which the tests of
 * routes over an in-memory store rely on.
 */
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError, ImportResponse } from '../core/api.ts';
import { actorOf } from './access.ts';
import { ImportProgressBoard, isProgressId } from '../app/import-progress.ts';
import { outcomesJson, saveTargetOf } from '../app/engines.ts';
import { ImportCancelledError, ImportQueueFullError, ImportWorkerError, sharedImportPool, type ImportWorkerPool, type WorkerInput } from '../app/import-worker-pool.ts';
import { storeImport } from '../app/pipeline.ts';
import { type Engines } from '../app/score-texts.ts';
import { importJsonBody, importQuery, progressParams } from './schemas.ts';
import type { DatabaseLocator, Store } from '../app/store/store.ts';

/** Largest import body (raw bytes or JSON). */
export const IMPORT_BODY_LIMIT = 256 * 1024 * 1024;

export interface ImportRouteOptions {
  /** Called with the ids of the threads an import stored (the view cache forgets them). */
  onStored(threadIds: readonly string[]): void | Promise<void>;
  /** The worker pool (default: the process's shared one). */
  pool?: ImportWorkerPool;
  /** The progress board (default: a new one for this app). */
  board?: ImportProgressBoard;
}

/** The importer could not read the input: its message and place (400, nothing stored). */
class RefusedInput extends Error {
  constructor(message: string, readonly where: string | null) {
    super(message);
  }
}

type ImportQuery = { fileName?: string; format?: string; progressId?: string };
type ImportBody = Buffer | { content: string; fileName?: string; format?: string } | undefined;

function fail(reply: FastifyReply, status: number, error: string, where?: string): FastifyReply {
  const body: ApiError = where === undefined ? { error } : { error, where };
  return reply.code(status).send(body);
}

/** The database of a store another thread can open (its locator: an SQLite file or PostgreSQL; null for SQLite in memory). */
export function sharedDatabase(store: Store): DatabaseLocator | null {
  return store.locator.kind === 'sqlite' && store.locator.file === ':memory:' ? null : store.locator;
}

/** Lets the event loop answer other requests before the next batch of work. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The `{ error, where }` of an error answer, if the payload is one. */
function errorOf(payload: unknown): { error: string; where: string | null } | null {
  if (typeof payload !== 'string') return null;
  try {
    const body = JSON.parse(payload) as Partial<ApiError>;
    return typeof body.error === 'string' ? { error: body.error, where: typeof body.where === 'string' ? body.where : null } : null;
  } catch {
    return null;
  }
}

/** A pass-through stream that reports the bytes of the body as they arrive. */
function countingStream(source: NodeJS.ReadableStream, report: (received: number) => void): Transform {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      report(received);
      done(null, chunk);
    },
  });
  source.on('error', (error: Error) => counter.destroy(error));
  return source.pipe(counter);
}

export function registerImportRoutes(app: FastifyInstance, store: Store, engines: Engines, options: ImportRouteOptions): void {
  /** One audit entry per stored thread: format, counts, file name (docs/adr/0023-audit-trail.md). */
  const auditImport = async (request: FastifyRequest, response: ImportResponse, source: string) => {
    const actor = actorOf(request);
    for (const thread of response.threads) {
      const { added, changed, missing } = thread.changes;
      const counts = `${added.count} new, ${changed.count} changed, ${missing.count} missing`;
      await app.audit.append({
        actor: actor.username,
        actorRole: actor.role,
        action: 'import',
        threadId: thread.id,
        what: `imported ${thread.commentCount} ${thread.commentCount === 1 ? 'comment' : 'comments'} (${counts}) from ${source} as ${response.format}${thread.existed ? `, revision ${thread.revision}` : ''}`,
      });
    }
  };

  const pool = options.pool ?? sharedImportPool();
  const board = options.board ?? new ImportProgressBoard();
  // The progress id a request registered (a request whose id was refused owns none, so it never touches another's).
  const owned = new WeakMap<FastifyRequest, string>();

  app.get<{ Params: { id: string } }>('/api/imports/progress/:id', { config: { access: 'import' }, schema: { params: progressParams } }, async (request, reply) => {
    const progress = board.get(request.params.id);
    if (progress === null) return fail(reply, 404, `no import with progress id "${request.params.id}": it was never sent, or it ended over 10 minutes ago`, 'params.id');
    return progress;
  });

  app.post<{ Querystring: ImportQuery; Body: ImportBody }>(
    '/api/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { access: 'import', contentTypes: ['application/octet-stream', 'application/json'] },
      schema: {
        querystring: importQuery,
        body: { content: { 'application/json': { schema: importJsonBody }, 'application/octet-stream': { schema: {} } } },
      },
      onRequest: async (request, reply) => {
        const id = (request.query as { progressId?: unknown }).progressId;
        if (!isProgressId(id)) return; // absent, or refused by the querystring schema
        const length = Number(request.headers['content-length']);
        const refused = board.begin(id, Number.isSafeInteger(length) && length >= 0 ? length : null);
        if (refused === 'in-use') return fail(reply, 409, `progress id "${id}" belongs to an import that is still running; make a new id`, 'querystring.progressId');
        if (refused === 'full') return fail(reply, 503, 'the server is tracking too many imports; try again in a few minutes', 'querystring.progressId');
        owned.set(request, id);
      },
      preParsing: async (request, _reply, payload) => {
        const id = owned.get(request);
        return id === undefined ? payload : countingStream(payload, (received) => board.receiving(id, received));
      },
      onSend: async (request, reply, payload) => {
        const id = owned.get(request);
        if (id !== undefined && reply.statusCode >= 400 && board.isRunning(id)) {
          const answer = errorOf(payload);
          board.fail(id, answer?.error ?? `the server answered ${reply.statusCode}`, answer?.where ?? null);
        }
        return payload;
      },
      onRequestAbort: async (request) => {
        const id = owned.get(request);
        if (id !== undefined) board.fail(id, 'the connection closed before the upload ended; nothing was stored', 'body');
      },
    },
    async (request, reply) => {
      const { body, query } = request;
      const id = owned.get(request) ?? null;
      let input: WorkerInput;
      if (body === undefined || Buffer.isBuffer(body)) {
        const bytes = body ?? Buffer.alloc(0);
        input = { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName: query.fileName, format: query.format };
      } else {
        input = { text: body.content, fileName: body.fileName ?? query.fileName, format: body.format ?? query.format };
      }
      const what = input.fileName?.trim() ? input.fileName : 'pasted text';
      // A client that goes away (a cancelled import) stops the work; nothing is stored unless it all succeeded.
      const controller = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) controller.abort();
      };
      reply.raw.once('close', onClose);
      const stopIfCancelled = () => {
        if (controller.signal.aborted) throw new ImportCancelledError(what);
      };
      // This import's scorer, kept if the console switches scorer meanwhile.
      const fixed: Engines = { scorer: engines.scorer, detector: engines.detector };
      const parseHooks = {
        signal: controller.signal,
        onStart: () => id !== null && board.parsing(id, null),
        onProgress: (fraction: number) => id !== null && board.parsing(id, fraction),
      };
      const database = sharedDatabase(store);
      try {
        if (id !== null) board.queued(id);
        let response: ImportResponse;
        if (database !== null) {
          const outcome = await pool.importAndSave(input, saveTargetOf(database, fixed), {
            ...parseHooks,
            score: (kind, texts) => outcomesJson(fixed, kind, texts),
            onScoring: (done, total) => id !== null && board.scoring(id, done, total),
            onSaving: () => id !== null && board.saving(id),
          });
          if (outcome.kind === 'parsed') {
            const { result } = outcome;
            return result.ok ? fail(reply, 500, `the import worker did not store ${what}; nothing was stored`, 'body') : fail(reply, 400, result.message, result.where ?? undefined);
          }
          response = outcome.response;
        } else response = await parseThenStore(input);
        const threadIds = response.threads.map((t) => t.id);
        await auditImport(request, response, what);
        await options.onStored(threadIds);
        if (id !== null) board.done(id, threadIds);
        return reply.code(201).send(response);
      } catch (error) {
        if (error instanceof ImportWorkerError) return fail(reply, 500, error.message, 'body');
        if (error instanceof ImportQueueFullError) return fail(reply, 503, error.message, 'body');
        if (error instanceof ImportCancelledError) return fail(reply, 400, error.message, 'body');
        if (error instanceof RefusedInput) return fail(reply, 400, error.message, error.where ?? undefined);
        throw error;
      } finally {
        reply.raw.off('close', onClose);
      }

      /** A store in memory: the worker parses, this thread scores and saves (ADR 0005). */
      async function parseThenStore(workerInput: WorkerInput): Promise<ImportResponse> {
        const result = await pool.parse(workerInput, parseHooks);
        if (!result.ok) throw new RefusedInput(result.message, result.where);
        return storeImport(store, result, fixed, {
          onScoring: (done, total) => id !== null && board.scoring(id, done, total),
          pause: async () => {
            await yieldToEventLoop();
            stopIfCancelled();
          },
          onSaving: () => {
            stopIfCancelled();
            if (id !== null) board.saving(id);
          },
        }, workerInput.fileName);
      }
    },
  );
}
