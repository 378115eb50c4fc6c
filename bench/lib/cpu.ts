// CPU time of a process tree, from /proc (Linux): the process's own user + system time, what its reaped
// children used (cutime, cstime), and its living descendants'. Null where /proc is missing.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100;

function stat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // Fields after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by `pid` and all its descendants (living or reaped), or null. */
export function treeCpuS(pid: number): number | null {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return null;
  }
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const p of pids) {
    const s = stat(p);
    if (!s) continue;
    ticks.set(p, s.ticks);
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), p]);
  }
  if (!ticks.has(pid)) return null;
  let total = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    total += ticks.get(p) ?? 0;
    todo.push(...(children.get(p) ?? []));
  }
  return total / TICKS_PER_S;
}
