import { describe, expect, it } from 'vitest';
import { placeTooltip } from './flag-badge.tsx';

const box = (left: number, top: number, width: number, height: number) => ({ left, top, right: left + width, bottom: top + height });

describe('placeTooltip', () => {
  const bounds = box(600, 100, 400, 600);

  it('leaves a tooltip that fits where it is', () => {
    expect(placeTooltip(box(620, 200, 200, 50), box(620, 180, 40, 18), bounds)).toEqual({ shiftX: 0, above: false });
  });

  it('shifts a tooltip that passes the right edge back inside, keeping a small gap', () => {
    // Right edge at 1000, the tooltip ends at 1050: 50 over, plus the 6 px gap.
    expect(placeTooltip(box(750, 200, 300, 50), box(750, 180, 40, 18), bounds).shiftX).toBe(-56);
  });

  it('never shifts past the left edge when the tooltip is wider than the area', () => {
    expect(placeTooltip(box(650, 200, 500, 50), box(650, 180, 40, 18), bounds).shiftX).toBe(-44);
  });

  it('flips above the badge near the bottom when there is more room above', () => {
    expect(placeTooltip(box(620, 660, 200, 80), box(620, 640, 40, 18), bounds).above).toBe(true);
    expect(placeTooltip(box(620, 160, 200, 800), box(620, 140, 40, 18), bounds).above).toBe(false);
  });
});
