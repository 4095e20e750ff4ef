/**
 * The team's thresholds (docs/adr/0023-audit-trail.md): a slider and a number per attribute plus the trope minimum
 * severity. Everyone sees them and who set them last; an administrator edits them (the edit re-flags this console
 * live as a draft) and saves them for the team with a reason, which the audit trail records; other roles see them
 * read-only.
 */
import { useId, useState } from 'react';
import type { Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES, type Attribute, type TropeSeverity } from '../../core/scoring.ts';
import { useCan } from '../session/session-context.tsx';
import { sameThresholds } from './team-thresholds-model.ts';
import type { TeamThresholdsControl } from './use-thresholds.ts';

const SEVERITIES: Array<{ value: TropeSeverity; label: string }> = [
  { value: 1, label: '1 · low' },
  { value: 2, label: '2 · medium' },
  { value: 3, label: '3 · high' },
  { value: 4, label: '4 · critical' },
];

interface Props {
  thresholds: Thresholds;
  defaults: Thresholds;
  onChange: (next: Thresholds) => void;
  /** Comments flagged under the current thresholds, to show what a change does. */
  flaggedCount: number;
  total: number;
  team: TeamThresholdsControl;
}

/** Rounds to two decimals and clamps to 0..1; NaN (an empty box) keeps the old value. */
function clampScore(value: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(1, Math.max(0, Math.round(value * 100) / 100));
}

/** A number box that lets the moderator type freely ("0.", "") and commits each valid 0..1 value. */
function NumberBox({ label, value, onCommit, disabled }: { label: string; value: number; onCommit: (value: number) => void; disabled: boolean }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      type="number"
      min={0}
      max={1}
      step={0.01}
      inputMode="decimal"
      className="threshold-number"
      aria-label={label}
      disabled={disabled}
      value={draft ?? value.toFixed(2)}
      onChange={(event) => {
        setDraft(event.target.value);
        const parsed = Number(event.target.value);
        if (event.target.value.trim() !== '' && Number.isFinite(parsed) && parsed >= 0 && parsed <= 1) onCommit(parsed);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}

const when = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

/** Who set the team's thresholds, and when (or that they are the built-in defaults). */
function SetBy({ team }: { team: TeamThresholdsControl['team'] }) {
  if (team === null) return <span className="muted">Loading the team's thresholds…</span>;
  if (team.updatedAt === null) return <span>The team uses the built-in defaults.</span>;
  return <span>{`Set for the team by ${team.updatedBy ?? 'unknown'} on ${when(team.updatedAt)}.`}</span>;
}

/** The administrator's save: a reason (recorded in the audit trail), Save for the team, Discard changes. */
function SaveBar({ team }: { team: TeamThresholdsControl }) {
  const [why, setWhy] = useState('');
  const whyId = useId();
  const dirty = team.draft !== null;
  return (
    <form
      className="threshold-save"
      onSubmit={(event) => {
        event.preventDefault();
        if (!dirty || why.trim() === '') return;
        void team.save(why.trim()).then((saved) => {
          if (saved) setWhy('');
        });
      }}
    >
      <label htmlFor={whyId}>Reason for the change</label>
      <input id={whyId} type="text" value={why} maxLength={2000} onChange={(event) => setWhy(event.target.value)} disabled={!dirty || team.saving} placeholder={dirty ? 'why the team needs these thresholds' : 'change a threshold first'} />
      <button type="submit" className="primary" disabled={!dirty || team.saving || why.trim() === ''}>
        {team.saving ? 'Saving…' : 'Save for the team'}
      </button>
      <button type="button" disabled={!dirty || team.saving} onClick={team.discard}>
        Discard changes
      </button>
      {team.error ? (
        <span className="import-error" role="alert">
          Not saved: {team.error}
        </span>
      ) : null}
    </form>
  );
}

export function ThresholdsPanel({ thresholds, defaults, onChange, flaggedCount, total, team }: Props) {
  const canEdit = useCan('administer');
  const setAttribute = (attribute: Attribute, raw: number) =>
    onChange({ ...thresholds, attributes: { ...thresholds.attributes, [attribute]: clampScore(raw, thresholds.attributes[attribute]) } });
  return (
    <section className="thresholds" aria-label="Thresholds">
      <div className="threshold-grid">
        {ATTRIBUTES.map((attribute) => {
          const value = thresholds.attributes[attribute];
          const id = `threshold-${attribute}`;
          return (
            <div key={attribute} className={value === defaults.attributes[attribute] ? 'threshold' : 'threshold changed'}>
              <label htmlFor={id}>{attribute}</label>
              <input
                id={id}
                type="range"
                min={0}
                max={1}
                step={0.01}
                value={value}
                aria-label={`${attribute} threshold`}
                aria-valuetext={value.toFixed(2)}
                disabled={!canEdit}
                onChange={(event) => setAttribute(attribute, event.target.valueAsNumber)}
              />
              <NumberBox label={`${attribute} threshold value`} value={value} disabled={!canEdit} onCommit={(v) => setAttribute(attribute, v)} />
            </div>
          );
        })}
        <div className={thresholds.tropeMinSeverity === defaults.tropeMinSeverity ? 'threshold' : 'threshold changed'}>
          <label htmlFor="threshold-trope">Trope min. severity</label>
          <select
            id="threshold-trope"
            aria-label="Trope minimum severity"
            disabled={!canEdit}
            value={thresholds.tropeMinSeverity}
            onChange={(event) => onChange({ ...thresholds, tropeMinSeverity: Number(event.target.value) as TropeSeverity })}
          >
            {SEVERITIES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="threshold-foot">
        <span>
          {flaggedCount} of {total} comments flagged with these thresholds.
        </span>
        <SetBy team={team.team} />
        {canEdit ? (
          <button type="button" disabled={sameThresholds(thresholds, defaults)} onClick={() => onChange(defaults)}>
            Reset to defaults
          </button>
        ) : (
          <span className="muted">Only administrators change the team's thresholds.</span>
        )}
      </div>
      {canEdit ? <SaveBar team={team} /> : null}
    </section>
  );
}
