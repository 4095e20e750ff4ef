import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../core/flags.ts';
import { article, base, comment, extras, INSULT_TEXT, makeView, renderPane, stubRowHeights, tropeHit } from './test-fixtures.tsx';

let restoreRowHeights: () => void = () => {};
beforeAll(() => {
  restoreRowHeights = stubRowHeights();
});
afterAll(() => restoreRowHeights());
afterEach(cleanup);

describe('ThreadPane flags and evidence', () => {
  it('shows badges with reasons on focus and a reasons list for flagged comments', () => {
    renderPane();
    const alice = article('Alice');
    expect(alice.classList.contains('tp-flagged')).toBe(true);
    expect(article('Bob').classList.contains('tp-flagged')).toBe(false);
    const badge = within(alice).getByRole('button', { name: 'INSULT 0.82' });
    const tooltip = document.getElementById(badge.getAttribute('aria-describedby')!)!;
    expect(tooltip.getAttribute('role')).toBe('tooltip');
    expect(tooltip.hidden).toBe(true);
    fireEvent.focus(badge);
    expect(tooltip.hidden).toBe(false);
    expect(tooltip.textContent).toBe('INSULT 0.82 ≥ 0.60: "real losers"');
    fireEvent.keyDown(badge, { key: 'Escape' });
    expect(tooltip.hidden).toBe(true);
    expect(within(alice).queryByRole('button', { name: /TOXICITY/ })).toBeNull();
    expect(within(within(alice).getByRole('list', { name: 'Why it is flagged' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'INSULT 0.82 ≥ 0.60: "real losers"',
    ]);
    expect(within(alice).getByRole('img', { name: /TOXICITY 0.55 \(threshold 0.70\)/ })).toBeTruthy();
  });

  it('shows a trope badge whose tooltip gives the explanation and severity', () => {
    renderPane();
    const tina = article('Tina');
    const badge = within(tina).getByRole('button', { name: 'Trope: Secret control of leaders · S3' });
    fireEvent.mouseEnter(badge.parentElement!);
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip.textContent).toContain('"cabal" is said to control "putin"');
    expect(tooltip.textContent).toContain('Severity S3 (high)');
    expect(tooltip.textContent).toContain('What this trope claims: Says that Jews');
    const links = within(tooltip).getAllByRole('link');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.getAttribute('href')).toMatch(/^https:\/\//);
    fireEvent.blur(badge, { relatedTarget: links[0] });
    expect(tooltip.hidden).toBe(false);
  });

  it('wraps exactly the evidence spans in marks, toxicity and trope tinted apart', () => {
    renderPane();
    const aliceMarks = [...article('Alice').querySelectorAll('mark')];
    expect(aliceMarks.map((m) => m.textContent)).toEqual(['real losers']);
    expect(aliceMarks[0]!.className).toContain('tp-mark-tox');
    expect(aliceMarks[0]!.getAttribute('title')).toBe('INSULT');
    expect(article('Alice').querySelector('.tp-text')!.textContent).toBe(INSULT_TEXT);
    const tinaMarks = [...article('Tina').querySelectorAll('mark')];
    expect(tinaMarks.map((m) => m.textContent)).toEqual(['Putin', 'cabal']);
    expect(tinaMarks.every((m) => m.className.includes('tp-mark-trope'))).toBe(true);
    expect(tinaMarks[1]!.getAttribute('title')).toBe('Trope: Secret control of leaders (who)');
  });

  it('re-flags live when the thresholds change', () => {
    const { rerender } = renderPane();
    expect(within(article('Alice')).queryByRole('button', { name: 'TOXICITY 0.55' })).toBeNull();
    const lower: Thresholds = { attributes: { ...DEFAULT_THRESHOLDS.attributes, TOXICITY: 0.5, INSULT: 0.9 }, tropeMinSeverity: 4 };
    rerender({ thresholds: lower });
    const alice = article('Alice');
    expect(within(alice).getByRole('button', { name: 'TOXICITY 0.55' })).toBeTruthy();
    expect(within(alice).queryByRole('button', { name: 'INSULT 0.82' })).toBeNull();
    expect([...alice.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['You']);
    // A trope below the minimum severity stays visible as a muted badge but no longer flags or highlights.
    const tina = article('Tina');
    expect(tina.classList.contains('tp-flagged')).toBe(false);
    expect(within(tina).getByRole('button', { name: /Trope: Secret control/ }).className).toContain('tp-badge-muted');
    expect(tina.querySelectorAll('mark')).toHaveLength(0);
  });
});

describe('ThreadPane hostile content', () => {
  it('renders a hostile comment text as text', () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const view = makeView([comment('h', null, 'Mallory', hostile)], { h: { score: { scores: { INSULT: 0.9 }, evidence: { INSULT: [{ start: 0, end: 4, text: '<img' }] } } } });
    const { container } = renderPane({ view });
    expect(container.querySelector('img, script')).toBeNull();
    expect(article('Mallory').querySelector('.tp-text')!.textContent).toBe(hostile);
    expect(article('Mallory').querySelector('mark')!.textContent).toBe('<img');
  });

  it('strips script, event handlers and javascript: links from hostile html in the formatted view', () => {
    const html = '<p onmouseover="alert(1)">Hello <a href="javascript:alert(1)">click</a> <a href="https://ok.example/">ok</a></p><script>alert(1)</script><img src=x onerror=alert(1)>';
    const view = makeView([comment('h', null, 'Mallory', 'Hello click ok', { html })]);
    const { container } = renderPane({ view });
    expect(container.querySelector('.tp-html')).toBeNull();
    const toggle = within(article('Mallory')).getByRole('button', { name: 'Show formatted' });
    fireEvent.click(toggle);
    const formatted = container.querySelector('.tp-html')!;
    expect(formatted.textContent).toBe('Hello click ok');
    expect(container.querySelector('script, img, [onerror], [onmouseover]')).toBeNull();
    const links = [...formatted.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([null, 'https://ok.example/']);
    expect(links[1]!.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    fireEvent.click(within(article('Mallory')).getByRole('button', { name: 'Show plain text' }));
    expect(container.querySelector('.tp-html')).toBeNull();
  });
});

describe('ThreadPane thread context', () => {
  it('activating a context badge selects the endorsed comment', () => {
    const context = { ...tropeHit, severity: 2 as const, explanation: 'Endorses a flagged comment by Tina: "Secret control of leaders"', contextOf: { commentId: 't', tropeId: tropeHit.id }, evidence: [{ start: 0, end: 7, text: 'Exactly', role: 'context' as const }] };
    const view = makeView([...base, comment('r', 't', 'Rex', 'Exactly, finally someone says it.')], { ...extras, r: { tropes: [context] } });
    const selected: string[] = [];
    renderPane({ view, onSelect: (id) => selected.push(id) });
    const badge = within(article('Rex')).getByRole('button', { name: /^Context: endorses Secret control of leaders/ });
    fireEvent.click(badge);
    expect(selected).toEqual(['t']);
  });
});
