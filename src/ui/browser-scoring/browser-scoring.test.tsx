import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerReply, WorkerRequest } from '../../core/browser-scoring.ts';
import type { ThreadView } from '../../core/api.ts';
import type { CommentScore } from '../../core/scoring.ts';
import { openThreadOf } from '../testing/open-thread.ts';
import { fixtureView } from '../testing/view-fixture.ts';
import { BrowserCheck } from './browser-check.tsx';
import { BrowserJobCancelled, BrowserScorer, type WorkerLike } from './browser-scorer.ts';
import { ScoreTextDialog } from './score-text-dialog.tsx';

/** A worker double: records requests; the test answers them. */
class FakeWorker implements WorkerLike {
  requests: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: WorkerRequest): void {
    this.requests.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: WorkerReply): void {
    act(() => this.onmessage?.({ data: message } as MessageEvent<WorkerReply>));
  }
  lastScore(): Extract<WorkerRequest, { type: 'score' }> {
    const found = this.requests.filter((r) => r.type === 'score').at(-1);
    if (!found || found.type !== 'score') throw new Error('no score request');
    return found;
  }
}

function setup(): { fake: FakeWorker; scorer: BrowserScorer; starts: () => number } {
  const fake = new FakeWorker();
  let started = 0;
  const scorer = new BrowserScorer(() => {
    started++;
    return fake;
  });
  return { fake, scorer, starts: () => started };
}

const embeddedView = (): ThreadView => ({ ...fixtureView(), scorer: { name: 'embedded-model', version: '1.0.0+abcdef123456', description: 'the model' } });

afterEach(cleanup);

describe('BrowserScorer', () => {
  it('starts the worker on first use only, reports progress and resolves with the outcomes', async () => {
    const { fake, scorer, starts } = setup();
    expect(starts()).toBe(0);
    const progress = vi.fn();
    const job = scorer.score([{ key: 'a', text: 'one' }, { key: 'b', text: 'two' }], progress);
    expect(starts()).toBe(1);
    const { id } = fake.lastScore();
    fake.reply({ type: 'progress', id, done: 1, total: 2, outcomes: [{ ok: true, score: { scores: { TOXICITY: 0.5 }, evidence: {} } }] });
    fake.reply({ type: 'progress', id, done: 2, total: 2, outcomes: [{ ok: false, error: 'text is not a string' }] });
    fake.reply({ type: 'result', id, scorer: { name: 'embedded-model', version: 'v' } });
    await expect(job.result).resolves.toEqual({
      scorer: { name: 'embedded-model', version: 'v' },
      outcomes: [{ ok: true, score: { scores: { TOXICITY: 0.5 }, evidence: {} } }, { ok: false, error: 'text is not a string' }],
    });
    expect(progress.mock.calls).toEqual([[1, 2], [2, 2]]);
    scorer.score([{ key: 'b', text: 'two' }]);
    expect(starts()).toBe(1);
  });

  it('cancel tells the worker and rejects the job; a late result is ignored', async () => {
    const { fake, scorer } = setup();
    const job = scorer.score([{ key: 'a', text: 'one' }]);
    const { id } = fake.lastScore();
    job.cancel();
    expect(fake.requests.at(-1)).toEqual({ type: 'cancel', id });
    await expect(job.result).rejects.toBeInstanceOf(BrowserJobCancelled);
    fake.reply({ type: 'result', id, scorer: { name: 'x', version: 'y' } });
  });

  it('a worker that fails fails every open job with a message, and the next job starts a fresh worker', async () => {
    const { fake, scorer, starts } = setup();
    const first = scorer.score([{ key: 'a', text: 'one' }]);
    const second = scorer.score([{ key: 'b', text: 'two' }]);
    act(() => fake.onerror?.({ message: 'Failed to fetch the script', preventDefault() {} } as ErrorEvent));
    await expect(first.result).rejects.toThrow("The browser's scoring worker failed: Failed to fetch the script.");
    await expect(second.result).rejects.toThrow('scoring worker failed');
    expect(fake.terminated).toBe(true);
    scorer.score([{ key: 'c', text: 'three' }]);
    expect(starts()).toBe(2);
  });

  it('a job the worker could not run (model not served) rejects with its reason', async () => {
    const { fake, scorer } = setup();
    const job = scorer.score([{ key: 'a', text: 'one' }]);
    fake.reply({ type: 'error', id: fake.lastScore().id, message: 'the server did not give the model (HTTP 503 from /api/model)' });
    await expect(job.result).rejects.toThrow('The browser could not score: the server did not give the model (HTTP 503 from /api/model)');
  });
});

/** The worker's first scoring request, once the check has read the thread's first window and sent it. */
async function firstScore(fake: ReturnType<typeof setup>['fake']) {
  await waitFor(() => expect(fake.requests.length).toBeGreaterThan(0));
  return fake.lastScore();
}

/** Renders the check for the embedded-model view, starts it, and gives the worker's request and the scored comments. */
async function startCheck() {
  const { fake, scorer } = setup();
  const view = embeddedView();
  render(<BrowserCheck thread={openThreadOf(view, { loaded: false })} scorer={scorer} />);
  fireEvent.click(screen.getByRole('button', { name: 'Check in browser' }));
  return { fake, view, request: await firstScore(fake), scored: view.comments.filter((c) => c.score !== null) };
}

describe('Check in browser', () => {
  it('scores every scored comment in the worker, shows progress, and says when all agree exactly', async () => {
    const { fake, view, request, scored } = await startCheck();
    expect(request.items.map((i) => i.key)).toEqual(scored.map((c) => c.id));
    const all = scored.map((c) => ({ ok: true as const, score: c.score as CommentScore }));
    fake.reply({ type: 'progress', id: request.id, done: 2, total: scored.length, outcomes: all.slice(0, 2) });
    expect(screen.getByRole('progressbar', { name: 'Scoring in the browser' }).getAttribute('aria-valuetext')).toBe(`2 of ${scored.length} comments`);
    fake.reply({ type: 'progress', id: request.id, done: scored.length, total: scored.length, outcomes: all.slice(2) });
    fake.reply({ type: 'result', id: request.id, scorer: { name: 'embedded-model', version: view.scorer.version } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain(`Browser and server agree exactly on all ${scored.length} scored comments (1.0.0+abcdef123456,`));
  });

  it('lists the comments whose browser scores differ, by author, with the difference', async () => {
    const { fake, view, request, scored } = await startCheck();
    const outcomes = scored.map((c) => {
      const score = c.score as CommentScore;
      return c.author === 'Bob Rude' ? { ok: true as const, score: { ...score, scores: { ...score.scores, INSULT: 0.821 } } } : { ok: true as const, score };
    });
    fake.reply({ type: 'progress', id: request.id, done: outcomes.length, total: outcomes.length, outcomes });
    fake.reply({ type: 'result', id: request.id, scorer: { name: 'embedded-model', version: view.scorer.version } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain(`1 of ${scored.length} scored comments differ in the browser`));
    expect(screen.getByRole('list', { name: 'Comments that differ' }).textContent).toContain('Bob Rude: INSULT 0.82 on the server, 0.821 in the browser');
  });

  it('refuses to compare with another model version, and is not offered for a thread scored by another scorer', async () => {
    const { fake, scorer } = setup();
    const view = embeddedView();
    const { unmount } = render(<BrowserCheck thread={openThreadOf(view)} scorer={scorer} />);
    fireEvent.click(screen.getByRole('button', { name: 'Check in browser' }));
    fake.reply({ type: 'result', id: (await firstScore(fake)).id, scorer: { name: 'embedded-model', version: '1.0.0+000000000000' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Browser check failed: The browser has model 1.0.0+000000000000, but this thread was scored by 1.0.0+abcdef123456'));
    unmount();
    render(<BrowserCheck thread={openThreadOf({ ...view, scorer: { name: 'perspective', version: 'v1', description: 'Perspective' } })} scorer={scorer} />);
    expect((screen.getByRole('button', { name: 'Check in browser' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Stop check cancels the job in the worker', async () => {
    const { fake, scorer } = setup();
    render(<BrowserCheck thread={openThreadOf(embeddedView())} scorer={scorer} />);
    fireEvent.click(screen.getByRole('button', { name: 'Check in browser' }));
    const { id } = await firstScore(fake);
    fireEvent.click(screen.getByRole('button', { name: 'Stop check' }));
    expect(fake.requests.at(-1)).toEqual({ type: 'cancel', id });
  });
});

describe('Score a text', () => {
  it('scores what is typed after a pause and shows each attribute with its evidence', async () => {
    const { fake, scorer } = setup();
    render(<ScoreTextDialog scorer={scorer} onClose={() => {}} />);
    const field = screen.getByRole('textbox', { name: 'Text to score' });
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: 'you idiot' } });
    await waitFor(() => expect(fake.requests).toHaveLength(1));
    const request = fake.lastScore();
    expect(request.items).toEqual([{ key: 'text', text: 'you idiot' }]);
    fake.reply({
      type: 'progress',
      id: request.id,
      done: 1,
      total: 1,
      outcomes: [{ ok: true, score: { scores: { TOXICITY: 0.9, INSULT: 0.95 }, evidence: { INSULT: [{ start: 4, end: 9, text: 'idiot' }] } } }],
    });
    fake.reply({ type: 'result', id: request.id, scorer: { name: 'embedded-model', version: '1.0.0+abc' } });
    const row = await screen.findByRole('row', { name: /^INSULT/ });
    expect(row.textContent).toContain('0.950');
    expect(row.textContent).toContain('“idiot”');
    expect(screen.getByRole('row', { name: /^THREAT/ }).textContent).toContain('—');
    expect(screen.getByText('idiot', { selector: 'mark' }).tagName).toBe('MARK');
  });

  it('a newer text cancels the job of the older one', async () => {
    const { fake, scorer } = setup();
    render(<ScoreTextDialog scorer={scorer} onClose={() => {}} />);
    const field = screen.getByRole('textbox', { name: 'Text to score' });
    fireEvent.change(field, { target: { value: 'first' } });
    await waitFor(() => expect(fake.requests).toHaveLength(1));
    const first = fake.lastScore().id;
    fireEvent.change(field, { target: { value: 'second' } });
    expect(fake.requests.at(-1)).toEqual({ type: 'cancel', id: first });
    await waitFor(() => expect(fake.lastScore().items[0]?.text).toBe('second'));
  });
});
