/**
 * Liveness and readiness (issue 15, ADR 0031), both public (no session: load balancers and orchestrators call them):
 * - `GET /api/health` (liveness, cheap, touches no database): `{ ok: true, scorer, detector }`, the scorer read per
 *   request (the console may switch it).
 * - `GET /api/ready` (readiness): 200 `{ ready: true }` when the database answers `SELECT 1` within READY_TIMEOUT_MS
 *   and the live bus is listening (always on the in-process bus); else 503 `{ ready: false }` (Fastify answers 503 to
 *   every request once the server is closing). The body says nothing more (no database name, no error, no version):
 *   what failed is written to the server's log, once per change of state, not per probe.
 */
import type { FastifyInstance } from 'fastify';
import type { Engines } from '../app/score-texts.ts';
import type { Store } from '../app/store/store.ts';

export const READY_TIMEOUT_MS = 1000;

/** Resolves true when `work` settles successfully within `ms`, false when it fails or is late. */
async function within(work: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work().then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthOptions {
  /** The database check (default: the store's `ping`, a `SELECT 1`). */
  probe?: () => Promise<unknown>;
  readyTimeoutMs?: number;
}

export function registerHealthRoutes(app: FastifyInstance, store: Pick<Store, 'ping'>, engines: Engines, options: HealthOptions = {}): void {
  const probe = options.probe ?? (() => store.ping());
  const timeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  let lastProblem: string | null = null;

  app.get('/api/health', { config: { access: 'public' } }, async () => ({
    ok: true,
    scorer: { name: engines.scorer.name, version: engines.scorer.version },
    detector: { name: engines.detector.name, version: engines.detector.version },
  }));

  app.get('/api/ready', { config: { access: 'public' } }, async (_request, reply) => {
    const database = await within(probe, timeoutMs);
    const problems = [
      database ? null : `the database did not answer SELECT 1 within ${timeoutMs} ms`,
      app.live.listening ? null : 'the live bus is not listening for other servers\' events',
    ].filter((p): p is string => p !== null);
    const problem = problems.length > 0 ? problems.join('; ') : null;
    if (problem !== lastProblem) {
      if (problem !== null) app.log.warn(`not ready: ${problem}`);
      else if (lastProblem !== null) app.log.info('ready again');
      lastProblem = problem;
    }
    return reply.code(problem === null ? 200 : 503).send({ ready: problem === null });
  });
}
