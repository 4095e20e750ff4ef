// Reports say what produced each score: OpenAI category sources and Perspective's unsupported attributes, in JSON that
// matches docs/report.schema.json, with the key nowhere in JSON, CSV or HTML.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadView } from '../../core/api.ts';
import { buildFlagReport } from '../../core/report.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import { renderReport } from '../../exporters/index.ts';
import { createTropeDetector } from '../../scoring/index.ts';
import { getThreadView } from '../thread-view.ts';
import { importAndScore } from '../pipeline.ts';
import { Store } from '../store/store.ts';
import { OpenAiModerationScorer } from './openai-moderation-scorer.ts';
import { PerspectiveScorer } from './perspective-scorer.ts';
import { FAKE_OPENAI_KEY, startFakeModeration, type FakeModeration } from './testing/fake-moderation.ts';
import { FAKE_PERSPECTIVE_KEY, startFakePerspective, type FakePerspective } from './testing/fake-perspective.ts';
import type { Scorer } from '../../core/scoring.ts';

const THREAD = `Title: Sources test
URL: https://example.org/t

1. Ann says:
January 1, 2026 at 1:00 am
You stupid moron.

2. Bob says:
January 1, 2026 at 2:00 am
I will kill you.
`;

let moderation: FakeModeration;
let perspective: FakePerspective;
beforeAll(async () => { moderation = await startFakeModeration(); perspective = await startFakePerspective(); });
afterAll(async () => { await moderation.close(); await perspective.close(); });

async function viewWith(scorer: Scorer): Promise<ThreadView> {
  const store = await Store.open(':memory:');
  const detector = createTropeDetector();
  const outcome = await importAndScore(store, { text: THREAD, fileName: 'thread.txt' }, { scorer, detector });
  if (!outcome.ok) throw new Error(outcome.message);
  const view = (await getThreadView(store, outcome.response.threads[0]!.id, scorer, detector))!;
  await store.close();
  return view;
}

const schema: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../../docs/report.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);

describe('reports of remote scores', () => {
  it('name the OpenAI category behind each score, valid against the schema, without the key', async () => {
    const view = await viewWith(new OpenAiModerationScorer({ apiKey: FAKE_OPENAI_KEY, baseUrl: moderation.url, scheduler: { qps: 50 } }));
    expect(view.comments).toHaveLength(2);
    const report = buildFlagReport({ views: [view], thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: '2026-11-26T00:00:00.000Z', generator: 'test' });
    const json = JSON.parse(renderReport(report, 'json').text) as { threads: Array<{ comments: Array<Record<string, unknown>> }> };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const [ann, bob] = json.threads[0]!.comments;
    expect(ann!.scoreSources).toMatchObject({ INSULT: 'harassment', TOXICITY: 'harassment' });
    expect(bob!.scoreSources).toMatchObject({ THREAT: 'violence' });
    expect(ann!.scores).not.toHaveProperty('PROFANITY');
    expect(report.scorer.description).toContain('harassment → INSULT');
    for (const format of ['json', 'csv', 'html'] as const) expect(renderReport(report, format).text).not.toContain(FAKE_OPENAI_KEY);
  });

  it('list Perspective attributes unsupported in the language, valid against the schema', async () => {
    const view = await viewWith(new PerspectiveScorer({ apiKey: FAKE_PERSPECTIVE_KEY, baseUrl: perspective.url, language: 'ja', scheduler: { qps: 50 } }));
    const report = buildFlagReport({ views: [view], thresholds: DEFAULT_THRESHOLDS, scope: 'whole thread', generatedAt: '2026-11-26T00:00:00.000Z', generator: 'test' });
    const json = JSON.parse(renderReport(report, 'json').text) as { threads: Array<{ comments: Array<Record<string, unknown>> }> };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const ann = json.threads[0]!.comments[0]!;
    expect(ann.unsupportedAttributes).toEqual(['SEVERE_TOXICITY', 'IDENTITY_ATTACK', 'THREAT']);
    expect(Object.keys(ann.scores as object)).toEqual(['TOXICITY', 'INSULT', 'PROFANITY']);
    for (const format of ['json', 'csv', 'html'] as const) expect(renderReport(report, format).text).not.toContain(FAKE_PERSPECTIVE_KEY);
  });
});
