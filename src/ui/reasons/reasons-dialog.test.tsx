import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReasonDef } from '../../core/api.ts';
import { DEFAULT_REASONS } from '../../core/reasons.ts';
import { ReasonsDialog } from './reasons-dialog.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('ReasonsDialog', () => {
  it('adds, renames, retires and moves reasons with labelled controls, then saves the whole list', async () => {
    const sent: ReasonDef[][] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init?: RequestInit) => {
      const { reasons } = JSON.parse(String(init?.body)) as { reasons: ReasonDef[] };
      sent.push(reasons);
      return json(reasons, 200);
    }));
    const onSaved = vi.fn();
    const onClose = vi.fn();
    render(<ReasonsDialog reasons={DEFAULT_REASONS} onSaved={onSaved} onClose={onClose} />);
    expect(screen.getByRole('dialog', { name: 'Reasons' })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'New reason' }), { target: { value: 'Doxxing' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add reason' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Doxxing: illegal content (asks a legal ground)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Move Doxxing up' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Label of spam' }), { target: { value: 'Spam or ads' } });
    fireEvent.click(screen.getByRole('button', { name: 'Retire Misinformation' }));
    expect(screen.getByRole('button', { name: 'Restore Misinformation' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save reasons' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const list = sent[0]!;
    expect(list.map((r) => r.code).slice(-3)).toEqual(['irrelevant', 'doxxing', 'other']);
    expect(list.find((r) => r.code === 'doxxing')).toEqual({ code: 'doxxing', label: 'Doxxing', ground: 'illegal', needsNote: false, retired: false });
    expect(list.find((r) => r.code === 'spam')?.label).toBe('Spam or ads');
    expect(list.find((r) => r.code === 'misinformation')?.retired).toBe(true);
    expect(onSaved).toHaveBeenCalledWith(list);
  });

  it("shows the rule a list breaks before sending, and the server's refusal as it came", async () => {
    const fetch = vi.fn(async () => json({ error: 'decisions name "spam": a reason in use cannot be removed, only retired', where: 'body.reasons' }, 400));
    vi.stubGlobal('fetch', fetch);
    render(<ReasonsDialog reasons={DEFAULT_REASONS.slice(0, 1)} onSaved={() => undefined} onClose={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retire Offensive' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save reasons' }));
    expect((await screen.findByRole('alert')).textContent).toBe('at least one reason must be active (not retired)');
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Restore Offensive' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save reasons' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Not saved: decisions name "spam"'));
  });
});
