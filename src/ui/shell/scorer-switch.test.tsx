import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScoringStatus } from '../../core/api.ts';
import { ScorerSwitch } from './scorer-switch.tsx';

const status = (choice: string, name: string): ScoringStatus => ({
  scorer: { name, version: '1' }, remote: choice !== 'local', qps: null, pending: 0, attempts: 0, succeeded: 0, failed: 0, retries: 0, circuit: 'closed',
  choice,
  options: [
    { name: 'local', available: true, detail: 'Embedded model', scorer: { name: 'embedded-model', version: '1' } },
    { name: 'perspective', available: false, detail: 'the perspective scorer needs an API key in the environment variable PERSPECTIVE_API_KEY' },
    { name: 'openai', available: true, detail: 'OpenAI moderation endpoint', scorer: { name: 'openai-moderation', version: '1' } },
  ],
});

function json(value: unknown, code = 200) {
  return new Response(JSON.stringify(value), { status: code, headers: { 'content-type': 'application/json' } });
}

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

describe('ScorerSwitch', () => {
  it('lists the server choices, disables the ones not set up, and switches with PUT', async () => {
    const fetch = vi.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'PUT' ? json(status(JSON.parse(String(init.body)).name, 'openai-moderation')) : json(status('local', 'embedded-model')));
    vi.stubGlobal('fetch', fetch);
    const onSwitched = vi.fn();
    const onError = vi.fn();
    render(<ScorerSwitch onSwitched={onSwitched} onError={onError} />);
    const select = await screen.findByRole('combobox', { name: 'Scorer' });
    expect((screen.getByRole('option', { name: /Perspective API \(not set up\)/ }) as HTMLOptionElement).disabled).toBe(true);
    expect((select as HTMLSelectElement).value).toBe('local');
    await act(async () => { fireEvent.change(select, { target: { value: 'openai' } }); });
    expect(fetch).toHaveBeenLastCalledWith('/api/scoring/scorer', expect.objectContaining({ method: 'PUT', body: '{"name":"openai"}' }));
    expect(onSwitched).toHaveBeenCalledWith('openai-moderation');
    expect((select as HTMLSelectElement).value).toBe('openai');
    expect(onError).not.toHaveBeenCalled();
  });

  it('reports a refused switch and keeps the choice', async () => {
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'PUT' ? json({ error: 'the openai scorer is not available on this server', where: 'body.name' }, 400) : json(status('local', 'embedded-model'))));
    const onError = vi.fn();
    render(<ScorerSwitch onSwitched={vi.fn()} onError={onError} />);
    const select = await screen.findByRole('combobox', { name: 'Scorer' });
    await act(async () => { fireEvent.change(select, { target: { value: 'openai' } }); });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ error: 'the openai scorer is not available on this server' }));
    expect((select as HTMLSelectElement).value).toBe('local');
  });

  it('shows nothing when only the embedded scorer is set up', async () => {
    const onlyLocal = status('local', 'embedded-model');
    onlyLocal.options = onlyLocal.options.map((o) => (o.name === 'local' ? o : { ...o, available: false, detail: 'no key' }));
    vi.stubGlobal('fetch', vi.fn(async () => json(onlyLocal)));
    render(<ScorerSwitch onSwitched={vi.fn()} onError={vi.fn()} />);
    await act(async () => { await new Promise((r) => setTimeout(r, 10)); });
    expect(screen.queryByRole('combobox', { name: 'Scorer' })).toBeNull();
  });

  it('shows nothing when the server offers no choice', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ ...status('local', 'embedded-model'), choice: null, options: [] })));
    render(<ScorerSwitch onSwitched={vi.fn()} onError={vi.fn()} />);
    await act(async () => { await new Promise((r) => setTimeout(r, 10)); });
    expect(screen.queryByRole('combobox', { name: 'Scorer' })).toBeNull();
  });
});
