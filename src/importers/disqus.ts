/**
 * Importer for the Disqus XML export: flat <thread> and <post> elements keyed by dsq:id, one Threadscope thread per
 * Disqus thread that has posts; damaged files are read record by record.
 */
import type { Comment, CommentStatus, ImportResult, Thread } from '../core/model.ts';
import { importFailure } from './importer.ts';
import type { Importer, ParseOptions } from './importer.ts';
import { ProblemLog } from './records.ts';
import { head, htmlBody, isoTime, logXmlIssue, nodePlace, plainLine, pooled } from './xml-common.ts';
import { parseBytesStreaming } from './xml-bytes.ts';
import { child, childText, readXml, textChunks } from './xml-stream.ts';
import type { XmlNode } from './xml-stream.ts';

const FORMAT = 'disqus';

/** A Disqus thread as declared in the file. */
interface ThreadInfo {
  title: string;
  url: string | null;
}

/** The posts of one Disqus thread (by the dsq:id they name), with the place of the first for messages. */
interface PostGroup {
  comments: Comment[];
  firstId: string;
  firstLine: number;
}

/** What is kept while reading: posts grouped by thread as they come, the ids seen and the author names met. */
interface ReadState {
  groups: Map<string, PostGroup>;
  /** Post ids seen, each mapped to itself so a reply's parentId can share its parent's string. */
  seen: Map<string, string>;
  /** Author names, one string per distinct name (100,000 posts have far fewer authors). */
  names: Map<string, string>;
}

function dsqId(node: XmlNode | null): string | null {
  if (node === null) return null;
  const value = (node.attrs['dsq:id'] ?? node.attrs.id ?? '').trim();
  return value === '' ? null : value;
}

function describe(node: XmlNode): string {
  const id = dsqId(node);
  return `<${node.name}${id === null ? '' : ` dsq:id=${id}`}> (line ${node.line})`;
}

/** "true"/"false" (any case, padded); anything else is reported and read as false. */
function flag(node: XmlNode, name: string, log: ProblemLog): boolean {
  const value = childText(node, name);
  if (value === null || value === '') return false;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  log.add(`bad ${name}`, { severity: 'warning', where: nodePlace(node), message: `${describe(node)}: <${name}> is ${JSON.stringify(value)}, not true or false; read as false.` }, node.line);
  return false;
}

function readThread(node: XmlNode, threads: Map<string, ThreadInfo>, log: ProblemLog): void {
  const id = dsqId(node);
  if (id === null) {
    log.add('thread without id', { severity: 'warning', where: nodePlace(node), message: 'A <thread> without dsq:id was skipped (posts refer to threads by dsq:id).' }, node.line);
    return;
  }
  if (threads.has(id)) {
    log.add('duplicate thread', { severity: 'warning', where: nodePlace(node), message: `${describe(node)} appears again; the first one is kept.` }, node.line);
    return;
  }
  const link = childText(node, 'link');
  const title = plainLine(childText(node, 'title') ?? '');
  threads.set(id, { title: title !== '' ? title : link !== null && link !== '' ? link : `Disqus thread ${id}`, url: link === null || link === '' ? null : link });
}

function readPost(node: XmlNode, state: ReadState, log: ProblemLog): void {
  const { seen } = state;
  let id = dsqId(node);
  if (id === null) {
    const own = childText(node, 'id');
    if (own === null || own === '') {
      log.add('post without id', { severity: 'warning', where: nodePlace(node), message: 'A <post> with neither dsq:id nor <id> was skipped: nothing identifies it.' }, node.line);
      return;
    }
    id = `id:${own}`;
    log.add('post without dsq:id', { severity: 'warning', where: nodePlace(node), message: `A <post> without dsq:id was imported with the id "${id}" from its <id>; no reply can point at it.` }, node.line);
  }
  if (seen.has(id)) {
    log.add('duplicate post', { severity: 'warning', where: nodePlace(node), message: `${describe(node)} appears again; this later copy was skipped.` }, node.line);
    return;
  }
  seen.set(id, id);
  const createdAtText = childText(node, 'createdAt');
  let createdAt: string | null = null;
  if (createdAtText !== null && createdAtText !== '') {
    createdAt = isoTime(createdAtText);
    if (createdAt === null) log.add('bad time', { severity: 'warning', where: nodePlace(node), message: `${describe(node)}: <createdAt> ${JSON.stringify(createdAtText)} is not a time; left empty.` }, node.line);
  }
  const deleted = flag(node, 'isDeleted', log);
  const spam = flag(node, 'isSpam', log);
  const status: CommentStatus = deleted ? 'deleted' : spam ? 'spam' : 'published';
  const author = child(node, 'author');
  const name = author === null ? '' : plainLine(childText(author, 'name') ?? '') || plainLine(childText(author, 'username') ?? '');
  const body = htmlBody(child(node, 'message')?.text ?? '');
  const parentId = dsqId(child(node, 'parent'));
  const comment: Comment = {
    id,
    parentId: parentId === null || parentId === id ? null : (seen.get(parentId) ?? parentId),
    author: pooled(state.names, name),
    createdAt,
    createdAtText: createdAtText === '' ? null : createdAtText,
    text: body.text,
    html: body.html,
    kind: 'comment',
    status,
  };
  const key = dsqId(child(node, 'thread')) ?? '';
  const group = state.groups.get(key);
  if (group === undefined) state.groups.set(key, { comments: [comment], firstId: id, firstLine: node.line });
  else group.comments.push(comment);
}

function toThreads(groups: Map<string, PostGroup>, threads: Map<string, ThreadInfo>, log: ProblemLog): Thread[] {
  for (const [key, group] of groups) {
    if (threads.has(key)) continue;
    const what = key === '' ? 'names no thread' : `belongs to thread dsq:id=${key}, which is not in the file`;
    const message = `Post dsq:id=${group.firstId} ${what}; it and any other such posts are kept in a thread of their own.`;
    log.add('missing thread', { severity: 'warning', where: `line ${group.firstLine}`, message }, group.firstLine);
  }
  // Declared threads in file order, then the groups whose thread is missing.
  const order = [...[...threads.keys()].filter((k) => groups.has(k)), ...[...groups.keys()].filter((k) => !threads.has(k))];
  return order.map((key) => {
    const info = threads.get(key);
    return {
      id: key === '' ? 'disqus:no-thread' : `disqus:${key}`,
      title: info?.title ?? (key === '' ? 'Posts that name no thread' : `Posts whose thread is missing (dsq:id ${key})`),
      url: info?.url ?? null,
      articleText: '',
      sourceFormat: FORMAT,
      comments: groups.get(key)!.comments,
    };
  });
}

/** Read a Disqus export given in pieces. Never throws on bad input. */
function readDisqus(chunks: Iterable<string>): ImportResult {
  const log = new ProblemLog();
  const threads = new Map<string, ThreadInfo>();
  const state: ReadState = { groups: new Map(), seen: new Map(), names: new Map() };
  let root: string | null = null;
  readXml(chunks, {
    isRecord: (name, enclosing) => enclosing === null && (name === 'thread' || name === 'post' || name === 'category'),
    onRoot: (node) => (root = node.name),
    onRecordEnd: (node) => {
      if (node.name === 'thread') readThread(node, threads, log);
      else if (node.name === 'post') readPost(node, state, log);
    },
    onUnclosed: (node) => {
      log.add('cut off', { severity: 'warning', where: nodePlace(node), message: `${describe(node)} is cut off (the file ends inside it); skipped.` }, node.line);
    },
    onIssue: (issue) => logXmlIssue(log, issue, describe),
  });
  if (root !== null && root !== 'disqus') {
    log.add('root', { severity: 'warning', where: 'line 1', message: `The root element is <${root}>, not <disqus>; read as a Disqus export anyway.` }, 0);
  }
  if (state.groups.size === 0) {
    return importFailure(FORMAT, 'whole file', `No readable <post> found (${threads.size} thread(s) declared).`, log.finish());
  }
  return { ok: true, format: FORMAT, threads: toThreads(state.groups, threads, log), problems: log.finish() };
}

/** Read a Disqus export from text. Never throws on bad input. */
export function parseDisqus(text: string, _fileName?: string, options: ParseOptions = {}): ImportResult {
  return readDisqus(textChunks(text, options.onProgress));
}

/** Confident when a <disqus> root or the Disqus namespace shows up near the start. */
function detect(text: string): number {
  const start = head(text);
  const root = /<disqus[\s>]/.test(start);
  const ns = start.includes('disqus.com/disqus-internals') || /xmlns="https?:\/\/disqus\.com\/?"/.test(start);
  if (root && ns) return 0.95;
  if (root || (ns && /<post[\s>]/.test(start))) return 0.7;
  return 0;
}

/** Disqus XML export (see docs/formats.md). */
export const disqusImporter: Importer = {
  id: FORMAT,
  label: 'Disqus XML export',
  detect,
  parse: parseDisqus,
  parseBytes: (bytes, _fileName, options = {}) => parseBytesStreaming(bytes, FORMAT, readDisqus, (text) => parseDisqus(text), options.onProgress),
};
