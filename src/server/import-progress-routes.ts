/**
 * POST /api/imports and GET /api/imports/progress/:id. The import worker parses, hashes, has the texts scored
 * (each batch passed to the scoring pool by this thread) and saves in its own connection to the database: this
 * thread only receives the body, passes batches and answers (ADR 0019). A store in memory cannot be opened by
 * another thread: its imports are parsed in the worker and scored and saved here (ADR 0005), which the tests of
 * routes over an in-memory store rely on.
 *
 * On PostgreSQL with a job queue (the app's `jobs`, ADR 0033), an import is a job instead: the POST receives the body
 * as above (size limit, progress id, `receiving` on this server's board), stores it as an upload and enqueues its
 * import (`enqueueImport`), then reads the import's status every `pollMs` until it ended and answers as above: 201
 * with the ImportResponse, 400 `{ error, where }` for a file the importer refused, 500 when the job failed. Once the
 * body is received the import no longer depends on the request: a client that goes away stops only the waiting
 * (the job goes on), as does the app closing (the POST then answers 503). The job appends the audit entries and the
 * `thread` live events; the POST forgets the view caches and publishes the threads again when it answers.
 * GET /api/imports/progress/:id answers from this server's board while the body is being received, or when its
 * upload was never stored (a refused body); otherwise from the database (the newest upload with that progress id):
 * so any server answers it, also one that works no jobs.
 */
import { Transform } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError, ImportResponse } from '../core/api.ts';
import { actorOf } from './access.ts';
import { auditImport, importSource } from '../app/audit/import-audit.ts';
import { ImportProgressBoard, isProgressId } from '../app/import-progress.ts';
import { outcomesJson, saveTargetOf } from '../app/engines.ts';
import { ImportCancelledError, ImportQueueFullError, ImportWorkerError, sharedImportPool, type ImportWorkerPool, type WorkerInput } from '../app/import-worker-pool.ts';
import { storeImport } from '../app/pipeline.ts';
import { type Engines } from '../app/score-texts.ts';
import { importJsonBody, importQuery, progressParams } from './schemas.ts';
import type { DatabaseLocator, Store } from '../app/store/store.ts';
import { enqueueImport, importStatus } from '../app/jobs/import-job.ts';
import type { JobQueue } from '../app/jobs/job-queue.ts';
import { latestUploadOf } from '../app/store/uploads.ts';

/** Largest import body (raw bytes or JSON). */
export const IMPORT_BODY_LIMIT = 256 * 1024 * 1024;

export interface ImportRouteOptions {
  /** Called with the ids of the threads an import stored (the view cache forgets them). */
  onStored(threadIds: readonly string[]): void | Promise<void>;
  /** The worker pool (default: the process's shared one). */
  pool?: ImportWorkerPool;
  /** The progress board (default: a new one for this app). */
  board?: ImportProgressBoard;
  /** The job queue: on PostgreSQL, imports run as jobs (ADR 0033). Null or absent: imports run in the request. */
  jobs?: JobQueue | null;
  /** How often a POST waiting for its import job reads the status, in ms (default 250). */
  pollMs?: number;
}

/** Progress ids whose uploads this server stored, remembered at most (the oldest forgotten first: then read from the database). */
const MAX_STORED_UPLOADS = 1000;

/** The importer could not read the input: its message and place (400, nothing stored). */
class RefusedInput extends Error {
  constructor(message: string, readonly where: string | null) {
    super(message);
  }
}

type ImportQuery = { fileName?: string; format?: string; progressId?: string };
type ImportBody = Buffer | { content: string; fileName?: string; format?: string } | undefined;
type ImportRequest = FastifyRequest<{ Querystring: ImportQuery; Body: ImportBody }>;

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
  const pool = options.pool ?? sharedImportPool();
  const board = options.board ?? new ImportProgressBoard();
  // The progress id a request registered (a request whose id was refused owns none, so it never touches another's).
  const owned = new WeakMap<FastifyRequest, string>();
  // Job mode (ADR 0033): only on PostgreSQL, where other processes can run the job and read the upload.
  const jobs = options.jobs && store.locator.kind === 'postgres' ? options.jobs : null;
  const pollMs = options.pollMs ?? 250;
  // Progress id -> upload id of the uploads this server stored: their progress is the upload's status from then on.
  const storedUploads = new Map<string, string>();
  // Requests whose body was received in job mode: their import goes on whatever the client does.
  const received = new WeakSet<FastifyRequest>();
  // Aborted when the app closes, so that waiting POSTs answer and let it close (their imports go on in the queue).
  const closing = new AbortController();
  if (jobs !== null) app.addHook('preClose', async () => closing.abort());

  /**
   * Stores the request's body as an upload and enqueues its import; then drops the request's hold on the body, so a
   * POST waiting for its import does not keep up to 256 MiB in this process.
   */
  const storeUpload = async (queue: JobQueue, request: ImportRequest, id: string | null, fixed: Engines): Promise<string> => {
    const { body, query } = request;
    const json = body !== undefined && !Buffer.isBuffer(body) ? body : null;
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(json?.content ?? '', 'utf8');
    const actor = actorOf(request);
    const { uploadId } = await enqueueImport(queue, store, {
      bytes, fileName: json?.fileName ?? query.fileName ?? null, format: json?.format ?? query.format ?? null, progressId: id, actor: { username: actor.username, role: actor.role },
    }, fixed);
    request.body = undefined;
    return uploadId;
  };

  /** Job mode (ADR 0033): stores the upload, enqueues its import and waits for its outcome. */
  const importAsJob = async (queue: JobQueue, request: ImportRequest, reply: FastifyReply, id: string | null): Promise<FastifyReply> => {
    received.add(request);
    const { body, query } = request;
    const what = importSource(body !== undefined && !Buffer.isBuffer(body) ? body.fileName ?? query.fileName : query.fileName);
    // This import's scorer, kept if the console switches scorer meanwhile.
    const fixed: Engines = { scorer: engines.scorer, detector: engines.detector };
    // Stop waiting when the client goes away (also while the upload is being stored) or the app closes; the job goes
    // on either way.
    const gone = new AbortController();
    const onGone = () => {
      if (!reply.raw.writableFinished) gone.abort();
    };
    reply.raw.once('close', onGone);
    const stopWaiting = AbortSignal.any([gone.signal, closing.signal]);
    try {
      if (id !== null) board.queued(id);
      const uploadId = await storeUpload(queue, request, id, fixed);
      if (id !== null) {
        storedUploads.set(id, uploadId);
        if (storedUploads.size > MAX_STORED_UPLOADS) storedUploads.delete(storedUploads.keys().next().value!);
      }
      for (;;) {
        const status = await importStatus(store, queue, uploadId, fixed);
        if (status === null) return fail(reply, 500, `the upload of ${what} is no longer in the database; it was not imported`, 'body');
        const { outcome } = status;
        if (outcome !== null && outcome.status === 201) {
          const threadIds = outcome.response.threads.map((t) => t.id);
          await options.onStored(threadIds);
          if (id !== null) board.done(id, threadIds);
          return reply.code(201).send(outcome.response);
        }
        if (outcome !== null) return fail(reply, outcome.status, outcome.error, outcome.where ?? undefined);
        // Nobody reads this answer: the connection is closed. 202: the import was accepted and goes on.
        if (gone.signal.aborted) return reply.code(202).send();
        if (closing.signal.aborted) {
          const follow = id === null ? '' : ` (GET /api/imports/progress/${id} on any server shows it)`;
          return fail(reply, 503, `this server is stopping: the import of ${what} goes on in the job queue${follow}`, 'body');
        }
        await sleep(pollMs, undefined, { signal: stopWaiting }).catch(() => undefined);
      }
    } finally {
      reply.raw.off('close', onGone);
    }
  };

  app.get<{ Params: { id: string } }>('/api/imports/progress/:id', { config: { access: 'import' }, schema: { params: progressParams } }, async (request, reply) => {
    const { id } = request.params;
    const onBoard = board.get(id);
    if (jobs !== null && onBoard?.phase !== 'receiving' && (onBoard === null || storedUploads.has(id))) {
      const uploadId = storedUploads.get(id) ?? (await latestUploadOf(store.sql, id))?.id;
      const status = uploadId === undefined ? null : await importStatus(store, jobs, uploadId, engines);
      if (status !== null) return status.progress;
    }
    if (onBoard === null) return fail(reply, 404, `no import with progress id "${id}": it was never sent, or it ended over 10 minutes ago`, 'params.id');
    return onBoard;
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
        // A new import under this id: until its own upload is stored, the board has its progress.
        storedUploads.delete(id);
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
        // In job mode a received body is imported whatever the client does; only an unfinished upload stores nothing.
        if (id !== undefined && !received.has(request)) board.fail(id, 'the connection closed before the upload ended; nothing was stored', 'body');
      },
    },
    async (request, reply) => {
      const id = owned.get(request) ?? null;
      if (jobs !== null) return importAsJob(jobs, request, reply, id);
      const { body, query } = request;
      let input: WorkerInput;
      if (body === undefined || Buffer.isBuffer(body)) {
        const bytes = body ?? Buffer.alloc(0);
        input = { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName: query.fileName, format: query.format };
      } else {
        input = { text: body.content, fileName: body.fileName ?? query.fileName, format: body.format ?? query.format };
      }
      const what = importSource(input.fileName);
      // This import's scorer, kept if the console switches scorer meanwhile.
      const fixed: Engines = { scorer: engines.scorer, detector: engines.detector };
      // A client that goes away (a cancelled import) stops the work; nothing is stored unless it all succeeded.
      const controller = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) controller.abort();
      };
      reply.raw.once('close', onClose);
      const stopIfCancelled = () => {
        if (controller.signal.aborted) throw new ImportCancelledError(what);
      };
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
        // One audit entry per stored thread, worded as the import job words them (docs/adr/0023-audit-trail.md).
        const actor = actorOf(request);
        await auditImport(app.audit, { username: actor.username, role: actor.role }, response, what);
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
