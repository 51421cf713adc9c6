/**
 * Kernel limits for one submission process (and everything it starts), each named when it stops it:
 *
 *  - memory: what the processes USE (resident memory, page cache and tmpfs included), never the address
 *    space they reserve — `import torch` maps gigabytes it never touches. Enforced by a memory cgroup
 *    (v1 memory.limit_in_bytes, v2 memory.max) where the grader may create one (as root, usually);
 *    otherwise by a watchdog that sums the resident anonymous and shared memory of the sandbox's
 *    processes every 50 ms and kills them all past the limit;
 *  - processes (tasks: threads count): a pids cgroup (pids.max) where available, and RLIMIT_NPROC for
 *    the sandbox's uid (a fork bomb stops; RLIMIT_NPROC is per uid, so it is set looser beside a cgroup);
 *  - file size: RLIMIT_FSIZE; CPU time: RLIMIT_CPU (SIGXCPU at the limit, SIGKILL a second later);
 *    no core files (RLIMIT_CORE 0). The rlimits are set by util-linux's prlimit on the launcher.
 *
 * One cgroup per process start, removed after it (and swept if a grader died and left one behind).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Limits {
  /** Memory in MiB (0: none). */
  memoryMb: number;
  /** Tasks (processes and threads) at once (0: none). */
  processes: number;
  /** CPU seconds per process (0: none). */
  cpuSeconds: number;
  /** Largest file the submission may write, in MiB (0: none); its private /tmp holds four times that. */
  fileSizeMb: number;
}

export const DEFAULT_LIMITS: Limits = { memoryMb: 512, processes: 128, cpuSeconds: 300, fileSizeMb: 64 };

export type LimitName = 'memory' | 'processes' | 'cpu' | 'file size';

/** The words a report uses for a limit that stopped a submission ("memory limit 512 MiB"). */
export function limitText(name: LimitName, l: Limits): string {
  switch (name) {
    case 'memory':
      return `memory limit ${l.memoryMb} MiB`;
    case 'processes':
      return `process limit (${l.processes} processes and threads)`;
    case 'cpu':
      return `CPU time limit ${l.cpuSeconds} s`;
    case 'file size':
      return `file size limit ${l.fileSizeMb} MiB`;
  }
}

// ---- cgroups ---------------------------------------------------------------------------------------

interface Hierarchy {
  version: 1 | 2;
  /** The folder under which this grader creates its cgroups (its own cgroup in that hierarchy). */
  parent: string;
}

/** Where the grader can create memory and pids cgroups; probed once. */
export interface CgroupSupport {
  memory: Hierarchy | null;
  pids: Hierarchy | null;
  /** Why a controller is not usable, for the sandbox description. */
  why: string[];
}

let support: CgroupSupport | null = null;
let serial = 0;
const PREFIX = 'nn-oracle-';

function ownPaths(): { v1: Map<string, string>; v2: string | null } {
  const v1 = new Map<string, string>();
  let v2: string | null = null;
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') v2 = m[3]!;
    else for (const c of m[2]!.split(',')) v1.set(c, m[3]!);
  }
  return { v1, v2 };
}

function mounts(): Array<{ dir: string; type: string; opts: string[] }> {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f.length >= 4)
    .map((f) => ({ dir: f[1]!.replace(/\\040/g, ' '), type: f[2]!, opts: f[3]!.split(',') }));
}

/** A parent folder is usable when a child cgroup can be made in it with the controller's files. */
function tryParent(parent: string, version: 1 | 2, controller: 'memory' | 'pids'): string | null {
  const probe = join(parent, `${PREFIX}probe-${process.pid}-${serial++}`);
  try {
    mkdirSync(probe);
  } catch (e) {
    return `${controller} cgroup: cannot create one under ${parent} (${(e as NodeJS.ErrnoException).code})`;
  }
  try {
    const file = version === 1 ? (controller === 'memory' ? 'memory.limit_in_bytes' : 'pids.max') : controller === 'memory' ? 'memory.max' : 'pids.max';
    if (!existsSync(join(probe, file))) return `${controller} cgroup: the controller is not enabled under ${parent}`;
    return null;
  } finally {
    try {
      rmdirSync(probe);
    } catch {
      /* removed below by the sweep if it lingers */
    }
  }
}

export function cgroupSupport(): CgroupSupport {
  if (support) return support;
  const s: CgroupSupport = { memory: null, pids: null, why: [] };
  if ((process.env.NN_ORACLE_SANDBOX_DISABLE ?? '').split(',').some((x) => x.trim() === 'cgroups')) {
    s.why.push('cgroups disabled (NN_ORACLE_SANDBOX_DISABLE)');
    support = s;
    return s;
  }
  try {
    const own = ownPaths();
    const ms = mounts();
    for (const controller of ['memory', 'pids'] as const) {
      const v1 = ms.find((m) => m.type === 'cgroup' && m.opts.includes(controller));
      const v2 = ms.find((m) => m.type === 'cgroup2');
      let found: Hierarchy | null = null;
      const why: string[] = [];
      if (v1 && own.v1.has(controller)) {
        const parent = join(v1.dir, own.v1.get(controller)!);
        const err = tryParent(parent, 1, controller);
        if (!err) found = { version: 1, parent };
        else why.push(err);
      }
      if (!found && v2 && own.v2 !== null) {
        const parent = join(v2.dir, own.v2);
        const enabled = existsSync(join(parent, 'cgroup.subtree_control')) && readFileSync(join(parent, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes(controller);
        if (enabled) {
          const err = tryParent(parent, 2, controller);
          if (!err) found = { version: 2, parent };
          else why.push(err);
        } else why.push(`${controller} cgroup: not delegated to ${parent} (cgroup v2 subtree_control)`);
      }
      if (!found && !v1 && !v2) why.push(`${controller} cgroup: no cgroup file system mounted`);
      s[controller] = found;
      s.why.push(...why);
      if (found) sweep(found.parent);
    }
  } catch (e) {
    s.why.push(`cgroups: ${(e as Error).message}`);
  }
  support = s;
  return s;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function procsOf(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function killCgroup(dir: string): void {
  // cgroup.kill (v2, Linux 5.14) kills everything at once; otherwise kill what is listed until nothing
  // is (a fork racing the loop is bounded by pids.max and loses within a few rounds)
  if (existsSync(join(dir, 'cgroup.kill'))) {
    try {
      writeFileSync(join(dir, 'cgroup.kill'), '1');
    } catch {
      /* fall through to the loop */
    }
  }
  for (let round = 0; round < 100; round++) {
    const pids = procsOf(dir);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

/** Cgroups left by a grader that died (its pid is in the name) are emptied and removed. */
function sweep(parent: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number(/^nn-oracle-(?:probe-)?(\d+)-/.exec(n)?.[1]);
    if (!Number.isInteger(pid) || (pid !== process.pid && alive(pid))) continue;
    if (pid === process.pid && !n.includes('probe')) continue;
    const dir = join(parent, n);
    killCgroup(dir);
    try {
      rmdirSync(dir);
    } catch {
      /* still busy: a later sweep removes it */
    }
  }
}

/** The cgroups of one process start. */
export class ProcessCgroups {
  readonly dirs: Array<{ controller: 'memory' | 'pids'; version: 1 | 2; dir: string }> = [];
  private constructor() {}

  /** Creates the cgroups the machine allows, with the limits set; null controllers are left out. */
  static create(limits: Limits): ProcessCgroups {
    const s = cgroupSupport();
    const g = new ProcessCgroups();
    const name = `${PREFIX}${process.pid}-${serial++}`;
    const made = new Map<string, string>();
    for (const controller of ['memory', 'pids'] as const) {
      const h = s[controller];
      if (!h) continue;
      if (controller === 'memory' && limits.memoryMb <= 0) continue;
      if (controller === 'pids' && limits.processes <= 0) continue;
      // under cgroup v2 both controllers live in one folder
      const dir = made.get(h.parent) ?? join(h.parent, name);
      try {
        if (!made.has(h.parent)) mkdirSync(dir);
        made.set(h.parent, dir);
        if (controller === 'memory') {
          const bytes = String(limits.memoryMb * 1024 * 1024);
          if (h.version === 1) {
            writeFileSync(join(dir, 'memory.limit_in_bytes'), bytes);
            // no swapping past the limit either (absent without swap accounting)
            if (existsSync(join(dir, 'memory.memsw.limit_in_bytes'))) {
              try {
                writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), bytes);
              } catch {
                /* swap accounting off */
              }
            }
          } else {
            writeFileSync(join(dir, 'memory.max'), bytes);
            if (existsSync(join(dir, 'memory.swap.max'))) writeFileSync(join(dir, 'memory.swap.max'), '0');
          }
        } else writeFileSync(join(dir, 'pids.max'), String(limits.processes));
        g.dirs.push({ controller, version: h.version, dir });
      } catch {
        /* this controller is left to the fallback (watchdog, RLIMIT_NPROC) */
      }
    }
    return g;
  }

  has(controller: 'memory' | 'pids'): boolean {
    return this.dirs.some((d) => d.controller === controller);
  }

  /** The cgroup.procs files a launcher writes its own pid into before it execs the submission. */
  procsFiles(): string[] {
    return [...new Set(this.dirs.map((d) => join(d.dir, 'cgroup.procs')))];
  }

  private read(controller: 'memory' | 'pids', file: string): string {
    const d = this.dirs.find((x) => x.controller === controller);
    if (!d) return '';
    try {
      return readFileSync(join(d.dir, file), 'utf8');
    } catch {
      return '';
    }
  }

  /** How many times the memory cgroup's OOM killer ran (the memory limit stopped something). */
  oomKills(): number {
    const d = this.dirs.find((x) => x.controller === 'memory');
    if (!d) return 0;
    const text = d.version === 1 ? this.read('memory', 'memory.oom_control') : this.read('memory', 'memory.events');
    return Number(/oom_kill (\d+)/.exec(text)?.[1] ?? 0);
  }

  /** How many forks the pids limit refused. */
  pidsRefused(): number {
    return Number(/max (\d+)/.exec(this.read('pids', 'pids.events'))?.[1] ?? 0);
  }

  /** Every process in these cgroups. */
  pids(): number[] {
    return [...new Set(this.dirs.flatMap((d) => procsOf(d.dir)))];
  }

  /** Kills everything in the cgroups (a setsid daemon included) and removes them. */
  async destroy(): Promise<void> {
    for (const d of this.dirs) killCgroup(d.dir);
    for (let attempt = 0; attempt < 50; attempt++) {
      let left = 0;
      for (const d of new Set(this.dirs.map((x) => x.dir))) {
        try {
          if (existsSync(d)) rmdirSync(d);
        } catch {
          left++;
          killCgroup(d);
        }
      }
      if (left === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

// ---- the watchdog (memory where no cgroup is allowed) ----------------------------------------------

/** The processes whose ancestor is `root` (a setsid daemon keeps its parent chain until that dies). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [root]; // no /proc: only the root is known
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    const p = todo.pop()!;
    out.push(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Resident anonymous + shared memory of a process in bytes (what it uses, not what it maps). */
function residentBytes(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
    return (kb('RssAnon') + kb('RssShmem')) * 1024;
  } catch {
    return 0;
  }
}

/** Polls the sandbox's memory and calls `onLimit` once when it passes `limitBytes`. */
export function memoryWatchdog(pidsOf: () => number[], limitBytes: number, onLimit: () => void): () => void {
  let fired = false;
  const timer = setInterval(() => {
    if (fired) return;
    let sum = 0;
    for (const p of pidsOf()) sum += residentBytes(p);
    if (sum > limitBytes) {
      fired = true;
      onLimit();
    }
  }, 50);
  timer.unref();
  return () => clearInterval(timer);
}

/** prlimit's options for the rlimits (RLIMIT_NPROC only where it is per an unprivileged uid). */
export function rlimitOptions(l: Limits, nproc: number | null): string[] {
  const o = ['--core=0'];
  if (l.fileSizeMb > 0) o.push(`--fsize=${l.fileSizeMb * 1024 * 1024}`);
  if (l.cpuSeconds > 0) o.push(`--cpu=${l.cpuSeconds}:${l.cpuSeconds + 1}`);
  if (nproc !== null && nproc > 0) o.push(`--nproc=${nproc}`);
  return o;
}
