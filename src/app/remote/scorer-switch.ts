/**
 * The scorers a running server can switch between (the console's scorer switch): the embedded scorer always, and
 * each remote adapter whose key the server has. An unavailable choice keeps the reason (which variable is missing),
 * never a key. Trope detection is not part of this: it always runs locally.
 */
import type { ScorerOption } from '../../core/api.ts';
import { createScorer, SCORER_CHOICES, ScorerConfigError, type ChosenScorer, type ScorerChoice, type ScorerEnv } from './registry.ts';

export class ScorerSwitch {
  private current: ScorerChoice;

  /** @param options each choice with its scorer, or the reason it cannot be used. */
  constructor(
    initial: ScorerChoice,
    private readonly options: ReadonlyMap<ScorerChoice, ChosenScorer | string>,
  ) {
    if (typeof options.get(initial) !== 'object') throw new ScorerConfigError(`the ${initial} scorer is not available`);
    this.current = initial;
  }

  /** Every choice of SCORER_CHOICES: `initial` as already made, the others built from `env` (no request is sent). */
  static fromEnv(initial: ScorerChoice, chosen: ChosenScorer, env: ScorerEnv, options: Parameters<typeof createScorer>[2] = {}): ScorerSwitch {
    const all = new Map<ScorerChoice, ChosenScorer | string>();
    for (const choice of SCORER_CHOICES) {
      if (choice === initial) {
        all.set(choice, chosen);
        continue;
      }
      try {
        all.set(choice, createScorer(choice, env, options));
      } catch (error) {
        all.set(choice, error instanceof ScorerConfigError ? error.message : 'cannot be set up on this server');
      }
    }
    return new ScorerSwitch(initial, all);
  }

  get choice(): ScorerChoice {
    return this.current;
  }

  get chosen(): ChosenScorer {
    return this.options.get(this.current) as ChosenScorer;
  }

  /** What the console lists: each choice, whether it can be used, and its description or the reason it cannot. */
  list(): ScorerOption[] {
    return [...this.options].map(([name, option]) =>
      typeof option === 'string'
        ? { name, available: false, detail: option }
        : { name, available: true, detail: option.scorer.description, scorer: { name: option.scorer.name, version: option.scorer.version } },
    );
  }

  /** Makes `name` the current scorer. Throws ScorerConfigError (with the reason) when it cannot be used. */
  select(name: string): ChosenScorer {
    const option = this.options.get(name as ScorerChoice);
    if (option === undefined) throw new ScorerConfigError(`unknown scorer "${name}"; the choices are ${SCORER_CHOICES.join(', ')}`);
    if (typeof option === 'string') throw new ScorerConfigError(`the ${name} scorer is not available on this server: ${option}`);
    this.current = name as ScorerChoice;
    return option;
  }
}
