import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReasonDef } from '../../core/api.ts';
import type { DecisionState } from '../../core/decisions.ts';
import { DEFAULT_REASONS } from '../../core/reasons.ts';
import { capabilitiesOf, type Role } from '../../core/roles.ts';
import { ReasonsContext } from '../reasons/reasons-context.tsx';
import { SessionContext } from '../session/session-context.tsx';
import { DecisionBar } from './decision-bar.tsx';

afterEach(cleanup);

const TEAM: ReasonDef[] = [...DEFAULT_REASONS, { code: 'doxxing', label: 'Doxxing', ground: 'illegal', needsNote: false, retired: false }, { code: 'old', label: 'Old rule', ground: 'incompatible', needsNote: false, retired: true }];

function renderBar(role: Role, props: { reason?: string; note?: string; currentState?: DecisionState | null } = {}, openEditor: (() => void) | null = null) {
  const onDecide = vi.fn();
  const onReason = vi.fn();
  render(
    <SessionContext.Provider value={{ user: { id: 1, username: 'mia', role }, mode: 'account', capabilities: capabilitiesOf(role), expiresAt: null, mustChangePassword: false }}>
      <ReasonsContext.Provider value={{ reasons: TEAM, openEditor }}>
        <DecisionBar
          reason={props.reason ?? ''}
          note={props.note ?? ''}
          legalGround=""
          onReason={onReason}
          onNote={() => undefined}
          onLegalGround={() => undefined}
          currentState={props.currentState ?? null}
          currentAuthor="Ana"
          currentHidden={false}
          checkedCount={0}
          hiddenCheckedCount={0}
          canUndo={false}
          onDecide={onDecide}
          onBulk={() => undefined}
          onUndo={() => undefined}
          onClearChecked={() => undefined}
        />
      </ReasonsContext.Provider>
    </SessionContext.Provider>,
  );
  return { onDecide, onReason };
}

describe('DecisionBar', () => {
  it("offers the team's active reasons under Reason, by code, and no legal ground until an illegal-content reason is chosen", () => {
    const { onReason } = renderBar('moderator');
    const select = screen.getByRole('combobox', { name: 'Reason' });
    const options = Array.from((select as HTMLSelectElement).options).map((o) => o.textContent);
    expect(options).toEqual(['(none)', ...DEFAULT_REASONS.map((r) => r.label), 'Doxxing']);
    expect(screen.queryByRole('textbox', { name: 'Legal ground' })).toBeNull();
    fireEvent.change(select, { target: { value: 'hate-speech' } });
    expect(onReason).toHaveBeenCalledWith('hate-speech');
  });

  it('asks a legal ground for an illegal-content reason and marks the note required for "other"', () => {
    renderBar('moderator', { reason: 'doxxing' });
    expect(screen.getByRole('textbox', { name: 'Legal ground' })).toBeTruthy();
    cleanup();
    renderBar('moderator', { reason: 'other' });
    const note = screen.getByRole('textbox', { name: 'Note (required)' });
    expect(note.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a viewer no decision controls', () => {
    renderBar('viewer');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Reason' })).toBeNull();
    expect(screen.getByText(/Your role can read comments and reports but not decide/)).toBeTruthy();
  });

  it('leaves approve and reject of an escalated comment to editors', () => {
    renderBar('moderator', { currentState: 'escalated' });
    expect((screen.getByRole('button', { name: 'Approve' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Reject' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Escalate' }) as HTMLButtonElement).disabled).toBe(false);
    cleanup();
    const { onDecide } = renderBar('editor', { currentState: 'escalated' });
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onDecide).toHaveBeenCalledWith('approve');
  });

  it('gives editors the Reasons editor, not moderators', () => {
    const open = vi.fn();
    renderBar('moderator', {}, open);
    expect(screen.queryByRole('button', { name: 'Reasons…' })).toBeNull();
    cleanup();
    renderBar('editor', {}, open);
    fireEvent.click(screen.getByRole('button', { name: 'Reasons…' }));
    expect(open).toHaveBeenCalled();
  });
});
