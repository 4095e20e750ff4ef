import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScoringStatus } from '../../core/api.ts';
import { BACKLOG_POLL_MS, ScoringBacklog } from './scoring-backlog.tsx';

const base: ScoringStatus = { scorer: { name: 'perspective', version: 'v@x' }, remote: true, qps: 4, pending: 0, attempts: 0, succeeded: 0, failed: 0, retries: 0, circuit: 'closed', choice: null, options: [] };

function serve(statuses: ScoringStatus[]) {
  let i = 0;
  const fetch = vi.fn(async () => new Response(JSON.stringify(statuses[Math.min(i++, statuses.length - 1)]), { status: 200, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => { cleanup(); vi.useRealTimers(); vi.unstubAllGlobals(); });

describe('ScoringBacklog', () => {
  it('shows waiting, scored, failed, the rate against the limit and an open circuit while a remote scorer works', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    serve([
      { ...base, pending: 12, attempts: 3, succeeded: 3 },
      { ...base, pending: 8, attempts: 7, succeeded: 6, failed: 1 },
      { ...base, pending: 0, attempts: 9, succeeded: 6, failed: 3, circuit: 'open' },
    ]);
    render(<ScoringBacklog scorerName="perspective" />);
    await act(async () => { await vi.advanceTimersByTimeAsync(0); });
    expect(screen.getByRole('status').textContent).toBe('perspective: 12 waiting · 3 scored');
    await act(async () => { await vi.advanceTimersByTimeAsync(BACKLOG_POLL_MS); });
    expect(screen.getByRole('status').textContent).toBe('perspective: 8 waiting · 6 scored · 1 failed · 4.0/s (limit 4/s)');
    await act(async () => { await vi.advanceTimersByTimeAsync(BACKLOG_POLL_MS); });
    expect(screen.getByRole('status').textContent).toBe('perspective: 6 scored · 3 failed · service unavailable (circuit open)');
  });

  it('asks nothing for the embedded scorer and shows nothing when a remote scorer is idle', async () => {
    const fetch = serve([base]);
    const { unmount } = render(<ScoringBacklog scorerName="local-model" />);
    await act(async () => { await Promise.resolve(); });
    expect(fetch).not.toHaveBeenCalled();
    unmount();
    render(<ScoringBacklog scorerName="perspective" />);
    await act(async () => { await new Promise((r) => setTimeout(r, 10)); });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
