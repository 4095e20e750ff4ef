/**
 * The scoring status the API reports (GET /api/scoring): the scorer's identity and, for a remote scorer, its
 * scheduler counters. Carries no key and no URL beyond what the scorer version already names.
 */
import type { ScoringStatus } from '../../core/api.ts';
import type { Scorer } from '../../core/scoring.ts';
import type { SchedulerStats } from './scheduler.ts';
import type { ScorerSwitch } from './scorer-switch.ts';

interface WithStats {
  stats(): SchedulerStats;
  readonly qps: number;
}

function remoteOf(scorer: Scorer): WithStats | null {
  const candidate = scorer as Partial<WithStats>;
  return typeof candidate.stats === 'function' && typeof candidate.qps === 'number' ? (candidate as WithStats) : null;
}

/** The status of `scorer` now, with the switch's choices when the server offers them. */
export function scoringStatus(scorer: Scorer, scorers: ScorerSwitch | null = null): ScoringStatus {
  const remote = remoteOf(scorer);
  const stats = remote?.stats() ?? { pending: 0, attempts: 0, succeeded: 0, failed: 0, retries: 0, circuit: 'closed' as const };
  return {
    scorer: { name: scorer.name, version: scorer.version },
    remote: remote !== null,
    qps: remote?.qps ?? null,
    ...stats,
    choice: scorers?.choice ?? null,
    options: scorers?.list() ?? [],
  };
}
