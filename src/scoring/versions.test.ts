/**
 * Scores are cached by scorer version (and trope hits by detector version), so a change of behaviour without a new
 * version would leave stale results in every existing database. These tests pin a fingerprint of each component's
 * outputs on a probe corpus to its version: when outputs change, bump the version and update the pin.
 */
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../core/hash.ts';
import { createLexiconScorer, LEXICON_SCORER_VERSION } from './lexicon-scorer.ts';
import { SCORER_LOGIC_VERSION } from './model-scoring.ts';
import { createModelScorer, loadEmbeddedModel } from './model-scorer.ts';
import { createTropeDetector } from './index.ts';
import { TROPE_DETECTOR_VERSION } from './tropes/detector.ts';

const PROBES = [
  'I agree with the article, thanks for writing it.',
  'You are a pathetic idiot and I hope someone shoots you.',
  'somebody should shoot you',
  'they should all be hanged',
  'I will kill you and your family',
  'I don\u2019t hate them at all, they are my neighbours.',
  'Calling people "vermin" is wrong and hateful.',
  'What the f*ck is this sh1t, you m0r0n',
  'This ends in civil war and a body count.',
  'Jews are disgusting rats who control the banks.',
  'I am a proud Jewish woman.',
  'As a gay Muslim man I love this city.',
  'Six million Jews were murdered in the Holocaust; never again.',
  'In 1942 the Nazis murdered thousands of Jews in this town.',
  'kill all the immigrants',
  'Putin is controlled by chabad, everyone knows it.',
  'The zionist rats are trying to take over the whole world.',
  'The Rothschilds own every central bank and start every war.',
  'Soros funds the caravans to replace us.',
  'The policy on missile defence is misguided, and the minister should resign.',
  'Les journalistes de ce journal écrivent vraiment n\u2019importe quoi sur cette affaire.',
  '\u{1F600}\u{1F600}\u{1F44D}',
  'Y\u2019all ain\u2019t finna believe this, smh',
  'Nobody likes you, go back to where you came from.',
  'Shut up, loser.',
  'The weather is bloody awful today.',
  'Hang in there, and hang a picture on the wall; hang them all.',
  'Die Kinder sind fast alle im Garten, also kein Gift am Hang.',
  'Danke!',
  '',
];

const BUMP = 'outputs changed: bump the version (for the model, SCORER_LOGIC_VERSION unless only the weights changed) and update this pin';

async function fingerprintOf(score: (texts: string[]) => Promise<unknown>): Promise<string> {
  return fnv1a64(JSON.stringify(await score(PROBES)));
}

describe('component versions follow their behaviour', () => {
  it('embedded-lexicon', async () => {
    const scorer = createLexiconScorer();
    const fingerprint = await fingerprintOf((texts) => scorer.score(texts.map((text, i) => ({ key: String(i), text }))));
    expect({ version: LEXICON_SCORER_VERSION, fingerprint }, BUMP).toEqual({ version: '0.7.0', fingerprint: '28dada8e01d976bd' });
  });

  it('embedded-model (logic version and weights)', async () => {
    const scorer = createModelScorer();
    const fingerprint = await fingerprintOf((texts) => scorer.score(texts.map((text, i) => ({ key: String(i), text }))));
    expect({ logic: SCORER_LOGIC_VERSION, payload: loadEmbeddedModel().hash.slice(0, 12), fingerprint }, BUMP).toEqual({ logic: '1.6.0', payload: '1614046fdc0c', fingerprint: '713a09b6c2d659a3' });
  });

  it('trope detector', async () => {
    const detector = createTropeDetector();
    const fingerprint = await fingerprintOf(async (texts) => texts.map((text) => detector.detect(text)));
    expect({ version: TROPE_DETECTOR_VERSION, fingerprint }, BUMP).toEqual({ version: '0.7.1', fingerprint: 'd53f145e344a42ed' });
  });
});
