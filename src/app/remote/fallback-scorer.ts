/**
 * A remote scorer with the embedded scorer behind it: once the service answers that it is gone (Perspective after
 * its shutdown), every later batch, and the one that found out, is scored by the embedded scorer instead. The identity
 * (name, version, description) is the active scorer's, so cached scores always say what really produced them.
 */
import type { Attribute, Scorer, ScoreOutcome, ScoreRequest } from '../../core/scoring.ts';
import type { RemoteScorer } from './remote-scorer.ts';
import type { SchedulerStats } from './scheduler.ts';

export class FallbackScorer implements Scorer {
  private switched = false;

  constructor(
    readonly primary: RemoteScorer,
    private readonly fallback: Scorer,
    /** Told once, when the switch happens. */
    private readonly onFallback?: (message: string) => void,
  ) {}

  private get active(): Scorer {
    return this.switched ? this.fallback : this.primary;
  }

  get name(): string { return this.active.name; }
  get version(): string { return this.active.version; }
  get attributes(): readonly Attribute[] { return this.active.attributes; }
  get description(): string {
    return this.switched ? `${this.fallback.description} (used instead of ${this.primary.name}, which answered that it is gone)` : this.primary.description;
  }

  /** The remote scorer's rate (kept after a switch so the status stays readable). */
  get qps(): number { return this.primary.qps; }

  /** The remote scorer's counters. */
  stats(): SchedulerStats { return this.primary.stats(); }

  async score(batch: readonly ScoreRequest[]): Promise<ScoreOutcome[]> {
    if (!this.switched) {
      try {
        return await this.primary.score(batch);
      } catch (error) {
        if (!this.primary.gone) throw error;
        this.switched = true;
        this.onFallback?.(`${this.primary.fatalError ?? `${this.primary.name} is gone`}; using the embedded scorer ${this.fallback.name} ${this.fallback.version} instead`);
      }
    }
    return this.fallback.score(batch);
  }
}
