/**
 * Where a benchmark's CPU went, read from Linux's /proc (no other platform): the machine's busy core-seconds
 * (/proc/stat: everything but idle and iowait) and the PostgreSQL server's (every process named `postgres`: its own
 * time plus that of the children it reaped, so backends that came and went are counted in their postmaster).
 * `cpuUse()` takes a reading; `cpuSince(reading)` says what was used since, or null where /proc is not there.
 */
import fs from 'node:fs';

/** Clock ticks a second of /proc's figures (USER_HZ, 100 on Linux). */
const TICKS = 100;

export interface CpuReading {
  at: number;
  machineBusy: number | null;
  postgres: number | null;
}

function machineBusyTicks(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [, ...fields] = line.trim().split(/\s+/);
    const v = fields.map(Number);
    // user nice system idle iowait irq softirq steal ...
    return v.slice(0, 8).reduce((a, b) => a + b, 0) - (v[3] ?? 0) - (v[4] ?? 0);
  } catch {
    return null;
  }
}

function postgresTicks(): number | null {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of entries) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    // Fields after the name: state is field 3; utime, stime, cutime, cstime are fields 14-17.
    const rest = stat.slice(close + 2).split(' ');
    ticks += Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
  }
  return ticks;
}

export function cpuUse(): CpuReading {
  return { at: performance.now(), machineBusy: machineBusyTicks(), postgres: postgresTicks() };
}

/** Core-seconds used since `from` by the machine and by PostgreSQL, and the wall seconds. */
export function cpuSince(from: CpuReading): { wallSeconds: number; machineSeconds: number | null; postgresSeconds: number | null } {
  const now = cpuUse();
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : (a - b) / TICKS);
  return { wallSeconds: (now.at - from.at) / 1000, machineSeconds: diff(now.machineBusy, from.machineBusy), postgresSeconds: diff(now.postgres, from.postgres) };
}

/** "machine 1.8 of 2 cores busy (92 %); PostgreSQL 140 s CPU (0.7 cores)". */
export function describeCpu(used: ReturnType<typeof cpuSince>, cores: number): string {
  const parts: string[] = [];
  if (used.machineSeconds !== null) {
    const busy = used.machineSeconds / used.wallSeconds;
    parts.push(`machine ${busy.toFixed(2)} of ${cores} cores busy (${((busy / cores) * 100).toFixed(0)} %)`);
  }
  if (used.postgresSeconds !== null) parts.push(`PostgreSQL ${used.postgresSeconds.toFixed(0)} s CPU (${(used.postgresSeconds / used.wallSeconds).toFixed(2)} cores)`);
  return parts.join('; ') || 'no CPU figures (no /proc)';
}
