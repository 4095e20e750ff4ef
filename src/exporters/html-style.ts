/**
 * Inline stylesheet of the HTML report: calm on screen, flags that stand out, and a print layout. Words never break
 * inside: headers and labels keep whole words (`overflow-wrap: break-word` only breaks a word longer than its line,
 * and never narrows a table column below its longest word); only ids and URLs may wrap anywhere.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --flag: #b42318; --flag-bg: #fef3f2; --attr: #fff3bf; --trope: #ffd8a8; --ok: #1a7f37; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 70rem; padding: 1.5rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
code { font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 0 .25em; border-radius: 3px; }
code.id, .url, a[href^="http"] { overflow-wrap: anywhere; }
a { color: #0969da; }
time { white-space: nowrap; }
.header-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(12rem, 1fr); gap: 1.5rem; align-items: start; }
.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .25rem 1rem; margin: 0; }
.meta dt { color: var(--muted); }
.meta dt { white-space: nowrap; }
.meta dd { margin: 0; overflow-wrap: break-word; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; hyphens: manual; }
thead th, th[scope="row"] { white-space: nowrap; }
caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
.thresholds td { font-variant-numeric: tabular-nums; white-space: nowrap; }
.thresholds .is-changed th, .thresholds .is-changed td { font-weight: 600; }
.changed { color: var(--muted); font-weight: 400; }
.flagged-list td:first-child { min-width: 6rem; }
.flagged-list td:last-child { min-width: 9rem; }
.flagged-list th { background: var(--soft); }
.none { color: var(--muted); font-style: italic; }
.thread-meta { color: var(--muted); margin: 0 0 .5rem; overflow-wrap: break-word; }
.problems { margin: 0 0 .75rem; color: var(--muted); }
.problems p, .problems ul { margin: 0; }
.comments { list-style: none; margin: 0; padding: 0; }
.comment { margin: 0 0 .5rem calc(var(--indent, 0) * 1.25rem); padding: .5rem .75rem; border: 1px solid var(--line); border-left: 3px solid var(--line); border-radius: 4px; }
.comment.is-flagged { border-left-color: var(--flag); background: var(--flag-bg); }
.byline { margin: 0 0 .25rem; color: var(--muted); }
.byline .author { color: var(--ink); }
.tag { display: inline-block; padding: 0 .4em; border: 1px solid var(--line); border-radius: 3px; font-size: 12px; }
.needs { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: 12px; font-weight: 600; color: var(--warn); border: 1px solid var(--warn); }
.comment.needs-human { border-left-color: var(--warn); }
.tag.missing { color: var(--warn); border-color: var(--warn); }
.comment.is-missing { border-style: dashed; }
.flag { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: 12px; font-weight: 600; color: #fff; background: var(--flag); }
.reasons { margin: .25rem 0; padding-left: 1.25rem; color: var(--flag); }
.flagged-list .reasons { margin: 0; }
.body { margin: .35rem 0; white-space: pre-wrap; overflow-wrap: break-word; }
.body.empty { color: var(--muted); font-style: italic; }
mark { color: inherit; border-radius: 2px; padding: 0 1px; }
mark.ev-attr { background: var(--attr); }
mark.ev-trope { background: var(--trope); box-shadow: inset 0 -2px 0 var(--flag); }
.scores { margin: .25rem 0; font-variant-numeric: tabular-nums; }
.scores.unscored { color: var(--warn); }
.score { display: inline-block; margin: 0 .25rem .15rem 0; padding: 0 .35em; border: 1px solid var(--line); border-radius: 3px; font-size: 12px; color: var(--muted); }
.score.over { color: var(--flag); border-color: var(--flag); font-weight: 600; }
.tropes { margin: .25rem 0; padding-left: 1.25rem; }
.trope { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: 12px; border: 1px solid var(--warn); color: var(--warn); }
.trope.over { border-color: var(--flag); color: #fff; background: var(--flag); font-weight: 600; }
.evidence, .below { color: var(--muted); }
.decision { margin: .25rem 0 0; }
.state { display: inline-block; padding: 0 .4em; border-radius: 3px; font-size: 12px; font-weight: 600; border: 1px solid var(--line); }
.state.approved { color: var(--ok); border-color: var(--ok); }
.state.rejected { color: var(--flag); border-color: var(--flag); }
.state.escalated { color: var(--warn); border-color: var(--warn); }
.state.none { color: var(--muted); font-weight: 400; }
@media print {
  @page { margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  .header-grid { grid-template-columns: 2fr 1fr; }
  .report-header { break-after: avoid; }
  .comment, .flagged-list tr, .thresholds { break-inside: avoid; }
  .flagged-list thead { display: table-header-group; }
  h1, h2 { break-after: avoid; }
  .comment { margin-left: calc(var(--indent, 0) * .8rem); }
  .comment.is-flagged { background: none; }
  .comment.is-flagged, mark, .flag, .trope.over, .score.over { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
