/**
 * Training recipes: the feature settings and the training options of a model, by name. `npm run train` uses
 * DEFAULT_RECIPE; the leave-one-source-out evaluation (scripts/eval-loso.ts) also runs FIRST_RECIPE, the recipe of the
 * models shipped before all ten sources were used, for a before/after comparison.
 */
import type { FeatureConfig } from './features.ts';
import type { TrainOptions } from './logistic.ts';

export interface Recipe {
  name: string;
  features: FeatureConfig;
  train: TrainOptions;
}

/**
 * The first models' recipe (2026-11): Davidson, ISCA and Stormfront only, no emoji. TOXICITY and IDENTITY_ATTACK as
 * first trained (10 epochs, learning rate 0.15, almost no L2); ANTISEMITISM, the small ISCA-led fit, needs more
 * regularisation: lower rate, L2 1e-2 and NB weighting (chosen by 5-fold cross-validation on the ISCA train and
 * calibration texts); IDENTITY_ATTACK stored as the stacked combination of both identity fits.
 */
export const FIRST_RECIPE: Recipe = {
  name: 'first (3 sources)',
  features: { bits: 18, charMin: 3, charMax: 5 },
  train: {
    seed: 20261126,
    heads: {
      TOXICITY: { sourceWeight: { davidson: 1, stormfront: 1 }, epochs: 10, learningRate: 0.15, l2: 1e-6 },
      IDENTITY_ATTACK: { sourceWeight: { davidson: 1, isca: 3, stormfront: 1 }, epochs: 10, learningRate: 0.05, l2: 1e-2, nbMix: 0.5 },
      ANTISEMITISM: { sourceWeight: { isca: 1, stormfront: 0.3 }, epochs: 10, learningRate: 0.05, l2: 1e-2, nbMix: 0.5 },
    },
    combinerSourceWeight: { davidson: 1, isca: 1, stormfront: 1 },
  },
};

const EVERY_SOURCE = {
  davidson: 1, isca: 1, stormfront: 1, 'toxic-spans': 1, edos: 1, hatemoji: 1, convabuse: 1, 'reddit-misogyny': 1, wiki: 1, toxichat: 1,
};

/**
 * Settings of every fit of the ten-source recipe, chosen by leave-one-source-out ROC AUC of the fit alone (macro over
 * the sources that label it, scripts/eval-loso.ts; never the held-out split): NB weighting 0.5 and a strong L2 of 0.1
 * (against 1e-6 and 1e-2 before) generalise best, because they keep the weights of features that only one source's
 * topics tie to its labels ("welfare" in Stormfront) small.
 */
const FIT = { sourceWeight: EVERY_SOURCE, epochs: 10, learningRate: 0.05, l2: 0.1, nbMix: 0.5 };

/**
 * The recipe of `npm run train`: all ten sources, emoji read, four heads; every source weighs the same in a fit and
 * its two classes weigh the same within it (leave-one-source-out TOXICITY fit alone: 0.818 with sources weighing by
 * their size, 0.832 equal; a source with positives only is read through the stack, not by the fit, train.ts); the
 * TOXICITY head stacked from its own fit and
 * the IDENTITY_ATTACK fit, so an attack on a group is toxic whatever the sources of the TOXICITY labels. Every head is
 * calibrated to a prior of 0.3 in a typical source (train.ts): in leave-one-source-out runs, the first models' choice
 * (TOXICITY to an even prior, the others to the calibration split's own rate, about one text in eight) flagged 11.7 %
 * of the clean texts (8.8 % of the civil rest of Toxic Spans posts) and found 7-36 % of the identity attacks at 0.5;
 * with 0.3 for all, 7.0 % (3.3 %) and 14-36 %, macro F1 of IDENTITY_ATTACK 0.21 -> 0.27 (0.4 for TOXICITY: 7.8 %).
 * IDENTITY_ATTACK then moved to 0.2: at 0.3 the model alone flagged civil statements about a group ("Muslims have every
 * right to practise their religion here" 0.56, the functional suite's non-hateful cases 96.5 % right against 98.5 % at
 * 0.2, hateful 84.6 % against 84.2 %; held-out macro F1 of IDENTITY_ATTACK 0.328 against 0.302). No THREAT head: it was
 * trained and measured (leave-one-source-out ROC AUC 0.741 against 0.729 for the reader's rules alone) but fires on
 * plain sentences ("I am going to see someone next week" 0.53), and costs a quarter of the model's time per comment.
 */
export const DEFAULT_RECIPE: Recipe = {
  name: 'ten sources',
  features: { bits: 18, charMin: 3, charMax: 5, emoji: true },
  train: {
    seed: 20261126,
    heads: { TOXICITY: FIT, IDENTITY_ATTACK: FIT, INSULT: FIT },
    stack: { TOXICITY: ['TOXICITY', 'IDENTITY_ATTACK'] },
    combinerSourceWeight: EVERY_SOURCE,
    balance: 'source',
    calibration: { TOXICITY: 0.3, IDENTITY_ATTACK: 0.2, INSULT: 0.3 },
  },
};
