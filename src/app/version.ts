/**
 * Threadscope's version, read once from package.json, and the generator names recorded in reports.
 */
import fs from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The package version, e.g. "0.1.0". */
export const VERSION = readVersion();

/** What made a report, per shell. */
export function generatorName(shell: 'server' | 'cli'): string {
  return `threadscope ${VERSION} (${shell})`;
}
