/**
 * Hanging is a threat only with a person as its object (issue 11): suite-style cases (text, THREAT high or low at the
 * default threshold) for the embedded scorer, phrased as the functional suite's THREAT expectations are.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../core/flags.ts';
import { loadEmbeddedModel, scoreWithModel } from './model-scorer.ts';

const threat = (text: string): number => scoreWithModel(loadEmbeddedModel(), text).scores.THREAT ?? Number.NaN;
const LIMIT = DEFAULT_THRESHOLDS.attributes.THREAT;

const HIGH = [
  'hang them',
  'Hang them all.',
  'They should be hanged.',
  'hang every traitor',
  'Hang the traitors from the nearest lamppost.',
  'We should hang the bastards.',
  'Hang all politicians who voted for this.',
  'Just hang every last one of them.',
  'Traitors should hang.',
  'He deserves to hang for what he did.',
  'I will hang you myself.',
  'Bring back hanging for people like him.',
  'hang em high',
];

const LOW = [
  'Hang in there!',
  'hang in there buddy, it gets better',
  'We should hang out more often.',
  'Hang on a second, let me check.',
  'Hang up the phone and come to dinner.',
  'I want to hang a picture above the sofa.',
  'Hang the washing out, it is sunny.',
  "You'll get the hang of it soon.",
  'Where should we hang the new mirror?',
  'The coat can hang on the door.',
  'The painting should hang in the hall.',
  'Hanging baskets look lovely this year.',
  'They hang around the station every evening.',
  'Hang tight, help is on the way.',
  // Misspelt or cut short, these scored 0.75 before (an imperative harm verb): the figurative phrase no longer matched.
  'Hang in their, mate!',
  'hang in',
];

describe('hanging threats need a person as object', () => {
  it.each(HIGH)('THREAT high: %s', (text) => {
    expect(threat(text)).toBeGreaterThanOrEqual(LIMIT);
  });

  it.each(LOW)('THREAT low: %s', (text) => {
    expect(threat(text)).toBeLessThan(LIMIT);
  });
});
