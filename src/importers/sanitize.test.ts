import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { htmlToText, htmlToTextByParser, LINK_REL, sanitizeHtml, sanitizeWithText } from './sanitize.ts';

describe('htmlToText', () => {
  it('turns blocks into paragraphs and <br> into line breaks', () => {
    expect(htmlToText('<p>One <b>bold</b></p><p>Two<br>lines</p>')).toBe('One bold\n\nTwo\nlines');
    expect(htmlToText('<div><p>nested <em>deep <strong>x</strong></em></p></div><ul><li>a</li><li>b</li></ul>')).toBe('nested deep x\n\na\n\nb');
    expect(htmlToText('<blockquote>quoted</blockquote>reply')).toBe('quoted\n\nreply');
  });

  it('collapses whitespace except inside <pre>', () => {
    expect(htmlToText('  a \n\t b  ')).toBe('a b');
    expect(htmlToText('<pre>  x\n    y</pre>')).toBe('  x\n    y');
  });

  it('decodes entities exactly once', () => {
    expect(htmlToText('a &amp; b &lt;tag&gt; &#8230; &amp;lt;')).toBe('a & b <tag> … &lt;');
    expect(htmlToText('Ping 1 &laquo; What&#8217;s up')).toBe('Ping 1 « What’s up');
  });

  it('drops scripts, styles and other invisible content, and keeps emoji images as their alt text', () => {
    expect(htmlToText('hi<script>alert("x")</script><style>p{color:red}</style> there')).toBe('hi there');
    expect(htmlToText('<img src=x onerror="alert(1)">ok')).toBe('ok');
    expect(htmlToText('fine <img class="wp-smiley" alt="😀" src="s.png">')).toBe('fine 😀');
  });

  it('never throws on arbitrary input, and never lets script content through', () => {
    // The text may contain "<" (it is plain text, shown as text); what must never appear is a script's content.
    const unit = fc.constantFrom('<', '>', '/', 'p', 'b', 'r', 'script', ' ', '&', ';', '#', 'x', '"', '=', '\n');
    fc.assert(
      fc.property(fc.string({ unit }), fc.string({ unit }), (before, after) => {
        fc.pre(!/<[^>]*$/.test(before) && !/<\/?script/i.test(before));
        const text = htmlToText(`${before}<script>evil()</script>${after}`);
        expect(typeof text).toBe('string');
        expect(text).not.toContain('evil()');
      }),
      { numRuns: 300 },
    );
  });
});

describe('htmlToText fast path for paragraph-only bodies', () => {
  it('gives exactly what the HTML parser gives', () => {
    const piece = fc.constantFrom('<p>', '</p>', '<P>', '<br>', '<br/>', '<BR />', 'word', 'two words', ' ', '  ', '\n', '\r\n', '\t', '>', '"', "'", 'é😀', '=cmd');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const html = pieces.join('');
        expect(htmlToText(html)).toBe(htmlToTextByParser(html));
      }),
      { numRuns: 500 },
    );
    expect(htmlToText('<p>One\n two</p><p>Three<br>four</p>')).toBe('One two\n\nThree\nfour');
  });
});

describe('sanitizeHtml', () => {
  it('keeps allowed tags and strips the rest, keeping their text', () => {
    expect(sanitizeHtml('<p>Hi <strong>you</strong> <font color="red">there</font></p>')).toBe('<p>Hi <strong>you</strong> there</p>');
    expect(sanitizeHtml('<div class="x" style="color:red"><em>e</em></div>')).toBe('<em>e</em>');
  });

  it('removes scripts, event handlers and dangerous URLs', () => {
    expect(sanitizeHtml('a<script>alert(1)</script>b')).toBe('ab');
    expect(sanitizeHtml('<img src=x onerror=alert(1)>t')).toBe('t');
    expect(sanitizeHtml('<span onclick="x()" title="t">s</span>')).toBe('<span title="t">s</span>');
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,x', '//evil.example', 'vbscript:x']) {
      expect(sanitizeHtml(`<a href="${href}">x</a>`)).toBe(`<a rel="${LINK_REL}">x</a>`);
    }
  });

  it('keeps http, https and mailto links and sets rel', () => {
    expect(sanitizeHtml('<a href="https://e.example/?a=1&amp;b=2" rel="me" target="_blank" title="t">l</a>')).toBe(
      `<a href="https://e.example/?a=1&amp;b=2" rel="${LINK_REL}" title="t">l</a>`,
    );
    expect(sanitizeHtml('<a href="mailto:a@b.example">m</a>')).toContain('href="mailto:a@b.example"');
  });

  it('re-escapes text so entities stay decoded once', () => {
    expect(sanitizeHtml('a &lt;b&gt; &amp;lt;')).toBe('a &lt;b&gt; &amp;lt;');
  });

  it('handles deeply nested and unclosed tags', () => {
    const deep = '<b><i><u><s><em>'.repeat(200) + 'x';
    const out = sanitizeHtml(deep);
    expect(out).toContain('x');
    expect(sanitizeHtml('<p><b>open')).toBe('<p><b>open</b></p>');
  });
});

describe('sanitizeWithText', () => {
  const cases = [
    '<p>One &amp;lt; <b>bold</b></p><p>Two<br>lines</p>',
    'hi<script>alert("x")</script><style>p{}</style> <a href="javascript:x">there</a> &quot;q&quot; a &gt; b',
    '<pre>  x\n    y</pre><ul><li>a</li><li>b</li></ul><div/>after',
    'fine <img class="wp-smiley" alt="😀" src="s.png"><textarea>hidden</textarea> end',
  ];

  it('gives the same text as htmlToText and the same HTML as sanitizeHtml', () => {
    for (const html of cases) expect(sanitizeWithText(html)).toEqual({ text: htmlToText(html), html: sanitizeHtml(html) });
  });

  it('agrees with htmlToText and sanitizeHtml on arbitrary markup', () => {
    const unit = fc.constantFrom('<p>', '</p>', '<br>', '<b>', '</b>', '<a href="https://e.example">', '</a>', '<pre>', '</pre>', '<script>', '</script>', '<div/>', '&amp;', '&lt;', '&#8230;', '&quot;', ' ', '\n', 'x', 'é', '<', '>', '"');
    fc.assert(
      fc.property(fc.string({ unit }), (html) => {
        expect(sanitizeWithText(html)).toEqual({ text: htmlToText(html), html: sanitizeHtml(html) });
      }),
      { numRuns: 400 },
    );
  });
});
