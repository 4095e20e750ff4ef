/**
 * Threshold controls: a slider and a number per attribute plus the trope minimum severity; changes re-flag live.
 */
import { useState } from 'react';
import type { Thresholds } from '../../core/flags.ts';
import { ATTRIBUTES, type Attribute, type TropeSeverity } from '../../core/scoring.ts';

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
}

/** Rounds to two decimals and clamps to 0..1; NaN (an empty box) keeps the old value. */
function clampScore(value: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(1, Math.max(0, Math.round(value * 100) / 100));
}

/** A number box that lets the moderator type freely ("0.", "") and commits each valid 0..1 value. */
function NumberBox({ label, value, onCommit }: { label: string; value: number; onCommit: (value: number) => void }) {
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

const same = (a: Thresholds, b: Thresholds): boolean =>
  a.tropeMinSeverity === b.tropeMinSeverity && ATTRIBUTES.every((attr) => a.attributes[attr] === b.attributes[attr]);

export function ThresholdsPanel({ thresholds, defaults, onChange, flaggedCount, total }: Props) {
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
                onChange={(event) => setAttribute(attribute, event.target.valueAsNumber)}
              />
              <NumberBox label={`${attribute} threshold value`} value={value} onCommit={(v) => setAttribute(attribute, v)} />
            </div>
          );
        })}
        <div className={thresholds.tropeMinSeverity === defaults.tropeMinSeverity ? 'threshold' : 'threshold changed'}>
          <label htmlFor="threshold-trope">Trope min. severity</label>
          <select
            id="threshold-trope"
            aria-label="Trope minimum severity"
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
        <button type="button" disabled={same(thresholds, defaults)} onClick={() => onChange(defaults)}>
          Reset to defaults
        </button>
      </div>
    </section>
  );
}
