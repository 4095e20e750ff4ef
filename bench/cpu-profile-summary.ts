/**
 * Where the time goes in V8 CPU profiles (`node --cpu-prof`, e.g. the big-thread bench's CLI runs with
 * BENCH_BIG_CPU_PROF=DIR): `npx tsx bench/cpu-profile-summary.ts <profile.cpuprofile | dir> [top]`.
 * Prints, per profile (one per thread), the self time grouped by area (the project's folders: scoring model, tropes,
 * importers, store, thread view, report…; node's internals; SQLite; garbage collection; idle) and the top functions by
 * self time with their file. On a loaded machine the sampled seconds include time the thread waited for a core (the
 * profiler samples by the clock), so read the shares rather than the seconds.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Areas by the path of the function's file, first match wins. */
const AREAS: ReadonlyArray<[RegExp, string]> = [
  [/\/src\/scoring\/model\//, 'scoring: model'],
  [/\/src\/scoring\/tropes?\//, 'scoring: tropes'],
  [/\/src\/scoring\/text\//, 'scoring: text (tokenizer, phrase matcher, precheck)'],
  [/\/src\/scoring\//, 'scoring: other'],
  [/\/src\/importers\//, 'importers (parse)'],
  [/\/src\/server\/(store|store-[a-z-]+)\.ts/, 'store (SQLite rows)'],
  [/\/src\/server\/(thread-view|view-cache)\.ts/, 'thread view'],
  [/\/src\/server\/(pipeline|score-texts)\.ts/, 'pipeline'],
  [/\/src\/server\//, 'server: other'],
  [/\/src\/exporters\//, 'report (exporters)'],
  [/\/src\/core\//, 'core'],
  [/\/src\/cli\//, 'cli'],
  [/better-sqlite3/, 'SQLite (better-sqlite3)'],
  [/node_modules\/(tsx|esbuild|get-tsconfig)/, 'tsx (TypeScript loading)'],
  [/node_modules\//, 'other packages'],
  [/^node:|^internal\//, 'node internals'],
];

function area(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8/native (program)';
  if (url === '') return 'native builtins (JSON, RegExp, strings, Map…)';
  for (const [pattern, name] of AREAS) if (pattern.test(url)) return name;
  return 'other';
}

/** Self time (ms) per node id: from samples and time deltas when present, else hit counts spread over the run. */
function selfTimes(profile: Profile): Map<number, number> {
  const self = new Map<number, number>();
  if (profile.samples && profile.timeDeltas && profile.samples.length === profile.timeDeltas.length) {
    // timeDeltas[i] is the time before sample i; the time after a sample belongs to it, so shift by one.
    for (let i = 0; i < profile.samples.length; i++) {
      const delta = profile.timeDeltas[i + 1] ?? 0;
      self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + delta / 1000);
    }
    return self;
  }
  const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const per = hits === 0 ? 0 : (profile.endTime - profile.startTime) / 1000 / hits;
  for (const node of profile.nodes) self.set(node.id, (node.hitCount ?? 0) * per);
  return self;
}

function shortUrl(url: string): string {
  const src = url.indexOf('/src/');
  if (src !== -1) return url.slice(src + 1);
  const nm = url.lastIndexOf('node_modules/');
  return nm !== -1 ? url.slice(nm) : url;
}

/** Lines describing one profile. */
export function summarizeProfile(file: string, top = 25): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const self = selfTimes(profile);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    total += ms;
    const a = area(node);
    byArea.set(a, (byArea.get(a) ?? 0) + ms);
    const key = `${node.callFrame.functionName || '(anonymous)'}  ${shortUrl(node.callFrame.url)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}  [${a}]`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    const fileKey = node.callFrame.url === '' ? `(${a})` : shortUrl(node.callFrame.url);
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + ms);
  }
  const wall = (profile.endTime - profile.startTime) / 1000;
  const lines = [`${path.basename(file)}: ${(wall / 1000).toFixed(2)} s profiled, ${(total / 1000).toFixed(2)} s sampled`, '  self time by area:'];
  for (const [name, ms] of [...byArea].sort((a, b) => b[1] - a[1])) lines.push(`    ${(ms / 1000).toFixed(2).padStart(7)} s  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`);
  lines.push('  self time by file (top 15):');
  for (const [name, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`    ${(ms / 1000).toFixed(2).padStart(7)} s  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`);
  lines.push(`  top ${top} functions by self time:`);
  for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${(ms / 1000).toFixed(2).padStart(7)} s  ${name}`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (target === undefined) {
    console.error('usage: npx tsx bench/cpu-profile-summary.ts <profile.cpuprofile | dir> [top]');
    process.exit(2);
  }
  const top = Number(process.argv[3] ?? 25);
  const files = fs.statSync(target).isDirectory() ? fs.readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).sort().map((f) => path.join(target, f)) : [target];
  for (const file of files) console.log(summarizeProfile(file, top).join('\n'), '\n');
}
