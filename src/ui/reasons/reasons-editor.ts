/**
 * The reasons editor's state as a pure reducer (reasons-dialog.tsx is its view): a working copy of the team's list
 * that editors change (add, rename, retire or restore, reorder, ground, needs a note) and then save in one PUT. The
 * list's rules are src/core/reasons.ts's (checked before saving and again by the server); a reason is never removed
 * here, only retired, so old decisions keep their label.
 */
import type { ReasonDef } from '../../core/api.ts';
import { REASON_CODE_PATTERN } from '../../core/reasons.ts';

export interface ReasonsEditorState {
  list: ReasonDef[];
  /** Codes of the list as loaded (those may not change code). */
  saved: ReadonlySet<string>;
  error: string | null;
  busy: boolean;
}

export type ReasonsEditorAction =
  | { type: 'load'; reasons: readonly ReasonDef[] }
  | { type: 'add'; code: string; label: string }
  | { type: 'rename'; code: string; label: string }
  | { type: 'retire'; code: string; retired: boolean }
  | { type: 'ground'; code: string; illegal: boolean }
  | { type: 'needs-note'; code: string; needsNote: boolean }
  | { type: 'move'; code: string; by: -1 | 1 }
  | { type: 'busy' }
  | { type: 'failed'; error: string };

export function initialEditorState(reasons: readonly ReasonDef[]): ReasonsEditorState {
  return { list: reasons.map((r) => ({ ...r })), saved: new Set(reasons.map((r) => r.code)), error: null, busy: false };
}

/** A code made from a label: lowercase letters, digits and dashes ("Doxxing / outing" -> "doxxing-outing"). */
export function codeFromLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

const update = (state: ReasonsEditorState, code: string, change: Partial<ReasonDef>): ReasonsEditorState => ({
  ...state,
  error: null,
  list: state.list.map((r) => (r.code === code ? { ...r, ...change } : r)),
});

export function reasonsEditorReducer(state: ReasonsEditorState, action: ReasonsEditorAction): ReasonsEditorState {
  switch (action.type) {
    case 'load':
      return initialEditorState(action.reasons);
    case 'add': {
      const label = action.label.trim();
      const code = action.code.trim() || codeFromLabel(label);
      if (label.length === 0) return { ...state, error: 'Give the new reason a label.' };
      if (!REASON_CODE_PATTERN.test(code)) return { ...state, error: `The code "${code}" must be 1-40 lowercase letters, digits or dashes.` };
      if (state.list.some((r) => r.code === code)) return { ...state, error: `A reason with the code "${code}" is already in the list.` };
      return { ...state, error: null, list: [...state.list, { code, label, ground: 'incompatible', needsNote: false, retired: false }] };
    }
    case 'rename':
      return update(state, action.code, { label: action.label });
    case 'retire':
      return update(state, action.code, { retired: action.retired });
    case 'ground':
      return update(state, action.code, { ground: action.illegal ? 'illegal' : 'incompatible' });
    case 'needs-note':
      return update(state, action.code, { needsNote: action.needsNote });
    case 'move': {
      const at = state.list.findIndex((r) => r.code === action.code);
      const to = at + action.by;
      if (at < 0 || to < 0 || to >= state.list.length) return state;
      const list = [...state.list];
      [list[at], list[to]] = [list[to]!, list[at]!];
      return { ...state, error: null, list };
    }
    case 'busy':
      return { ...state, busy: true, error: null };
    case 'failed':
      return { ...state, busy: false, error: action.error };
  }
}
