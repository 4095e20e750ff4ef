import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiKeysResponse, ApiKeyUsage } from '../../core/api.ts';
import { ApiKeysButton, apiKeysReducer } from './api-keys-dialog.tsx';

const coral: ApiKeyUsage = { label: 'coral', qps: 10, createdAt: '2026-12-01T10:00:00.000Z', requests: 1234, lastUsedAt: '2026-12-06T23:00:00.000Z' };
const wp: ApiKeyUsage = { label: 'wp-plugin', qps: 2.5, createdAt: '2026-12-02T10:00:00.000Z', requests: 0, lastUsedAt: null };

function serve(...answers: Array<ApiKeysResponse | { status: number; error: string }>) {
  let i = 0;
  const fetch = vi.fn(async () => {
    const answer = answers[Math.min(i++, answers.length - 1)]!;
    const status = 'status' in answer ? answer.status : 200;
    const body = 'status' in answer ? { error: answer.error } : answer;
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

async function open() {
  fireEvent.click(screen.getByRole('button', { name: 'API keys' }));
  await act(async () => { await Promise.resolve(); });
  return screen.getByRole('dialog', { name: 'API keys' });
}

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

describe('API keys dialog', () => {
  it('asks nothing until opened, then lists label, rate, requests and last use from GET /api/api-keys', async () => {
    const fetch = serve({ keys: [coral, wp] });
    render(<ApiKeysButton />);
    expect(fetch).not.toHaveBeenCalled();
    const dialog = await open();
    expect(fetch).toHaveBeenCalledWith('/api/api-keys', expect.objectContaining({ method: 'GET' }));
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe('coral');
    expect(rows[0]!.textContent).toContain('10/s');
    expect(rows[0]!.textContent).toContain((1234).toLocaleString());
    expect(rows[1]!.textContent).toContain('2.5/s');
    expect(rows[1]!.textContent).toContain('never');
    expect(within(dialog).getByText(/npm run --silent apikey -- create <label>/)).toBeTruthy();
  });

  it('says when there are no keys, refreshes on demand and closes', async () => {
    const fetch = serve({ keys: [] }, { keys: [coral] });
    render(<ApiKeysButton />);
    const dialog = await open();
    expect(within(dialog).getByText('No API keys yet.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Refresh' }));
    await act(async () => { await Promise.resolve(); });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(within(dialog).getByRole('rowheader').textContent).toBe('coral');
    expect(within(dialog).queryByText('No API keys yet.')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the server\'s error as an alert', async () => {
    serve({ status: 500, error: 'internal error; the server log has the details' });
    render(<ApiKeysButton />);
    const dialog = await open();
    expect(within(dialog).getByRole('alert').textContent).toBe('Could not load the API keys: internal error; the server log has the details');
  });

  it('the reducer keeps the last list while reloading and after a failure', () => {
    const loaded = apiKeysReducer({ phase: 'loading', keys: null }, { type: 'loaded', keys: [coral] });
    expect(apiKeysReducer(loaded, { type: 'load' })).toEqual({ phase: 'loading', keys: [coral] });
    expect(apiKeysReducer(loaded, { type: 'failed', error: 'x' })).toEqual({ phase: 'failed', error: 'x', keys: [coral] });
  });
});
