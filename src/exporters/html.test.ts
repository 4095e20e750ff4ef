import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightText, linkOrText } from './html-text.ts';
import { REPORT_CSP, toReportHtml } from './html.ts';
import { fixtureComment, fixtureReport, fixtureThread, richReport } from './report-fixture.ts';

/** Text of the first <p class="body"> after the comment anchor `id`. */
function bodyOf(html: string, id: string): string {
  const at = html.indexOf(`<li id="${id}"`);
  expect(at).toBeGreaterThanOrEqual(0);
  const match = /<p class="body">([\s\S]*?)<\/p>/.exec(html.slice(at));
  return match?.[1] ?? '';
}

/** Decodes the five entities escapeHtml writes and drops tags: what a reader sees. */
function visible(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function marks(fragment: string): string[] {
  return [...fragment.matchAll(/<mark[^>]*>([\s\S]*?)<\/mark>/g)].map((m) => visible(m[1] ?? ''));
}

describe('toReportHtml', () => {
  it('is a self-contained document: charset, strict CSP, inline style, no script or external resource', () => {
    const html = toReportHtml(richReport());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html.match(/\ssrc=/g)).toBeNull();
  });

  it('says when, by which scorer and detector, with which thresholds, the scope and the summary', () => {
    const html = toReportHtml(richReport());
    expect(html).toContain('<dt>Generated</dt><dd><time datetime="2026-02-01T10:00:00.000Z" title="2026-02-01T10:00:00.000Z">1 Feb 2026, 10:00 (UTC+00:00)</time> by threadscope test</dd>');
    expect(html).toContain('<dt>Times</dt><dd>in UTC</dd>');
    expect(html).toContain('lexicon-baseline 1.0.0 — Transparent rules and lexicon.');
    expect(html).toContain('trope-rules 0.1.0');
    expect(html).toContain('<tr><th scope="row">INSULT</th><td>≥ 0.60</td></tr>');
    expect(html).toContain('<tr><th scope="row">Trope severity</th><td>≥ S2</td></tr>');
    expect(html).toContain('<dt>Scope</dt><dd>whole thread</dd>');
    expect(html).toContain('4 comments in 1 thread; <strong>2 flagged</strong>; 1 decided (0 approved, 1 rejected, 0 escalated); 1 not scored');
  });

  it('lists flagged comments first with reasons and decisions, then the thread in order with depth indentation', () => {
    const html = toReportHtml(richReport());
    const flagged = html.slice(html.indexOf('<section class="flagged"'), html.indexOf('<section class="thread"'));
    expect(flagged).toContain('Flagged comments (2)');
    expect(flagged).toContain('<a href="#c-0-1"><code class="id">c2</code></a>');
    expect(flagged).toContain('<a href="#c-0-2"><code class="id">c3</code></a>');
    expect(flagged).not.toContain('#c-0-0');
    expect(flagged).toContain('<li>INSULT 0.82 ≥ 0.60: &quot;real losers&quot;</li>');
    expect(flagged).toContain('<span class="state rejected">Rejected</span> by Mo');
    const order = ['c-0-0', 'c-0-1', 'c-0-2', 'c-0-3'].map((id) => html.indexOf(`<li id="${id}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('<li id="c-0-1" class="comment is-flagged is-rejected" style="--indent:1">');
    expect(html).toContain('<li id="c-0-2" class="comment is-flagged" style="--indent:2">');
    expect(html).toContain('<span class="score over">INSULT 0.82 ≥ 0.60</span>');
    expect(html).toContain('<span class="score">TOXICITY 0.55</span>');
    expect(html).toContain('<span class="trope over">Secret control of leaders · S3</span>');
    expect(html).toContain(
      'by <strong>Mo</strong> at <time datetime="2026-01-02T00:00:00.000Z" title="2026-01-02T00:00:00.000Z">2 Jan 2026, 00:00 (UTC+00:00)</time> · reason: insult · note: second warning',
    );
    expect(html).toContain('<span class="tag">pingback</span> <span class="tag">deleted</span> <span class="tag">orphan: parent missing</span>');
    expect(html).toContain('<p class="body empty">(empty)</p>');
    expect(html).toContain('<p class="scores unscored">Not scored (empty text)</p>');
    expect(html).toContain('<strong>comment c4</strong>: parent gone not found');
  });

  it('says the thread, its source and the thresholds once in the header; flagged rows do not repeat the title', () => {
    const html = toReportHtml(richReport());
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    expect(header).toContain('<dt>Thread</dt><dd>Civil war talk<br><a href="https://example.org/post?a=1&amp;b=2"');
    expect(header).toContain('<dt>Source</dt><dd>page-text, imported <time');
    expect(header).toContain('<dt>Thresholds</dt><dd>the defaults</dd>');
    const flagged = html.slice(html.indexOf('<section class="flagged"'), html.indexOf('</section>'));
    expect(flagged).not.toContain('Civil war talk');
    expect(flagged).not.toContain('<th scope="col">Thread</th>');
    // Several threads: the rows say which thread.
    const two = toReportHtml(fixtureReport([fixtureThread([fixtureComment({ flagged: true, reasons: ['x'] })], { title: 'First' }), fixtureThread([], { id: 't2', title: 'Second' })]));
    const list = two.slice(two.indexOf('<section class="flagged"'), two.indexOf('</section>'));
    expect(list).toContain('<th scope="col">Thread</th>');
    expect(list).toContain('<td>First</td>');
    expect(two.slice(0, two.indexOf('</header>'))).not.toContain('<dt>Thread</dt>');
  });

  it('marks thresholds that differ from the defaults, in the summary and the table', () => {
    const report = richReport();
    report.thresholds = { attributes: { ...report.thresholds.attributes, THREAT: 0.8 }, tropeMinSeverity: 3 };
    const html = toReportHtml(report);
    expect(html).toContain('<dt>Thresholds</dt><dd><strong>changed from the defaults</strong>: THREAT 0.80 (default 0.50), Trope severity S3 (default S2)</dd>');
    expect(html).toContain('<tr class="is-changed"><th scope="row">THREAT</th><td>≥ 0.80 <span class="changed">(default 0.50)</span></td></tr>');
    expect(html).toContain('<tr class="is-changed"><th scope="row">Trope severity</th><td>≥ S3 <span class="changed">(default S2)</span></td></tr>');
    expect(html).toContain('<tr><th scope="row">INSULT</th><td>≥ 0.60</td></tr>');
  });

  it("writes every time in the reader's zone with its UTC offset, keeping the UTC value in datetime", () => {
    const html = toReportHtml(richReport(), { timeZone: 'Europe/Berlin' });
    expect(html).toContain('<time datetime="2026-02-01T10:00:00.000Z" title="2026-02-01T10:00:00.000Z">1 Feb 2026, 11:00 (UTC+01:00)</time>');
    expect(html).toContain('<dt>Times</dt><dd>in Europe/Berlin</dd>');
    // A comment's time keeps the source's own wording in its title.
    expect(html).toContain('title="October 3, 2019 at 12:00 pm · 2019-10-03T12:00:00.000Z">3 Oct 2019, 14:00 (UTC+02:00)</time>');
    expect(html).not.toMatch(/>\d{4}-\d{2}-\d{2}T[^<]*<\/time>/);
  });

  it('falls back to UTC with a note for an unknown zone, and shows a time it cannot read as it came', () => {
    const html = toReportHtml(fixtureReport([fixtureThread([fixtureComment({ createdAt: null, createdAtText: 'last Tuesday' })])]), { timeZone: 'Mars/Olympus' });
    expect(html).toContain('<dt>Times</dt><dd>in UTC (the time zone &quot;Mars/Olympus&quot; is not known)</dd>');
    expect(html).toContain('1 Feb 2026, 10:00 (UTC+00:00)');
    expect(html).toContain('<time>last Tuesday</time>');
  });

  it('keeps words whole: no rule lets a header or word break anywhere, only ids and URLs', () => {
    const html = toReportHtml(richReport());
    const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    const anywhere = css.split('}').filter((rule) => /overflow-wrap:\s*anywhere|word-break:\s*break-all/.test(rule));
    expect(anywhere.map((rule) => rule.slice(0, rule.indexOf('{')).trim())).toEqual(['code.id, .url, a[href^="http"]']);
    expect(css).toMatch(/thead th[^{]*\{[^}]*white-space: nowrap/);
    expect(css).toContain('@media print');
    expect(html).toContain('<main>');
  });

  it('shows the needs-a-human state on the comment, in the summary and in a list of its own', () => {
    const german = fixtureComment({ id: 'de1', author: 'Jonas', text: 'Die Brücke ist zu teuer.', needsHuman: { reason: 'language-not-supported', language: 'de' } });
    const report = fixtureReport([fixtureThread([fixtureComment(), german])]);
    const html = toReportHtml(report);
    expect(report.summary.needsHuman).toBe(1);
    expect(html).toContain('; <strong>1 need a human</strong> (language not supported)');
    expect(html).toContain('<h2 id="needs-human-h">Comments that need a human (1)</h2>');
    expect(html).toContain('<li><a href="#c-0-1"><code class="id">de1</code></a> by Jonas: needs a human: language not supported (de)</li>');
    expect(html).toContain('<li id="c-0-1" class="comment needs-human"');
    expect(html).toContain('<span class="needs">Needs a human: language not supported (de)</span>');
    expect(toReportHtml(fixtureReport([fixtureThread([fixtureComment()])]))).not.toContain('need a human');
  });

  it('marks a comment missing from the latest import, with the file and since when', () => {
    const kept = fixtureComment({ id: 'old', missing: { since: '2026-03-01T08:30:00.000Z', fileName: 'short <copy>.xml' } });
    const html = toReportHtml(fixtureReport([fixtureThread([kept])]), { timeZone: 'Europe/Berlin' });
    expect(html).toContain('class="comment is-missing"');
    expect(html).toMatch(/<span class="tag missing">missing from the latest import of short &lt;copy&gt;\.xml since <time datetime="2026-03-01T08:30:00.000Z"[^>]*>1 Mar 2026, 09:30 \(UTC\+01:00\)<\/time><\/span>/);
    const pasted = toReportHtml(fixtureReport([fixtureThread([fixtureComment({ missing: { since: '2026-03-01T08:30:00.000Z', fileName: null } })])]));
    expect(pasted).toContain('<span class="tag missing">missing from the latest import since <time');
  });

  it('says so when nothing is flagged, and caps indentation for very deep replies', () => {
    const html = toReportHtml(fixtureReport([fixtureThread([fixtureComment({ depth: 40 })])]));
    expect(html).toContain('Flagged comments (0)');
    expect(html).toContain('No comment in this report is flagged');
    expect(html).toContain('style="--indent:12"');
    expect(html).toContain('depth 40');
  });

  it('escapes hostile text, author, title, ids, reasons, notes, scorer and scope everywhere', () => {
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\'&';
    const report = fixtureReport(
      [
        fixtureThread(
          [
            fixtureComment({
              id: hostile,
              parentId: hostile,
              author: hostile,
              text: hostile,
              createdAt: hostile,
              createdAtText: hostile,
              scoreError: hostile,
              scores: null,
              flagged: true,
              reasons: [hostile],
              tropes: [{ id: hostile, name: hostile, severity: 2, evidence: [{ start: 0, end: 8, text: '<script>', role: 'who' }], explanation: hostile, references: [hostile] }],
              decision: { state: 'approved', action: 'approve', moderator: hostile, reason: hostile, note: hostile, at: hostile, eventId: hostile },
            }),
          ],
          { title: hostile, id: hostile, url: hostile, sourceFormat: hostile, importedAt: hostile, problems: [{ where: hostile, message: hostile }] },
        ),
      ],
      {
        generator: hostile,
        scope: hostile,
        scorer: { name: hostile, version: hostile, description: hostile },
        detector: { name: hostile, version: hostile },
      },
    );
    const html = toReportHtml(report);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/"><img|onerror=alert\(2\)>/);
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
      expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+\s*=/i);
    }
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&amp;');
    const body = bodyOf(html, 'c-0-0');
    expect(visible(body)).toBe(hostile);
    expect(marks(body)).toEqual(['<script>']);
  });

  it('escapes hostile values in fields typed as numbers or enums, as a report read back from JSON may carry', () => {
    const bad = '<b>x</b>' as unknown as number;
    const report = fixtureReport([fixtureThread([fixtureComment({ depth: bad, decision: { state: '<i>' as unknown as 'approved', action: 'approve', moderator: 'm', reason: '', note: '', at: 't', eventId: 'e' } })])]);
    const html = toReportHtml(report);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<i>');
    expect(html).toContain('depth &lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('<span class="state other">&lt;i&gt;</span>');
  });

  it('links only http(s) URLs and shows any other URL as escaped text', () => {
    const link = (url: string): string => toReportHtml(fixtureReport([fixtureThread([], { url })])).split('<p class="thread-meta">')[1] ?? '';
    expect(link('https://example.org/a?b=1&c=2')).toContain('<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">');
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', ' https://x.example', 'https://x.example/"onmouseover="alert(1)', 'https://x.example/\u0001']) {
      const meta = link(url);
      expect(meta).not.toContain('<a ');
      expect(meta).toContain('<span class="url">');
      expect(meta).not.toContain('<script');
    }
    expect(linkOrText('javascript:alert(1)')).toBe('<span class="url">javascript:alert(1)</span>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('lists each trope hit with its sources, linking only http(s) references', () => {
    const html = toReportHtml(richReport());
    expect(html).toContain('<span class="refs">Sources: <a href="https://www.holocaustremembrance.com/resources/working-definitions-charters/working-definition-antisemitism" rel="noopener noreferrer nofollow">');
    expect(html).toContain('<span class="url">javascript:alert(1)</span>');
    expect(html).not.toContain('href="javascript:');
  });
});

describe('highlightText', () => {
  const base = { scoreEvidence: {}, tropes: [] };

  it('marks the right characters with UTF-16 offsets after emoji', () => {
    const text = '👩🏽‍💻 you real losers 🐀';
    const start = text.indexOf('real');
    const out = highlightText({ ...base, text, scoreEvidence: { INSULT: [{ start, end: start + 11, text: 'real losers' }] } });
    expect(marks(out)).toEqual(['real losers']);
    expect(visible(out)).toBe(text);
    expect(out).toContain('title="INSULT"');
  });

  it('splits overlapping spans into segments marked with every covering label', () => {
    const text = '🐀 They control Putin 🐀';
    const out = highlightText(richReport().threads[0]?.comments[2] ?? { ...base, text });
    expect(marks(out)).toEqual(['They ', 'control', ' Putin']);
    expect(out).toContain('<mark class="ev-trope" title="Secret control of leaders: who; Secret control of leaders: what">control</mark>');
    expect(visible(out)).toBe(text);
  });

  it('marks attribute and trope spans together, the trope style winning where they overlap', () => {
    const text = 'vermin everywhere';
    const out = highlightText({
      text,
      scoreEvidence: { INSULT: [{ start: 0, end: 6, text: 'vermin' }] },
      tropes: [{ id: 'vermin', name: 'Vermin', severity: 3, evidence: [{ start: 0, end: 17, text, role: 'what' }], explanation: '', references: [] }],
    });
    expect(out).toBe('<mark class="ev-trope" title="INSULT; Vermin: what">vermin</mark><mark class="ev-trope" title="Vermin: what"> everywhere</mark>');
  });

  it('never splits a surrogate pair, and relocates or drops spans whose offsets do not match their text', () => {
    const text = 'a🐀b losers';
    const half = highlightText({ ...base, text, scoreEvidence: { INSULT: [{ start: 2, end: 4, text: text.slice(2, 4) }] } });
    expect(marks(half)).toEqual(['🐀b']);
    const codePointOffsets = highlightText({ ...base, text, scoreEvidence: { INSULT: [{ start: 4, end: 10, text: 'losers' }] } });
    expect(marks(codePointOffsets)).toEqual(['losers']);
    const missing = highlightText({ ...base, text, scoreEvidence: { INSULT: [{ start: 0, end: 3, text: 'nothere' }, { start: -5, end: 99, text: '' }] } });
    expect(missing).toBe(escapeHtml(text));
  });
});
