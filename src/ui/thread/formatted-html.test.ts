import { describe, expect, it } from 'vitest';
import { isHttpUrl, sanitizeCommentHtml } from './formatted-html.ts';

/** Parses sanitized output so assertions look at the DOM it would make, not at string details. */
function parse(html: string | null): HTMLElement {
  expect(html).not.toBeNull();
  const box = document.createElement('div');
  box.innerHTML = html ?? '';
  return box;
}

describe('sanitizeCommentHtml', () => {
  it('keeps basic formatting', () => {
    const box = parse(sanitizeCommentHtml('<p>One <em>two</em> <strong>three</strong></p><blockquote>q</blockquote><ul><li>x</li></ul><pre><code>c</code></pre>'));
    for (const tag of ['p', 'em', 'strong', 'blockquote', 'ul', 'li', 'pre', 'code']) expect(box.querySelector(tag), tag).not.toBeNull();
  });

  it('removes scripts, event handlers, styles, images and iframes', () => {
    const box = parse(
      sanitizeCommentHtml('<p onclick="alert(1)" style="color:red">hi</p><script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://e.test"></iframe><svg onload=alert(1)></svg>'),
    );
    expect(box.querySelector('script, img, iframe, svg, style')).toBeNull();
    expect(box.querySelector('[onclick], [onerror], [onload], [style]')).toBeNull();
    expect(box.textContent).toBe('hi');
  });

  it('drops javascript:, data: and relative hrefs and forces safe attributes on http(s) links', () => {
    const box = parse(
      sanitizeCommentHtml(
        '<a href="javascript:alert(1)">a</a><a href=" JaVaScRiPt:alert(1)">b</a><a href="data:text/html,x">c</a><a href="/local">d</a><a href="https://example.org/x" target="_self" rel="opener">e</a>',
      ),
    );
    const links = [...box.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([null, null, null, null, 'https://example.org/x']);
    const safe = links[4]!;
    expect(safe.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(safe.getAttribute('target')).toBe('_blank');
    for (const link of links.slice(0, 4)) expect(link.hasAttribute('target')).toBe(false);
  });
});

describe('isHttpUrl', () => {
  it('accepts only absolute http and https URLs', () => {
    expect(isHttpUrl('https://example.org/a?b')).toBe(true);
    expect(isHttpUrl('http://example.org')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('ftp://example.org')).toBe(false);
    expect(isHttpUrl('/relative')).toBe(false);
    expect(isHttpUrl('not a url')).toBe(false);
  });
});
