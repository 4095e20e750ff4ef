import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { article, comment, makeView, renderPane, stubRowHeights } from './test-fixtures.tsx';

let restoreRowHeights: () => void = () => {};
beforeAll(() => {
  restoreRowHeights = stubRowHeights();
});
afterAll(() => restoreRowHeights());
afterEach(cleanup);

describe('comment row language tag', () => {
  it('says a comment in a language the scorer does not support needs a human, and nothing for English', () => {
    const view = makeView(
      [comment('1', null, 'Dieter', 'Das ist ein ganz normaler Kommentar über die Wahlen.'), comment('2', null, 'Ella', 'A normal comment about the vote.')],
      {
        '1': { score: { scores: {}, evidence: {}, language: 'de', languageUnsupported: true } },
        '2': { score: { scores: { TOXICITY: 0.01 }, evidence: {} } },
      },
    );
    renderPane({ view });
    expect(article('Dieter').textContent).toContain('needs a human: language not supported (de)');
    expect(article('Ella').textContent).not.toContain('needs a human');
  });
});
