/**
 * The HTML flag report: one self-contained, printable document (inline CSS, no scripts, no external resources, strict CSP)
 * that reads like a document: a header that says once what the report covers (thread, scope, thresholds and how they
 * differ from the defaults, scorer, generator), the flagged comments, then the thread in order. Times are shown in the
 * reader's time zone with its UTC offset (`HtmlOptions.timeZone`; UTC when none or an unknown one is given).
 */
import { needsHumanText } from '../core/flags.ts';
import { thresholdChanges } from '../core/threshold-changes.ts';
import { streamOfReport } from '../core/report.ts';
import type { FlagReport, ReportComment, ReportHead, ReportThreadHead, StreamedReport, StreamedThread } from '../core/report-types.ts';
import { ATTRIBUTES } from '../core/scoring.ts';
import { REPORT_CSS } from './html-style.ts';
import { escapeHtml as esc, highlightText, linkOrText } from './html-text.ts';
import { eachOf, joinPieces, type Rendering } from './pieces.ts';
import { FALLBACK_TIME_ZONE, formatReportTime, isKnownTimeZone } from './report-time.ts';

/** How to render: the reader's IANA time zone (e.g. "Europe/Berlin"). */
export interface HtmlOptions {
  timeZone?: string;
}

/** The zone the times are written in, and a note when the asked-for zone was not known. */
interface Zone {
  name: string;
  note: string | null;
}

function zoneOf(options: HtmlOptions): Zone {
  const asked = options.timeZone;
  if (asked === undefined) return { name: FALLBACK_TIME_ZONE, note: null };
  if (isKnownTimeZone(asked)) return { name: asked, note: null };
  return { name: FALLBACK_TIME_ZONE, note: `the time zone "${asked}" is not known` };
}

/** A time as `<time>`: the reader's zone and offset shown, the ISO UTC value in `datetime` and `title`; text that is no time as it came. */
function timeHtml(value: string, zone: Zone, extraTitle?: string | null): string {
  const shown = formatReportTime(value, zone.name);
  if (shown === null) return `<time>${esc(value)}</time>`;
  const iso = new Date(value).toISOString();
  const title = extraTitle ? `${extraTitle} · ${iso}` : iso;
  return `<time datetime="${iso}" title="${esc(title)}">${esc(shown)}</time>`;
}

/** Content Security Policy of the document: nothing may load or run; only the inline styles apply. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** Indentation stops growing past this depth (the depth is still printed). */
const MAX_INDENT = 12;

const STATE_LABEL: Record<string, string> = { approved: 'Approved', rejected: 'Rejected', escalated: 'Escalated' };

/** A number from the report, escaped all the same (a report may come from outside as JSON). */
function num(value: unknown): string {
  return esc(String(value));
}

/** A score or threshold with two decimals. */
function fixed(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : num(value);
}

/** The state's CSS class, from a fixed list only. */
function stateClass(state: unknown): string {
  return typeof state === 'string' && Object.hasOwn(STATE_LABEL, state) ? state : 'other';
}

/** Renders the report as a complete HTML document; every string from the report is escaped. The pieces collected. */
export function toReportHtml(report: FlagReport, options: HtmlOptions = {}): string {
  return joinPieces(reportHtmlPieces(streamOfReport(report), options));
}

/**
 * The HTML report piece by piece. It reads the comments twice: once for the lists of flagged comments and of those
 * that need a human (they come first, with each thread's count), then for the threads, one comment at a time.
 */
export function* reportHtmlPieces(report: StreamedReport, options: HtmlOptions = {}): Rendering {
  const title = reportTitle(report);
  const zone = zoneOf(options);
  const lists: Lists = { counts: [], flagged: [], needsHuman: [] };
  yield* readLists(report.threads, lists);
  yield [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    header(report, title, zone),
    '<main>',
    flaggedSection(lists.flagged, report.threads.length > 1),
    needsHumanSection(lists.needsHuman),
    '',
  ].join('\n');
  for (const [t, thread] of report.threads.entries()) {
    yield* threadSection(thread, t, lists.counts[t] ?? 0, report.head, zone);
    yield '\n';
  }
  yield ['</main>', '</body>', '</html>', ''].join('\n');
}

/** What the lists at the top need, from a first read of the comments. */
interface Lists {
  /** Included comments per thread. */
  counts: number[];
  /** Rows of the flagged list and items of the needs-a-human list, in report order. */
  flagged: string[];
  needsHuman: string[];
}

/** Fills `lists` from a first read of the comments, yielding an empty piece after each (a place to pause). */
function* readLists(threads: readonly StreamedThread[], lists: Lists): Rendering {
  const several = threads.length > 1;
  for (const [t, thread] of threads.entries()) {
    let count = 0;
    yield* eachOf(thread.comments(), (c, i) => {
      if (c.flagged) lists.flagged.push(flaggedRow(c, thread.head, anchor(t, i), several));
      if (c.needsHuman) lists.needsHuman.push(`<li><a href="#${anchor(t, i)}"><code class="id">${esc(c.id)}</code></a> by ${authorText(c)}: ${esc(needsHumanText(c.needsHuman))}</li>`);
      count = i + 1;
      return [''];
    });
    lists.counts.push(count);
  }
}

function flaggedRow(c: ReportComment, thread: ReportThreadHead, id: string, several: boolean): string {
  return (
    `<tr><td><a href="#${id}"><code class="id">${esc(c.id)}</code></a></td>${several ? `<td>${esc(thread.title)}</td>` : ''}<td>${authorText(c)}</td>` +
    `<td><ul class="reasons">${c.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></td><td>${decisionShort(c)}</td></tr>`
  );
}

function reportTitle(report: StreamedReport): string {
  const only = report.threads.length === 1 ? report.threads[0]?.head : undefined;
  const what = only ? only.title || only.id : `${report.threads.length} threads`;
  return `Flag report: ${what}`;
}

function header(stream: StreamedReport, title: string, zone: Zone): string {
  const report = stream.head;
  const s = report.summary;
  const only = stream.threads.length === 1 ? stream.threads[0]?.head : undefined;
  const rows: Array<[string, string]> = [
    ...(only ? threadRows(only, zone) : []),
    ['Scope', esc(report.scope)],
    [
      'Summary',
      `${num(s.comments)} comments in ${num(s.threads)} thread${s.threads === 1 ? '' : 's'}; <strong>${num(s.flagged)} flagged</strong>; ` +
        `${num(s.decided)} decided (${num(s.approved)} approved, ${num(s.rejected)} rejected, ${num(s.escalated)} escalated); ` +
        `${num(s.unscored)} not scored` +
        (typeof s.needsHuman === 'number' && s.needsHuman > 0 ? `; <strong>${num(s.needsHuman)} need a human</strong> (language not supported)` : ''),
    ],
    ['Thresholds', thresholdSummary(report)],
    ['Scorer', `${esc(report.scorer.name)} ${esc(report.scorer.version)} — ${esc(report.scorer.description)}`],
    ['Trope detector', `${esc(report.detector.name)} ${esc(report.detector.version)}`],
    ['Generated', `${timeHtml(report.generatedAt, zone)} by ${esc(report.generator)}`],
    ['Times', zone.note ? `in UTC (${esc(zone.note)})` : `in ${esc(zone.name)}`],
  ];
  return [
    '<header class="report-header">',
    `<h1>${esc(title)}</h1>`,
    '<div class="header-grid">',
    `<dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    thresholdTable(report),
    '</div>',
    '</header>',
  ].join('\n');
}

/** The thread of a one-thread report, said once in the header. */
function threadRows(thread: ReportThreadHead, zone: Zone): Array<[string, string]> {
  return [
    ['Thread', `${esc(thread.title || '(untitled thread)')}${thread.url ? `<br>${linkOrText(thread.url)}` : ''}`],
    ['Source', `${esc(thread.sourceFormat)}, imported ${timeHtml(thread.importedAt, zone)}; id <code class="id">${esc(thread.id)}</code>`],
  ];
}

/** "the defaults" or which thresholds differ from them. */
function thresholdSummary(report: ReportHead): string {
  const changes = thresholdChanges(report.thresholds);
  if (changes.length === 0) return 'the defaults';
  return `<strong>changed from the defaults</strong>: ${changes.map((c) => esc(c.text)).join(', ')}`;
}

function thresholdTable(report: ReportHead): string {
  const changed = new Map(thresholdChanges(report.thresholds).map((c) => [c.name, c]));
  const note = (name: string, text: (value: number) => string): string => {
    const change = changed.get(name);
    return change ? ` <span class="changed">(default ${text(change.defaultValue)})</span>` : '';
  };
  const rows = ATTRIBUTES.map(
    (a) => `<tr${changed.has(a) ? ' class="is-changed"' : ''}><th scope="row">${a}</th><td>≥ ${fixed(report.thresholds.attributes[a])}${note(a, (v) => v.toFixed(2))}</td></tr>`,
  );
  const severity = 'Trope severity';
  rows.push(
    `<tr${changed.has(severity) ? ' class="is-changed"' : ''}><th scope="row">${severity}</th><td>≥ S${num(report.thresholds.tropeMinSeverity)}${note(severity, (v) => `S${v}`)}</td></tr>`,
  );
  return [
    '<table class="thresholds"><caption>Flag thresholds</caption>',
    '<thead><tr><th scope="col">Attribute</th><th scope="col">Flag at</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('\n');
}

function anchor(t: number, c: number): string {
  return `c-${t}-${c}`;
}

/** The flagged comments; a Thread column only when the report covers several threads (the header names a single one). */
function flaggedSection(rows: readonly string[], several: boolean): string {
  const body =
    rows.length === 0
      ? '<p class="none">No comment in this report is flagged with these thresholds.</p>'
      : `<table class="flagged-list"><thead><tr><th scope="col">Comment</th>${several ? '<th scope="col">Thread</th>' : ''}<th scope="col">Author</th>` +
        `<th scope="col">Why flagged</th><th scope="col">Decision</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
  return `<section class="flagged" aria-labelledby="flagged-h"><h2 id="flagged-h">Flagged comments (${rows.length})</h2>\n${body}\n</section>`;
}

/** Comments the scorer could not judge (language not supported), listed so that a person reads them; omitted when none. */
function needsHumanSection(rows: readonly string[]): string {
  if (rows.length === 0) return '';
  return `<section class="needs-human-list" aria-labelledby="needs-human-h"><h2 id="needs-human-h">Comments that need a human (${rows.length})</h2>\n<ul>${rows.join('\n')}</ul>\n</section>`;
}

/** A thread's section; `count` included comments (from the first read), written one at a time. */
function* threadSection(thread: StreamedThread, t: number, count: number, report: ReportHead, zone: Zone): Rendering {
  const head = thread.head;
  const problems =
    head.problems.length === 0
      ? ''
      : `<div class="problems"><p>Import and tree notes (${head.problems.length}):</p><ul>` +
        head.problems.map((p) => `<li><strong>${esc(p.where)}</strong>: ${esc(p.message)}</li>`).join('') +
        '</ul></div>';
  yield [
    `<section class="thread" aria-labelledby="thread-${t}">`,
    `<h2 id="thread-${t}">${esc(head.title || '(untitled thread)')}</h2>`,
    '<p class="thread-meta">',
    head.url ? `${linkOrText(head.url)} · ` : '',
    `id <code class="id">${esc(head.id)}</code> · source ${esc(head.sourceFormat)} · imported ${timeHtml(head.importedAt, zone)} · `,
    `${count} of ${num(head.totalComments)} comments shown`,
    '</p>',
    problems,
    '',
  ].join('\n');
  if (count === 0) {
    yield '<p class="none">No comment of this thread is in the report.</p>';
  } else {
    let shown = 0;
    yield* eachOf(thread.comments(), (c, i) => {
      shown = i + 1;
      return [`${i === 0 ? '<ol class="comments">\n' : '\n'}${commentItem(c, anchor(t, i), report, zone)}`];
    });
    yield shown === 0 ? '<ol class="comments">\n\n</ol>' : '\n</ol>';
  }
  yield '\n</section>';
}

function commentItem(c: ReportComment, id: string, report: ReportHead, zone: Zone): string {
  const classes = ['comment', c.flagged ? 'is-flagged' : '', c.needsHuman ? 'needs-human' : '', c.decision ? `is-${stateClass(c.decision.state)}` : '', c.missing ? 'is-missing' : '']
    .filter(Boolean)
    .join(' ');
  const tags = [c.kind !== 'comment' ? c.kind : '', c.status !== 'published' ? c.status : '', c.orphan ? 'orphan: parent missing' : '']
    .filter(Boolean)
    .map((tag) => `<span class="tag">${esc(tag)}</span>`)
    .concat(c.missing ? [missingTag(c.missing, zone)] : [])
    .concat(c.needsHuman ? [`<span class="needs">${esc(capitalized(needsHumanText(c.needsHuman)))}</span>`] : [])
    .join(' ');
  const time = c.createdAt ? timeHtml(c.createdAt, zone, c.createdAtText) : c.createdAtText ? `<time>${esc(c.createdAtText)}</time>` : 'no time';
  const reply = c.parentId !== null ? ` · reply to <code class="id">${esc(c.parentId)}</code>` : '';
  const body = c.text.length === 0 ? '<p class="body empty">(empty)</p>' : `<p class="body">${highlightText(c)}</p>`;
  return [
    `<li id="${id}" class="${classes}" style="--indent:${indent(c.depth)}">`,
    '<article>',
    `<p class="byline"><strong class="author">${authorText(c)}</strong> · ${time} · ` +
      `id <code class="id">${esc(c.id)}</code> · depth ${num(c.depth)}${reply} ${tags}${c.flagged ? ' <span class="flag">Flagged</span>' : ''}</p>`,
    c.reasons.length > 0 ? `<ul class="reasons">${c.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : '',
    body,
    scoreLine(c, report),
    tropeList(c, report),
    `<p class="decision">${decisionLong(c, zone)}</p>`,
    '</article>',
    '</li>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** "missing from the latest import (of <file>) since <time>": kept from an earlier import, not in the latest file. */
function missingTag(missing: NonNullable<ReportComment['missing']>, zone: Zone): string {
  const file = missing.fileName ? ` of ${esc(missing.fileName)}` : '';
  return `<span class="tag missing">missing from the latest import${file} since ${timeHtml(missing.since, zone)}</span>`;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function authorText(c: ReportComment): string {
  return c.author ? esc(c.author) : '<em>(no author)</em>';
}

function scoreLine(c: ReportComment, report: ReportHead): string {
  if (c.scores === null) {
    return `<p class="scores unscored">Not scored${c.scoreError ? `: ${esc(c.scoreError)}` : c.text.trim() === '' ? ' (empty text)' : ''}</p>`;
  }
  const chips = ATTRIBUTES.flatMap((a) => {
    const v = c.scores?.[a];
    if (v === undefined) return [];
    const over = v >= report.thresholds.attributes[a];
    return [`<span class="score${over ? ' over' : ''}">${a} ${fixed(v)}${over ? ` ≥ ${fixed(report.thresholds.attributes[a])}` : ''}</span>`];
  });
  return `<p class="scores">${chips.join(' ')}</p>`;
}

function tropeList(c: ReportComment, report: ReportHead): string {
  if (c.tropes.length === 0) return '';
  const items = c.tropes.map((trope) => {
    const counts = trope.severity >= report.thresholds.tropeMinSeverity;
    const spans = trope.evidence.map((e) => `${esc(e.role)} “${esc(e.text)}”`).join(', ');
    return (
      `<li><span class="trope${counts ? ' over' : ''}">${esc(trope.name)} · S${num(trope.severity)}</span> ${esc(trope.explanation)}` +
      `${spans ? ` <span class="evidence">(${spans})</span>` : ''}${counts ? '' : ' <span class="below">below the severity threshold</span>'}` +
      `${referenceList(trope.references)}</li>`
    );
  });
  return `<ul class="tropes">${items.join('')}</ul>`;
}

/** The trope's sources as links (non-http(s) values are shown as text, never linked). */
function referenceList(references: readonly string[] | undefined): string {
  if (!references || references.length === 0) return '';
  return ` <span class="refs">Sources: ${references.map((url) => linkOrText(url)).join(' · ')}</span>`;
}

function decisionShort(c: ReportComment): string {
  const d = c.decision;
  return d ? `${stateBadge(d.state)} by ${esc(d.moderator)}` : 'Undecided';
}

function decisionLong(c: ReportComment, zone: Zone): string {
  const d = c.decision;
  if (!d) return '<span class="state none">Undecided</span>';
  return (
    `${stateBadge(d.state)} by <strong>${esc(d.moderator)}</strong> at ${timeHtml(d.at, zone)}` +
    (d.reason ? ` · reason: ${esc(d.reason)}` : '') +
    (d.note ? ` · note: ${esc(d.note)}` : '')
  );
}

function stateBadge(state: unknown): string {
  return `<span class="state ${stateClass(state)}">${esc(stateClass(state) === 'other' ? String(state) : (STATE_LABEL[String(state)] ?? ''))}</span>`;
}

/** Indent steps for a depth: 0..MAX_INDENT, 0 for anything that is not a number. */
function indent(depth: unknown): number {
  return typeof depth === 'number' && Number.isFinite(depth) ? Math.min(Math.max(Math.floor(depth), 0), MAX_INDENT) : 0;
}
