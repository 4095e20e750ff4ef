import { afterEach, describe, expect, it, vi } from 'vitest';
import { importInput } from './registry.ts';

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A WXR export of `n` comments whose bodies carry 2-, 3- and 4-byte UTF-8 characters, so chunks split inside them. */
function bigWxr(n: number): string {
  const comments: string[] = [];
  for (let i = 1; i <= n; i++) {
    comments.push(
      `<wp:comment><wp:comment_id>${i}</wp:comment_id><wp:comment_author><![CDATA[Zoë ${i}]]></wp:comment_author>` +
        `<wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Café № ${i} costs 5 € 😀 ${'ĳ'.repeat(i % 7)}\n\nSecond <em>paragraph</em>]]></wp:comment_content>` +
        `<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>${i > 1 && i % 3 === 0 ? i - 1 : 0}</wp:comment_parent></wp:comment>\n`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>Big</title><wp:post_id>1</wp:post_id>\n${comments.join('')}</item></channel></rss>\n`;
}

describe('streaming from bytes', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('gives the same result as the decoded text across many chunks, with progress about once a MiB up to 1', () => {
    // Over 2 MiB: 35 chunks of 64 KiB, and room for three reports (1 MiB, 2 MiB, the end) but not for one a chunk.
    const xml = bigWxr(6000);
    const bytes = encode(xml);
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const fractions: number[] = [];
    const fromBytes = importInput({ bytes, onProgress: (f) => fractions.push(f) });
    const fromText = importInput({ text: xml });
    expect(fromBytes).toMatchObject({ ok: true, format: 'wxr' });
    expect(fromBytes).toEqual(fromText);
    if (fromBytes.ok) expect(fromBytes.threads[0]!.comments[5999]).toMatchObject({ id: '6000', parentId: '5999', author: 'Zoë 6000', text: 'Café № 6000 costs 5 € 😀 ĳ\n\nSecond paragraph' });
    expect(fractions.length).toBeGreaterThanOrEqual(3);
    // Decoded in small chunks, reported about once a MiB (listeners such as a worker's progress messages stay few).
    expect(fractions.length).toBeLessThanOrEqual(Math.ceil(bytes.length / 2 ** 20) + 1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[fractions.length - 1]).toBe(1);
  });

  it('decodes chunk by chunk without TextDecoder too', async () => {
    vi.stubGlobal('TextDecoder', undefined);
    vi.resetModules();
    const { utf8Chunks } = await import('./xml-bytes.ts');
    // 0.2 MiB: four chunks of 64 KiB (more chunks check nothing more).
    const xml = bigWxr(600);
    const bytes = encode(`\ufeff${xml}`);
    const chunks = [...utf8Chunks(bytes)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(xml);
  });

  it('reads UTF-16 with a BOM and Windows-1252 through the whole-file decoder', () => {
    const xml = bigWxr(3);
    const utf16 = new Uint8Array(2 + xml.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < xml.length; i++) {
      utf16[2 + i * 2] = xml.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = xml.charCodeAt(i) >> 8;
    }
    const wide = importInput({ bytes: utf16, format: 'wxr' });
    expect(wide).toMatchObject({ ok: true, format: 'wxr' });
    if (wide.ok) expect(wide.threads[0]!.comments.map((c) => c.author)).toEqual(['Zoë 1', 'Zoë 2', 'Zoë 3']);

    const disqus = '<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"><post dsq:id="1"><message>caf\u00e9</message><thread dsq:id="2"/></post></disqus>';
    const latin = Uint8Array.from(disqus, (ch) => ch.charCodeAt(0));
    const result = importInput({ bytes: latin, fileName: 'old.xml' });
    expect(result).toMatchObject({ ok: true, format: 'disqus', problems: [{ where: `byte ${disqus.indexOf('\u00e9')}` }, expect.anything()] });
    if (result.ok) expect(result.threads[0]!.comments[0]!.text).toBe('café');
  });

  it('refuses a binary file asked for as an XML export, naming the byte', () => {
    const bytes = encode('<rss xmlns:wp="http://wordpress.org/export/1.2/">\u0000</rss>');
    expect(importInput({ bytes, format: 'wxr', fileName: 'x.bin' })).toMatchObject({ ok: false, message: expect.stringMatching(/^x\.bin, byte 49: This looks like a binary file/) });
  });
});
