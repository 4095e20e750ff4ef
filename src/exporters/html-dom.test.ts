// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { toReportHtml } from './html.ts';
import { fixtureComment, fixtureReport, fixtureThread, richReport } from './report-fixture.ts';

/** Parses the report as a browser would. */
function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '</textarea></title><style>*{display:none}</style>',
  '<a href="javascript:alert(4)">x</a>',
  '<!-- comment --><meta http-equiv="refresh" content="0;url=https://evil.example">',
].join(' ');

describe('toReportHtml parsed by a browser engine', () => {
  it('yields no script, no event handler, no foreign element and no non-http link; text reads back exactly', () => {
    const report = fixtureReport(
      [
        fixtureThread(
          [
            fixtureComment({
              author: HOSTILE,
              text: HOSTILE,
              reasons: [HOSTILE],
              flagged: true,
              scoreEvidence: { INSULT: [{ start: 0, end: 8, text: '<script>' }] },
              decision: { state: 'rejected', action: 'reject', moderator: HOSTILE, reason: HOSTILE, note: HOSTILE, at: HOSTILE, eventId: 'e-12345678' },
            }),
          ],
          { title: HOSTILE, url: 'javascript:alert(5)' },
        ),
      ],
      { scope: HOSTILE, generator: HOSTILE },
    );
    const doc = parse(toReportHtml(report));
    expect(doc.querySelectorAll('script, img, svg, iframe, object, embed, link, textarea, form, base').length).toBe(0);
    expect(doc.querySelectorAll('style').length).toBe(1);
    expect(doc.querySelectorAll('meta').length).toBe(4);
    for (const element of doc.querySelectorAll('*')) {
      for (const attribute of element.getAttributeNames()) expect(attribute.startsWith('on')).toBe(false);
    }
    for (const a of doc.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^(#c-\d+-\d+|https?:\/\/)/);
    expect(doc.querySelector('h2#thread-0')?.textContent).toBe(HOSTILE);
    expect(doc.querySelector('.thread-meta .url')?.textContent).toBe('javascript:alert(5)');
    expect(doc.querySelector('#c-0-0 .author')?.textContent).toBe(HOSTILE);
    expect(doc.querySelector('#c-0-0 .body')?.textContent).toBe(HOSTILE);
    expect(doc.querySelector('#c-0-0 .body mark')?.textContent).toBe('<script>');
    expect(doc.querySelector('#c-0-0 .reasons li')?.textContent).toBe(HOSTILE);
    expect(doc.querySelector('#c-0-0 .decision')?.textContent).toContain(`note: ${HOSTILE}`);
    expect(doc.title).toBe(`Flag report: ${HOSTILE}`);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it('the evidence marks cover exactly the evidence text, with emoji and overlaps', () => {
    const doc = parse(toReportHtml(richReport()));
    expect([...doc.querySelectorAll('#c-0-1 .body mark')].map((m) => m.textContent)).toEqual(['real losers']);
    expect([...doc.querySelectorAll('#c-0-2 .body mark')].map((m) => m.textContent)).toEqual(['They ', 'control', ' Putin']);
    expect(doc.querySelector('#c-0-2 .body')?.textContent).toBe('🐀 They control Putin 🐀');
    expect(doc.querySelector('section.flagged tbody')?.children.length).toBe(2);
  });
});
