/**
 * Replays Coral's external moderation phase against a real server on loopback: the request body built as Coral builds
 * it (`JSON.stringify(request, null, 2)`, coralproject/talk services/fetch) and signed as Coral signs it
 * (`sha256=<hex HMAC-SHA256>` per active secret, comma-separated).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadView } from '../../core/api.ts';
import { buildApp } from '../app.ts';
import { Store } from '../../app/store/store.ts';
import { createEmbeddedScorer, createTropeDetector } from '../../scoring/index.ts';
import { tempDir } from '../../app/testing/helpers.ts';
import type { CoralPhaseRequest } from '../../app/coral/coral-api.ts';
import { coralThreadId } from '../../app/coral/live-thread.ts';
import { CORAL_PHASE_PATH } from './phase-route.ts';
import { coralSettingsFor } from '../../app/coral/settings.ts';
import { coralSignature } from '../../app/coral/signature.ts';

const HOSTILE = 'You are a pathetic idiot and a worthless piece of garbage. Shut up, moron.';
const CIVIL = 'Thanks for the reporting on the ferry timetable, it helped me plan my week.';
const STORY = { id: '245b3856-b0a0-4d2f-a6bb-58c71f18d6a6', url: 'https://news.example/posts/ferry-cuts/' };

/** A request as Coral's external phase builds it for a new comment. */
function coralRequest(body: string, extra: { parentID?: string | null; action?: 'NEW' | 'EDIT'; authorId?: string } = {}): CoralPhaseRequest {
  return {
    action: extra.action ?? 'NEW',
    comment: { body, parentID: extra.parentID ?? null },
    author: { id: extra.authorId ?? 'baf4e943-3594-4fcc-b2ba-3e8de7a76352', role: 'COMMENTER' },
    story: STORY,
    site: { id: 'a4bede88-2d2c-4424-bc18-4322a9e285a6' },
    tenantID: '19ba5794-7eeb-4d46-a81b-c00c61672501',
    tenantDomain: 'news.example',
  };
}

describe('POST /integrations/coral/phase (a real server on loopback)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  const logLines: string[] = [];

  beforeEach(async () => {
    tmp = tempDir();
    store = await Store.open(tmp.dir);
    logLines.length = 0;
    const stream = { write: (line: string) => logLines.push(line) };
    app = await buildApp({ store, scorer: createEmbeddedScorer(), detector: createTropeDetector(), uiDir: path.join(tmp.dir, 'no-ui'), logger: { level: 'info', stream } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
  });

  afterEach(async () => {
    await app.close();
    await store.close();
    tmp.remove();
  });

  /** Sends a request the way Coral does; `signature` replaces the header (null: none). */
  async function send(request: unknown, secrets: readonly string[], signature?: string | null): Promise<Response> {
    const body = JSON.stringify(request, null, 2);
    const header = signature === undefined ? coralSignature(secrets, body) : signature;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Coral Moderation/9.0.0' };
    if (header !== null) headers['x-coral-signature'] = header;
    return fetch(`${base}${CORAL_PHASE_PATH}`, { method: 'POST', headers, body });
  }

  async function liveThread(): Promise<ThreadView | null> {
    const res = await fetch(`${base}/api/threads/${encodeURIComponent(coralThreadId(STORY.id))}`);
    return res.status === 404 ? null : ((await res.json()) as ThreadView);
  }

  it('flags and withholds a hostile comment, and the live thread shows it with its score', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const res = await send(coralRequest(HOSTILE), [secret]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }], status: 'SYSTEM_WITHHELD' });
    const view = await liveThread();
    expect(view?.title).toBe(STORY.url);
    expect(view?.url).toBe(STORY.url);
    expect(view?.comments).toHaveLength(1);
    const [comment] = view!.comments;
    expect(comment!.text).toBe(HOSTILE);
    expect(comment!.status).toBe('pending');
    expect(comment!.score?.scores.INSULT).toBeGreaterThanOrEqual(0.6);
    expect((await store.listThreads()).map((t) => t.id)).toEqual([`coral:${STORY.id}`]);
  });

  it('answers 204 without a body for a civil comment, and still adds it to the live thread', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const res = await send(coralRequest(CIVIL), [secret]);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const view = await liveThread();
    expect(view?.comments.map((c) => [c.text, c.status])).toEqual([[CIVIL, 'published']]);
  });

  it('reads a body in Coral\'s HTML format as text (scored) and sanitized HTML (shown), and withholds a trope', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const html = '<p>putin is controlled by chabad, expect the worst</p><script>alert(1)</script>';
    const res = await send(coralRequest(html), [secret]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('SYSTEM_WITHHELD');
    const [comment] = (await liveThread())!.comments;
    expect(comment!.text).toBe('putin is controlled by chabad, expect the worst');
    expect(comment!.html).toBe('<p>putin is controlled by chabad, expect the worst</p>');
    expect(comment!.tropes.map((t) => t.id)).toEqual(['covert-control-of-leaders']);
  });

  it('refuses a missing, malformed or wrong signature with 401 and stores nothing', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const body = coralRequest(HOSTILE);
    const cases: Array<string | null> = [null, '', 'sha256=zz', `sha256=${'0'.repeat(64)}`, coralSignature(['another secret of this length'], JSON.stringify(body, null, 2))];
    for (const header of cases) {
      const res = await send(body, [secret], header);
      expect(res.status, String(header)).toBe(401);
      expect(((await res.json()) as { where: string }).where).toBe('headers.x-coral-signature');
    }
    // A body changed after signing (one space more) fails too.
    const signed = coralSignature([secret], JSON.stringify(body, null, 2));
    const res = await fetch(`${base}${CORAL_PHASE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-coral-signature': signed }, body: `${JSON.stringify(body, null, 2)} ` });
    expect(res.status).toBe(401);
    expect(await store.listThreads()).toEqual([]);
    // Not in the database nor its write-ahead log.
    for (const name of fs.readdirSync(tmp.dir).filter((n) => n.startsWith('threadscope.db'))) {
      expect(fs.readFileSync(path.join(tmp.dir, name)).includes(Buffer.from('worthless')), name).toBe(false);
    }
  });

  it('refuses every request while no secret is set', async () => {
    const res = await send(coralRequest(HOSTILE), ['a secret this server never had']);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(/no Coral signing secret/);
    expect(await store.listThreads()).toEqual([]);
  });

  it('accepts both secrets during a roll, and only the new one after --drop-old', async () => {
    const settings = coralSettingsFor(store);
    const old = (await settings.addSecret()).secret;
    const next = (await settings.addSecret()).secret;
    // Coral signs with both while it keeps the old secret active; either alone passes too.
    expect((await send(coralRequest(CIVIL), [old, next])).status).toBe(204);
    expect((await send(coralRequest(`${CIVIL} Second.`), [old])).status).toBe(204);
    expect((await send(coralRequest(`${CIVIL} Third.`), [next])).status).toBe(204);
    await settings.addSecret({ secret: next, dropOld: true });
    expect((await send(coralRequest(`${CIVIL} Fourth.`), [old])).status).toBe(401);
    expect((await send(coralRequest(`${CIVIL} Fifth.`), [next])).status).toBe(204);
    expect((await liveThread())?.comments).toHaveLength(4);
  });

  it('does not duplicate a comment Coral delivers twice, and gives the same answer', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const first = await send(coralRequest(HOSTILE), [secret]);
    const again = await send(coralRequest(HOSTILE), [secret]);
    expect(again.status).toBe(first.status);
    expect(await again.json()).toEqual(await first.json());
    expect((await liveThread())?.comments).toHaveLength(1);
  });

  it('an EDIT updates the author\'s latest comment under the same parent instead of adding one', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    await send(coralRequest(CIVIL, { authorId: 'other' }), [secret]);
    await send(coralRequest(HOSTILE), [secret]);
    const edited = await send(coralRequest('Sorry, I take that back. Good article.', { action: 'EDIT' }), [secret]);
    expect(edited.status).toBe(204);
    const view = await liveThread();
    expect(view?.comments.map((c) => [c.author, c.text, c.status])).toEqual([
      ['other', CIVIL, 'published'],
      ['baf4e943-3594-4fcc-b2ba-3e8de7a76352', 'Sorry, I take that back. Good article.', 'published'],
    ]);
  });

  it('keeps a reply\'s parentID, and links it when the parent\'s id is known', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const parent = { ...coralRequest(CIVIL), comment: { body: CIVIL, parentID: null, id: 'c-1' } };
    const reply = { ...coralRequest('I agree with this.'), comment: { body: 'I agree with this.', parentID: 'c-1', id: 'c-2' } };
    await send(parent, [secret]);
    await send(reply, [secret]);
    const view = await liveThread();
    expect(view?.comments.map((c) => [c.id, c.parentId, c.depth, c.orphan])).toEqual([['c-1', null, 0, false], ['c-2', 'c-1', 1, false]]);
  });

  it('answers 400 naming the field for a signed body that is not Coral\'s shape, and stores nothing', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const cases: Array<[unknown, string]> = [
      [[], 'body'],
      [{ ...coralRequest(CIVIL), action: 'DELETE' }, 'action'],
      [{ ...coralRequest(CIVIL), comment: { parentID: null } }, 'comment.body'],
      [{ ...coralRequest(CIVIL), story: { url: STORY.url } }, 'story.id'],
      [{ ...coralRequest(CIVIL), author: 'someone' }, 'author'],
    ];
    for (const [body, where] of cases) {
      const res = await send(body, [secret]);
      expect(res.status, where).toBe(400);
      expect(((await res.json()) as { where: string }).where).toBe(where);
    }
    const broken = '{"action": "NEW",';
    const res = await fetch(`${base}${CORAL_PHASE_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-coral-signature': coralSignature([secret], broken) }, body: broken });
    expect(res.status).toBe(400);
    expect(await store.listThreads()).toEqual([]);
  });

  it('refuses a body over the limit (413) and another content type (415)', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const big = await send(coralRequest('x'.repeat(600 * 1024)), [secret]);
    expect(big.status).toBe(413);
    const text = await fetch(`${base}${CORAL_PHASE_PATH}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
    expect(await store.listThreads()).toEqual([]);
  });

  it('is exempt from the Origin rule but not from the Host allow-list', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    const body = JSON.stringify(coralRequest(CIVIL), null, 2);
    const headers = { 'content-type': 'application/json', 'x-coral-signature': coralSignature([secret], body) };
    const foreignOrigin = await app.inject({ method: 'POST', url: CORAL_PHASE_PATH, headers: { ...headers, origin: 'https://evil.example', host: '127.0.0.1' }, payload: body });
    expect(foreignOrigin.statusCode).toBe(204);
    const foreignHost = await app.inject({ method: 'POST', url: CORAL_PHASE_PATH, headers: { ...headers, host: 'evil.example' }, payload: body });
    expect(foreignHost.statusCode).toBe(421);
  });

  it('never logs the comment text or the secret', async () => {
    const { secret } = await coralSettingsFor(store).addSecret();
    await send(coralRequest(HOSTILE), [secret]);
    await send(coralRequest(HOSTILE), ['wrong secret, long enough']);
    await send({ ...coralRequest(HOSTILE), action: 'DELETE' }, [secret]);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain('worthless');
      expect(line).not.toContain(secret);
    }
  });
});
