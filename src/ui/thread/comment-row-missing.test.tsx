import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { article, comment, makeView, renderPane, stubRowHeights } from './test-fixtures.tsx';

let restoreRowHeights: () => void = () => {};
beforeAll(() => {
  restoreRowHeights = stubRowHeights();
});
afterAll(() => restoreRowHeights());
afterEach(cleanup);

describe('comment row: missing from the latest import', () => {
  it('marks a comment the latest import lacked with the file, and nothing on the others', () => {
    const view = makeView([comment('1', null, 'Maren', 'Keep the early sailing.'), comment('2', null, 'Jonas', 'Agreed.')]);
    view.comments[0] = { ...view.comments[0]!, missing: { since: '2026-12-06T23:00:00.000Z', fileName: 'ferry-cut.xml' } };
    renderPane({ view });
    expect(article('Maren').textContent).toMatch(/missing from the latest import of ferry-cut\.xml, since \S/);
    expect(article('Jonas').textContent).not.toContain('missing from');
  });
});
