import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../core/tree.ts';
import type { ImportResult, Thread } from '../core/model.ts';
import { importInput } from './registry.ts';
import { wpHtmlImporter } from './wp-html.ts';

const SAMPLE = resolve(process.cwd(), '../shared/formats/wp-html/trafilatura-moritz-meyer.net.vreni.html');

function imported(result: ImportResult): Thread[] {
  if (!result.ok) throw new Error(result.message);
  return result.threads;
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('wp-html: trafilatura-moritz-meyer.net.vreni.html (custom theme, German, no <time>)', () => {
  const raw = readFileSync(SAMPLE, 'utf8');
  const result = importInput({ bytes: new Uint8Array(readFileSync(SAMPLE)), fileName: 'vreni.html' });

  it('finds every comment and pingback of the list', () => {
    expect(result).toMatchObject({ ok: true, format: 'wp-html' });
    const threads = imported(result);
    expect(threads).toHaveLength(1);
    const [thread] = threads;
    // Counted in the raw file: opening tags <li class="comment …"> and <li class="pingback …">; the page says "36 Comments".
    const comments = count(raw, /<li class="comment /g);
    const pingbacks = count(raw, /<li class="pingback /g);
    expect([comments, pingbacks]).toEqual([20, 16]);
    expect(thread!.comments).toHaveLength(comments + pingbacks);
    expect(thread!.comments.filter((c) => c.kind === 'pingback')).toHaveLength(pingbacks);
    expect(thread!.comments.filter((c) => c.status !== 'published')).toEqual([]);
    expect(thread).toMatchObject({
      id: 'wp:moritz-meyer.net:665',
      title: 'Ich habe das Vreni Frost-Urteil gelesen. Das müsst ihr jetzt dazu wissen.',
      url: 'https://moritz-meyer.net/blog/vreni-frost-instagram-abmahnung/',
      sourceFormat: 'wp-html',
    });
    expect(thread!.articleText).toMatch(/^Das “Vreni-Frost-Urteil” hat die gesamte Influencer-Branche/);
    expect(thread!.articleText).not.toContain('Antworten');
  });

  it('rebuilds the nesting from ul.children (deepest li is depth-4, i.e. three levels of replies)', () => {
    const [thread] = imported(result);
    const tree = buildTree(thread!.comments);
    expect(tree.problems).toEqual([]);
    // The deepest class in the file is depth-4; buildTree counts top level as 0.
    expect(Math.max(...[...raw.matchAll(/\bdepth-(\d+)/g)].map((m) => Number(m[1])))).toBe(4);
    expect(tree.maxDepth).toBe(3);
    const parents = Object.fromEntries(['115', '123', '126', '131', '133', '121', '132', '114'].map((id) => [id, tree.byId.get(id)!.treeParentId]));
    expect(parents).toEqual({ '115': '114', '123': '114', '126': '123', '131': '123', '133': '131', '121': '116', '132': '128', '114': null });
  });

  it('reads author, the German date text (no zone: createdAt stays empty) and the body of each theme block', () => {
    const [thread] = imported(result);
    const byId = new Map(thread!.comments.map((c) => [c.id, c]));
    expect(byId.get('114')).toMatchObject({ author: 'Ben', createdAt: null, createdAtText: '19. Juni 2018 um 15:28 Uhr' });
    expect(byId.get('114')!.text).toMatch(/^Bei der Privatheit denkt das Gericht vermutlich so: .*„das ist mein Style/);
    expect(byId.get('114')!.text.split('\n\n')).toHaveLength(3);
    expect(byId.get('114')!.html!.startsWith('<p>Bei der Privatheit')).toBe(true);
    expect(byId.get('122')).toMatchObject({ kind: 'pingback', author: 'CASTLEMAKER Lifestyle-Blog - Bloggertipps: Kennzeichnung, Werbung und mehr - CASTLEMAKER Lifestyle-Blog', text: '[…] Update vom 21.06.2018 anlässlich des Urteils des Landgerichts Berlin im Fall Vreni Frost. […]' });
    expect(byId.get('129')!.text.startsWith('Hallo Moritz,\ndanke für deine Ausführungen.')).toBe(true);
    for (const c of thread!.comments) expect(c.text).not.toContain('Antworten');
  });
});

describe('wp-html: other themes', () => {
  const page = (list: string): string => `<!DOCTYPE html><html><head><title>Post &amp; more | Blog</title><link rel="canonical" href="https://blog.example/post/"></head>
<body class="single postid-42"><article><h1 class="entry-title">My post</h1><div class="entry-content"><p>The article.</p></div></article>
<div id="comments">${list}</div></body></html>`;

  it('reads the core html5 markup: .fn, "says:", time[datetime], .comment-content, ol.children, pending, core pingbacks', () => {
    const html = page(`<ol class="comment-list">
<li id="comment-1" class="comment even thread-even depth-1 parent"><article id="div-comment-1" class="comment-body">
 <footer class="comment-meta"><div class="comment-author vcard"><img class="avatar" src="a.png"><b class="fn"><a href="https://ann.example" class="url">Ann</a></b> <span class="says">says:</span></div>
 <div class="comment-metadata"><a href="#comment-1"><time datetime="2020-05-01T10:00:00+02:00">May 1, 2020 at 10:00 am</time></a></div></footer>
 <div class="comment-content"><p>First &amp; <em>best</em></p><p>Second para <img src=x onerror=alert(1)></p></div>
 <div class="reply"><a class="comment-reply-link" href="?replytocom=1">Reply</a></div></article>
 <ol class="children"><li id="comment-2" class="comment odd alt depth-2"><article id="div-comment-2" class="comment-body">
  <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Bob</b> <span class="says">sagt:</span></div>
  <em class="comment-awaiting-moderation">Your comment is awaiting moderation.</em></footer>
  <div class="comment-content"><p>Reply</p></div></article></li></ol>
</li>
<li id="comment-3" class="pingback even thread-odd depth-1"><div class="comment-body">Pingback: <a href="https://other.example/p" class="url">Other blog</a> <span class="edit-link"><a class="comment-edit-link" href="#">Edit</a></span></div></li>
</ol>`);
    const result = importInput({ text: html, fileName: 'saved.html' });
    expect(result).toMatchObject({ ok: true, format: 'wp-html' });
    const [thread] = imported(result);
    expect(thread).toMatchObject({ id: 'wp:blog.example:42', title: 'My post', url: 'https://blog.example/post/', articleText: 'The article.' });
    expect(thread!.comments.map((c) => [c.id, c.parentId, c.author, c.kind, c.status])).toEqual([
      ['1', null, 'Ann', 'comment', 'published'], ['2', '1', 'Bob', 'comment', 'pending'], ['3', null, 'Other blog', 'pingback', 'published'],
    ]);
    expect(thread!.comments[0]).toMatchObject({ createdAt: '2020-05-01T08:00:00.000Z', createdAtText: '2020-05-01T10:00:00+02:00', text: 'First & best\n\nSecond para' });
    expect(thread!.comments[0]!.html).not.toMatch(/onerror|<img/);
  });

  it('repairs a children list placed after the closing </li> (WordPress.com) and a depth class without nesting', () => {
    const html = page(`<ol class="commentlist">
<li id="comment-10" class="comment depth-1"><cite class="comment-author">Cy</cite><div class="contenttext"><p>Top</p></div></li>
<ul class="children"><li id="comment-11" class="comment depth-2"><cite>Di</cite><div class="contenttext"><p>Nested after close</p></div></li></ul>
<li id="comment-12" class="comment depth-2"><cite>Ed</cite><div class="contenttext"><p>Lost its list</p></div></li>
</ol>`);
    const result = importInput({ text: html });
    const [thread] = imported(result);
    expect(thread!.comments.map((c) => [c.id, c.parentId, c.author])).toEqual([['10', null, 'Cy'], ['11', '10', 'Di'], ['12', '10', 'Ed']]);
    expect(result.problems).toContainEqual(expect.objectContaining({ where: expect.stringMatching(/^li#comment-12 \(line \d+\)$/), message: expect.stringContaining('depth-2') }));
  });

  it('reads a separate ping list next to the comment list, in page order', () => {
    const html = page(`<ol class="commentlist"><li id="comment-5" class="comment depth-1"><cite>Fa</cite><div class="comment-content"><p>Hi</p></div></li></ol>
<h3>Trackbacks</h3><ol class="pinglist"><li id="comment-6" class="trackback"><a href="https://t.example">T blog</a></li></ol>`);
    const [thread] = imported(importInput({ text: html }));
    expect(thread!.comments.map((c) => [c.id, c.kind, c.author])).toEqual([['5', 'comment', 'Fa'], ['6', 'trackback', 'T blog']]);
  });

  it('rejects an HTML page without a comment list, saying what it looked for', () => {
    const result = importInput({ text: '<!DOCTYPE html><html><body><p>No comments here</p></body></html>', fileName: 'p.html' });
    expect(result).toMatchObject({ ok: false, format: 'wp-html', where: 'whole page', message: expect.stringMatching(/^p\.html, whole page: No WordPress comments found/) });
  });

  it('detects in linear time, even on tags that never close', () => {
    for (const piece of ['<li id', '<li class="comment', 'class="x']) {
      const text = `<html>${piece.repeat(400_000)}`;
      expect(wpHtmlImporter.detect(text)).toBe(0.3);
    }
  }, 30_000);
});

/** A saved comment list as static-site migrations keep it: core markup, one reply, one pingback. */
const LIST = `<ol class="comment-list">
<li id="comment-21" class="comment even thread-even depth-1 parent"><article id="div-comment-21" class="comment-body">
 <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Ann</b> <span class="says">says:</span></div>
 <div class="comment-metadata"><time datetime="2019-04-02T09:30:00+00:00">April 2, 2019</time></div></footer>
 <div class="comment-content"><p>Lovely walk.</p></div></article>
 <ol class="children"><li id="comment-22" class="comment odd alt depth-2"><article id="div-comment-22" class="comment-body">
  <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Bob</b> <span class="says">says:</span></div></footer>
  <div class="comment-content"><p>Agreed.</p></div></article></li></ol>
</li>
<li id="comment-23" class="pingback even thread-odd depth-1"><div class="comment-body">Pingback: <a href="https://other.example/p">Other blog</a></div></li>
</ol>`;

describe('wp-html: a comment list inside a text file', () => {
  it('reads a Markdown page with YAML front matter: title and url from the front matter, the prose as article text', () => {
    const text = `---\ntitle: "Spring walk: the \\"long\\" loop"\ndate: 2019-04-01\nurl: https://walks.example/spring/\n---\n\nWe walked the long loop.\n\nIt rained.\n\n## Comments\n\n${LIST}\n\n*Comments are closed.*\n`;
    const result = importInput({ text, fileName: 'spring-walk.md' });
    expect(result).toMatchObject({ ok: true, format: 'wp-html' });
    const [thread] = imported(result);
    expect(thread).toMatchObject({ title: 'Spring walk: the "long" loop', url: 'https://walks.example/spring/', articleText: 'We walked the long loop.\n\nIt rained.\n\n## Comments\n\n*Comments are closed.*' });
    expect(thread!.comments.map((c) => [c.id, c.parentId, c.author, c.kind])).toEqual([['21', null, 'Ann', 'comment'], ['22', '21', 'Bob', 'comment'], ['23', null, 'Other blog', 'pingback']]);
    expect(thread!.comments[0]).toMatchObject({ createdAt: '2019-04-02T09:30:00.000Z', text: 'Lovely walk.' });
    expect(result.problems).toEqual([]);
    expect(buildTree(thread!.comments).maxDepth).toBe(1);
  });

  it('keeps line numbers of the whole file in its warnings', () => {
    const text = `---\ntitle: T\n---\n\n${LIST.replace('<li id="comment-23" class="pingback even thread-odd depth-1">', '<li class="comment depth-1">')}`;
    const result = importInput({ text, fileName: 'x.md' });
    expect(result.problems).toEqual([expect.objectContaining({ where: 'comment item 3 (line 14)' })]);
  });

  it('takes the first heading as the title when there is no front matter, with prose before and after the list', () => {
    const text = `Intro line before the title.\n\n# Notes from the meeting\n\nSome prose.\n\n${LIST}\n\n## After\n\nClosing words.\n`;
    const result = importInput({ text, fileName: 'notes.md' });
    expect(result).toMatchObject({ ok: true, format: 'wp-html' });
    const [thread] = imported(result);
    expect(thread!.title).toBe('Notes from the meeting');
    expect(thread!.articleText).toBe('Intro line before the title.\n\n# Notes from the meeting\n\nSome prose.\n\n## After\n\nClosing words.');
    expect(thread!.comments).toHaveLength(3);
  });

  it('falls back to the file name without a title anywhere, and reads a list that follows plain text', () => {
    const [thread] = imported(importInput({ text: `Saved from the old blog:\n${LIST}`, fileName: 'old/post-7.txt' }));
    expect(thread!.title).toBe('post-7');
    expect(thread!.articleText).toBe('Saved from the old blog:');
  });

  it('reads a folded front-matter title and a list file that starts with markup but has no <html>', () => {
    const folded = `---\ntitle: >-\n  A title folded\n  over two lines\nlayout: post\n---\n${LIST}`;
    expect(imported(importInput({ text: folded, fileName: 'f.md' }))[0]!.title).toBe('A title folded over two lines');
    const fragment = `<!-- migrated from WordPress -->\n<h2>Old comments</h2>\n${LIST}`;
    const result = importInput({ text: fragment, fileName: 'g.html' });
    expect(result).toMatchObject({ ok: true, format: 'wp-html' });
    expect(imported(result)[0]).toMatchObject({ title: 'Old comments', articleText: 'Old comments' });
  });

  it('leaves copied page text that quotes a little HTML to page-text', () => {
    const text = `Theming comments\n\nHow to style the list.\n\n1. Ann says\n  Use <ol class="comment-list"> and <li class="comment"> in your theme.\n2. Bob says\n  Thanks!\n3. Cy says\n  Works.\n\nLeave a Reply\n`;
    const result = importInput({ text });
    expect(result).toMatchObject({ ok: true, format: 'page-text' });
    expect(imported(result)[0]!.comments).toHaveLength(3);
    expect(wpHtmlImporter.detect(text)).toBeLessThan(0.6);
  });

  it('does not claim JSON or XML that carry comment HTML in their strings', () => {
    expect(wpHtmlImporter.detect(JSON.stringify({ html: LIST }))).toBe(0);
    expect(wpHtmlImporter.detect(`\`<?xml version="1.0"?><disqus><post><message>${LIST}</message></post></disqus>`)).toBe(0);
  });

  it('names comment items outside the comment list instead of dropping them silently', () => {
    const html = `<!DOCTYPE html><html><body>${LIST}<aside><ul><li id="comment-99" class="comment">Stray</li></ul><div id="comment-98">Div comment</div></aside></body></html>`;
    const result = importInput({ text: html });
    expect(imported(result)[0]!.comments).toHaveLength(3);
    expect(result.problems).toEqual([{ severity: 'warning', where: 'li#comment-99 (line 11)', message: '2 comment-like element(s) outside the comment list were not read (li#comment-99 line 11, div#comment-98 line 11).' }]);
  });
});
