import { describe, expect, it } from 'vitest';
import { DEFAULT_REASONS, validateReasons } from '../../core/reasons.ts';
import { codeFromLabel, initialEditorState, reasonsEditorReducer, type ReasonsEditorAction, type ReasonsEditorState } from './reasons-editor.ts';

const run = (...actions: ReasonsEditorAction[]): ReasonsEditorState => actions.reduce(reasonsEditorReducer, initialEditorState(DEFAULT_REASONS));

describe('reasons editor', () => {
  it('adds a reason with a code made from its label, renames, retires, sets ground and note, and reorders', () => {
    const state = run(
      { type: 'add', code: '', label: ' Doxxing / outing ' },
      { type: 'rename', code: 'spam', label: 'Spam or ads' },
      { type: 'retire', code: 'misinformation', retired: true },
      { type: 'ground', code: 'doxxing-outing', illegal: true },
      { type: 'needs-note', code: 'doxxing-outing', needsNote: true },
      { type: 'move', code: 'doxxing-outing', by: -1 },
    );
    expect(state.error).toBeNull();
    const codes = state.list.map((r) => r.code);
    expect(codes.slice(-3)).toEqual(['irrelevant', 'doxxing-outing', 'other']);
    expect(state.list.find((r) => r.code === 'doxxing-outing')).toEqual({ code: 'doxxing-outing', label: 'Doxxing / outing', ground: 'illegal', needsNote: true, retired: false });
    expect(state.list.find((r) => r.code === 'spam')?.label).toBe('Spam or ads');
    expect(state.list.find((r) => r.code === 'misinformation')?.retired).toBe(true);
    expect(validateReasons(state.list).ok).toBe(true);
  });

  it('refuses an empty label, a bad code and a code already listed, with a message; moving past the ends changes nothing', () => {
    expect(run({ type: 'add', code: '', label: '  ' }).error).toBe('Give the new reason a label.');
    expect(run({ type: 'add', code: 'Bad Code', label: 'x' }).error).toContain('must be 1-40 lowercase letters');
    expect(run({ type: 'add', code: '', label: 'Spam' }).error).toBe('A reason with the code "spam" is already in the list.');
    const start = initialEditorState(DEFAULT_REASONS);
    expect(reasonsEditorReducer(start, { type: 'move', code: 'offensive', by: -1 })).toBe(start);
  });

  it('makes codes from labels', () => {
    expect(codeFromLabel('Hate speech')).toBe('hate-speech');
    expect(codeFromLabel('Rufmord (§ 187 StGB)')).toBe('rufmord-187-stgb');
    expect(codeFromLabel('Ünïcödé')).toBe('unicode');
  });
});
