/**
 * What a benchmark's processes cost, read from Linux's own accounting (/proc): CPU seconds (user + system)
 * and peak resident memory, per process. Read once at the start of a measured window and once at its end.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessSample {
  cpuSeconds: number;
  /** VmHWM: the process's peak resident set so far. */
  peakRssMb: number;
}

/** undefined once the process is gone (or on a system without /proc). */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = [fields[11], fields[12], fields[13], fields[14]].map(Number);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds: (utime + stime + cutime + cstime) / ticksPerSecond, peakRssMb: hwmKb / 1024 };
  } catch {
    return undefined;
  }
}

/** Every process in `pid`'s process group (a tsx wrapper and the node it runs), summed. */
export function sampleGroup(pid: number): ProcessSample | undefined {
  let pids: number[];
  try {
    pids = execFileSync('pgrep', ['-g', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    pids = [pid];
  }
  const samples = pids.map(sampleProcess).filter((s): s is ProcessSample => s !== undefined);
  if (samples.length === 0) return undefined;
  return {
    cpuSeconds: samples.reduce((total, s) => total + s.cpuSeconds, 0),
    peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
  };
}

export interface WindowCost {
  name: string;
  cpuSeconds: number;
  peakRssMb: number;
}

/** Starts a measured window over named process groups; `end()` answers each one's CPU seconds in the window. */
export function costWindow(processes: { name: string; pid: number }[]): { end(): WindowCost[] } {
  const before = new Map(processes.map(({ name, pid }) => [name, sampleGroup(pid)]));
  return {
    end: () =>
      processes.map(({ name, pid }) => {
        const after = sampleGroup(pid);
        return {
          name,
          cpuSeconds: (after?.cpuSeconds ?? 0) - (before.get(name)?.cpuSeconds ?? 0),
          peakRssMb: after?.peakRssMb ?? 0,
        };
      }),
  };
}
