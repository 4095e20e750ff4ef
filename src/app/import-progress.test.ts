import { describe, expect, it } from 'vitest';
import { ImportProgressBoard, isProgressId } from './import-progress.ts';

function board(options: { maxEntries?: number } = {}) {
  let now = Date.UTC(2026, 10, 26, 4, 0, 0);
  const b = new ImportProgressBoard({ now: () => now, finishedTtlMs: 60_000, staleTtlMs: 600_000, ...options });
  return { b, advance: (ms: number) => (now += ms) };
}

describe('import progress board', () => {
  it('accepts short url-safe ids only', () => {
    expect(isProgressId('a1B2-c3_d4')).toBe(true);
    expect(isProgressId('0123456789abcdef0123456789abcdef')).toBe(true);
    for (const bad of ['short', 'x'.repeat(65), 'has space 1', '../../etc/pw', 'ünïcödé-id', 42, null]) expect(isProgressId(bad)).toBe(false);
  });

  it('follows an import through its phases with fractions and counts', () => {
    const { b } = board();
    expect(b.begin('import-1', 1000)).toBeNull();
    expect(b.get('import-1')).toMatchObject({ phase: 'receiving', done: 0, total: 1000, fraction: 0 });
    b.receiving('import-1', 250);
    expect(b.get('import-1')).toMatchObject({ phase: 'receiving', done: 250, total: 1000, fraction: 0.25 });
    b.queued('import-1');
    expect(b.get('import-1')).toMatchObject({ phase: 'queued', done: null, total: null, fraction: null });
    b.parsing('import-1', null);
    b.parsing('import-1', 0.4);
    expect(b.get('import-1')).toMatchObject({ phase: 'parsing', fraction: 0.4 });
    b.receiving('import-1', 900); // late body counts change nothing once parsing
    expect(b.get('import-1')!.phase).toBe('parsing');
    b.scoring('import-1', 500, 2000);
    expect(b.get('import-1')).toMatchObject({ phase: 'scoring', done: 500, total: 2000, fraction: 0.25 });
    b.scoring('import-1', 0, 0);
    expect(b.get('import-1')!.fraction).toBe(1);
    b.saving('import-1');
    b.done('import-1', ['t1', 't2']);
    expect(b.get('import-1')).toMatchObject({ phase: 'done', fraction: 1, threadIds: ['t1', 't2'], error: null });
  });

  it('keeps the first ending: a failure after done (or a second failure) changes nothing', () => {
    const { b } = board();
    b.begin('import-2', null);
    expect(b.get('import-2')).toMatchObject({ phase: 'receiving', total: null, fraction: null });
    b.fail('import-2', 'big.xml, line 3: not XML', 'line 3');
    b.fail('import-2', 'the server answered 400', null);
    b.parsing('import-2', 0.5);
    expect(b.get('import-2')).toMatchObject({ phase: 'failed', error: 'big.xml, line 3: not XML', where: 'line 3' });
    expect(b.isRunning('import-2')).toBe(false);
  });

  it('refuses an id that is still running, and reuses the id of a finished import', () => {
    const { b } = board();
    b.begin('import-3', 10);
    expect(b.begin('import-3', 10)).toBe('in-use');
    b.done('import-3', []);
    expect(b.begin('import-3', 20)).toBeNull();
    expect(b.get('import-3')).toMatchObject({ phase: 'receiving', total: 20 });
  });

  it('forgets finished imports after their time, and lost ones after theirs', () => {
    const { b, advance } = board();
    b.begin('finished', 1);
    b.done('finished', []);
    b.begin('lost-upload', 1);
    advance(59_000);
    expect(b.get('finished')).not.toBeNull();
    advance(2_000);
    expect(b.get('finished')).toBeNull();
    expect(b.get('lost-upload')).not.toBeNull();
    advance(600_000);
    expect(b.get('lost-upload')).toBeNull();
  });

  it('makes room by dropping the oldest finished import, and is full when every entry runs', () => {
    const { b } = board({ maxEntries: 2 });
    b.begin('import-a', 1);
    b.begin('import-b', 1);
    expect(b.begin('import-c', 1)).toBe('full');
    b.fail('import-a', 'bad', null);
    expect(b.begin('import-c', 1)).toBeNull();
    expect(b.get('import-a')).toBeNull();
    expect(b.get('import-b')!.phase).toBe('receiving');
  });
});
