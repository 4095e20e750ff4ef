// The console's colour pairs meet WCAG AA contrast (read from src/ui/styles.css; here because UI code may not use Node).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The custom properties of the console's :root, by name. */
function rootColors(): Map<string, string> {
  const css = readFileSync(join(import.meta.dirname, 'ui/styles.css'), 'utf8');
  const root = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  return new Map([...root.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!]));
}

/** WCAG 2 relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('console colours', () => {
  const colors = rootColors();
  const pairs: Array<[string, string, string]> = [
    ['Approved chip', '--ok', '--ok-bg'],
    ['Escalated chip', '--warn', '--warn-bg'],
    ['Rejected chip', '--reject', '--reject-bg'],
    ['Flag pill', '--flag', '--flag-bg'],
    ['Trope chip', '--trope', '--trope-bg'],
    ['Muted text on a panel', '--muted', '--panel-2'],
    ['Muted text on the current row', '--muted', '--accent-soft'],
  ];
  it.each(pairs)('%s text reaches 4.5:1 on its background', (_name, fg, bg) => {
    expect(colors.get(fg), fg).toBeDefined();
    expect(colors.get(bg), bg).toBeDefined();
    expect(contrast(colors.get(fg)!, colors.get(bg)!)).toBeGreaterThanOrEqual(4.5);
  });
});
