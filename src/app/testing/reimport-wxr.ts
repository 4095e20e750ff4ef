/**
 * A small hand-made WordPress export (WXR) of one post and ten comments, whole or cut short, for the re-import tests
 * (server routes and e2e). The cut keeps the first comments and ends the file mid-way, as a truncated download does.
 */

/** The post's title and the thread id the WXR importer gives it. */
export const REIMPORT_TITLE = 'Ferry timetable changes for the winter';
export const REIMPORT_THREAD_ID = 'wp:harbour.example:42';

export interface WxrComment {
  id: number;
  parent: number;
  author: string;
  text: string;
}

/** Ten comments: two reply chains and some top-level ones. */
export const REIMPORT_COMMENTS: readonly WxrComment[] = [
  { id: 101, parent: 0, author: 'Maren', text: 'The 07:10 sailing is the one commuters need; please keep it.' },
  { id: 102, parent: 101, author: 'Jonas', text: 'Agreed, the 07:40 is too late for the school run.' },
  { id: 103, parent: 0, author: 'Priya', text: 'Will the Sunday service still call at the north pier?' },
  { id: 104, parent: 103, author: 'Harbour office', text: 'Yes, every second sailing calls there.' },
  { id: 105, parent: 0, author: 'Tomasz', text: 'The new fares table is hard to read on a phone.' },
  { id: 106, parent: 0, author: 'Ilse', text: 'Thanks for publishing this a month ahead.' },
  { id: 107, parent: 106, author: 'Owen', text: 'Seconded, that helps with planning.' },
  { id: 108, parent: 0, author: 'Beatriz', text: 'Is there a winter discount for pensioners?' },
  { id: 109, parent: 0, author: 'Kwame', text: 'The last boat back at 22:30 is a welcome change.' },
  { id: 110, parent: 109, author: 'Sunniva', text: 'It was about time; the 21:00 was far too early.' },
];

function commentXml(c: WxrComment, i: number): string {
  const when = `2026-11-${String(10 + i).padStart(2, '0')} 09:00:00`;
  return `<wp:comment>
<wp:comment_id>${c.id}</wp:comment_id>
<wp:comment_author><![CDATA[${c.author}]]></wp:comment_author>
<wp:comment_date_gmt>${when}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[${c.text}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
<wp:comment_type></wp:comment_type>
<wp:comment_parent>${c.parent}</wp:comment_parent>
</wp:comment>
`;
}

/**
 * The export with all comments, or cut right after the first `keep` comments (no closing tags: a truncated file).
 */
export function reimportWxr(keep: number = REIMPORT_COMMENTS.length): string {
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Harbour news</title>
<link>https://harbour.example</link>
<item>
<title>${REIMPORT_TITLE}</title>
<link>https://harbour.example/ferry-winter/</link>
<wp:post_id>42</wp:post_id>
<wp:post_type>post</wp:post_type>
<content:encoded><![CDATA[The winter timetable starts on 1 December.]]></content:encoded>
`;
  const comments = REIMPORT_COMMENTS.slice(0, keep).map(commentXml).join('');
  if (keep < REIMPORT_COMMENTS.length) return `${head}${comments}<wp:comment>\n<wp:comment_id>${REIMPORT_COMMENTS[keep]!.id}</wp:comment_id>\n<wp:comment_au`;
  return `${head}${comments}</item>\n</channel>\n</rss>\n`;
}
