/**
 * The sandbox every process that runs submitted code is started in (the module host, `--cmd` programs,
 * the TypeScript transpiler, and any other launcher): `launchSandboxed` is the one function that starts
 * them. Built on bubblewrap, util-linux's setpriv and prlimit, and the kernel's cgroups — nothing home-made
 * enforces a boundary here.
 *
 * Layers, strongest first (`auto` takes the strongest this machine allows):
 *   namespaces+uid  bubblewrap: own PID, mount, IPC, UTS and network namespaces, a private tmpfs root
 *                   holding only the system's programs and libraries (read-only), the interpreter's
 *                   prefix (read-only), a COPY of the submission's own files, a private /tmp, a new
 *                   /proc; --die-with-parent, --new-session; and, the grader being root, the submission
 *                   runs as the unprivileged sandbox user (setpriv: no capabilities, no new privileges)
 *   namespaces      the same as an unprivileged user (a user namespace; the grader is not root)
 *   uid             no namespaces allowed here (a container without CAP_SYS_ADMIN): the grader, as root,
 *                   runs the submission as the sandbox user only — it sees the file system as that user
 *   none            neither: the submission runs as the grader's user (`auto` only; labelled unsafe)
 * Every layer gets the kernel limits of runner/limits.ts and is killed whole at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, SandboxUnavailableError } from '../contract/errors.js';
import { SYSTEM_DIRS, under, which } from './command.js';
import { cgroupSupport, descendants, memoryWatchdog, ProcessCgroups, rlimitOptions, type LimitName, type Limits } from './limits.js';

export const SANDBOX_MODES = ['auto', 'required', 'off'] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];
export type SandboxLayer = 'namespaces+uid' | 'namespaces' | 'uid' | 'none';

/** The user submissions run as when the grader is root (scripts/install-sandbox.sh creates it). */
const SANDBOX_USER = process.env.NN_ORACLE_SANDBOX_USER ?? 'nn-oracle-sandbox';

/** Reads a --sandbox value: auto, required or off. */
export function parseSandboxMode(value: string | undefined, where = '--sandbox'): SandboxMode {
  if (value === undefined) return 'auto';
  if ((SANDBOX_MODES as readonly string[]).includes(value)) return value as SandboxMode;
  throw new InvalidArgumentError({ where, expected: SANDBOX_MODES.join(', '), got: JSON.stringify(value) });
}

/** What this machine allows, probed once per grader process. */
export interface SandboxCapabilities {
  bwrap: string | null;
  setpriv: string | null;
  prlimit: string | null;
  root: boolean;
  /** bubblewrap starts a sandbox with its own namespaces here. */
  namespaces: boolean;
  /** The uid/gid submissions run as (root only). */
  user: { name: string; uid: number; gid: number } | null;
  /** Why a layer is missing, in words (for `required`'s error and the description). */
  missing: string[];
}

let caps: SandboxCapabilities | null = null;

function passwdEntry(name: string): { uid: number; gid: number } | null {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name && f.length >= 4) return { uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch {
    /* no passwd */
  }
  return null;
}

/** The system folders shown read-only, as on the host (symbolic links such as /lib → usr/lib kept). */
function systemMounts(): string[] {
  const a: string[] = ['--ro-bind', '/usr', '/usr'];
  for (const d of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    try {
      const st = lstatSync(d);
      if (st.isSymbolicLink()) a.push('--symlink', readlinkSync(d), d);
      else if (st.isDirectory()) a.push('--ro-bind', d, d);
    } catch {
      /* absent */
    }
  }
  return a;
}

function namespaceOptions(root: boolean): string[] {
  // as root bubblewrap makes the namespaces itself (no user namespace: the uid switch is setpriv's);
  // otherwise a user namespace is what lets an unprivileged user make the others
  return [...(root ? [] : ['--unshare-user']), '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-net', '--unshare-cgroup-try', '--die-with-parent', '--new-session'];
}

/**
 * Layers to treat as missing, for trying the fallbacks on a machine that has everything:
 * NN_ORACLE_SANDBOX_DISABLE=namespaces,uid,cgroups (any of them).
 */
function disabledLayers(): Set<string> {
  return new Set((process.env.NN_ORACLE_SANDBOX_DISABLE ?? '').split(',').map((x) => x.trim()).filter(Boolean));
}

export function sandboxCapabilities(): SandboxCapabilities {
  if (caps) return caps;
  const disabled = disabledLayers();
  const path = `${process.env.PATH ?? ''}:/usr/bin:/bin:/usr/sbin:/sbin`;
  const bwrap = which('bwrap', path);
  const setpriv = which('setpriv', path);
  const prlimit = which('prlimit', path);
  const root = process.getuid?.() === 0;
  const missing: string[] = [];
  let namespaces = false;
  if (!bwrap) missing.push('bubblewrap (bwrap) is not installed');
  else if (disabled.has('namespaces')) missing.push('namespaces disabled (NN_ORACLE_SANDBOX_DISABLE)');
  else {
    const r = spawnSync(bwrap, [...namespaceOptions(root), ...systemMounts(), '--proc', '/proc', '--dev', '/dev', '--', '/bin/true'], { encoding: 'utf8', timeout: 10_000, env: {} });
    namespaces = r.status === 0;
    if (!namespaces) missing.push(`bubblewrap cannot create namespaces here (${(r.stderr || r.error?.message || `status ${r.status}`).trim().split('\n')[0]})`);
  }
  let user: SandboxCapabilities['user'] = null;
  if (disabled.has('uid')) missing.push('uid switch disabled (NN_ORACLE_SANDBOX_DISABLE)');
  else if (!root) missing.push('no uid switch: the grader does not run as root');
  else if (!setpriv) missing.push("no uid switch: util-linux's setpriv is not installed");
  else {
    const e = passwdEntry(SANDBOX_USER);
    user = e ? { name: SANDBOX_USER, ...e } : { name: 'nobody', uid: 65534, gid: 65534 };
  }
  if (!prlimit) missing.push("util-linux's prlimit is not installed (no file size, CPU time or process rlimits)");
  caps = { bwrap, setpriv, prlimit, root, namespaces, user, missing };
  return caps;
}

/** The strongest layer available (or exactly `layer`), for a mode. Throws SandboxUnavailableError. */
export function chooseLayer(mode: SandboxMode, layer?: SandboxLayer): SandboxLayer {
  if (mode === 'off') return 'none';
  const c = sandboxCapabilities();
  const available: SandboxLayer[] = [];
  if (c.namespaces && c.user) available.push('namespaces+uid');
  if (c.namespaces && !c.root) available.push('namespaces');
  if (c.user) available.push('uid');
  if (mode === 'auto') available.push('none');
  if (layer !== undefined) {
    if (!available.includes(layer)) throw new SandboxUnavailableError([`the layer "${layer}" is not available`, ...c.missing]);
    return layer;
  }
  if (available.length === 0) throw new SandboxUnavailableError(c.missing.filter((m) => !m.startsWith("util-linux's prlimit")));
  return available[0]!;
}

/** `required` refuses early (for the CLI, before anything runs): throws SandboxUnavailableError. */
export function assertSandbox(mode: SandboxMode): void {
  if (mode === 'required') chooseLayer(mode);
}

export const hasNamespaces = (layer: SandboxLayer) => layer === 'namespaces+uid' || layer === 'namespaces';

/** How the submission's memory and process limits are enforced on this machine. */
export function limitLayers(limits: Limits, layer: SandboxLayer): { memory: string; processes: string } {
  const cg = cgroupSupport();
  const c = sandboxCapabilities();
  const memory = limits.memoryMb <= 0 ? 'none' : cg.memory ? 'cgroup' : 'watchdog';
  const processes = limits.processes <= 0 ? 'none' : cg.pids ? 'cgroup' : c.prlimit && (layer === 'namespaces+uid' || layer === 'uid' || !c.root) ? 'rlimit' : 'none';
  return { memory, processes };
}

/** The one line every report prints about isolation. */
export function describeSandbox(mode: SandboxMode, layer: SandboxLayer, limits: Limits): string {
  const c = sandboxCapabilities();
  const how = limitLayers(limits, layer);
  const lim = [
    limits.memoryMb > 0 ? `memory ${limits.memoryMb} MiB (${how.memory})` : 'no memory limit',
    limits.processes > 0 ? `${limits.processes} processes (${how.processes})` : 'no process limit',
    c.prlimit && limits.cpuSeconds > 0 ? `CPU ${limits.cpuSeconds} s` : 'no CPU limit',
    c.prlimit && limits.fileSizeMb > 0 ? `files ${limits.fileSizeMb} MiB` : 'no file size limit',
  ].join(', ');
  const user = c.user ? `uid ${c.user.uid} (${c.user.name})` : '';
  switch (layer) {
    case 'namespaces+uid':
      return `sandbox: bubblewrap namespaces (pid, mount, ipc, uts, net; a private copy of the submission's files) as ${user}; ${lim}`;
    case 'namespaces':
      return `sandbox: bubblewrap namespaces (pid, mount, ipc, uts, net, user; a private copy of the submission's files), no uid switch (the grader is not root); ${lim}`;
    case 'uid':
      return `sandbox: ${user} only — no namespaces here (${c.missing.find((m) => m.startsWith('bubblewrap')) ?? 'not available'}); the submission sees the files that user may read; ${lim}`;
    case 'none':
      return mode === 'off' ? `unsafe: no sandbox (--sandbox off); ${lim}` : `unsafe: no sandbox available (${c.missing.join('; ')}); ${lim}`;
  }
}

export interface Bind {
  /** The path on the grader's side. */
  src: string;
  /** Where the sandbox sees it (namespace layers only; without namespaces the process sees `src`). */
  dest: string;
  writable?: boolean;
}

export interface LaunchSpec {
  layer: SandboxLayer;
  /** The program and its arguments, as the sandbox sees them. */
  argv: string[];
  /** The working folder as the sandbox sees it. */
  cwd: string;
  /** The whole environment of the process (nothing of the grader's is passed on). */
  env: Record<string, string>;
  binds: Bind[];
  /** Empty folders to create in the sandbox (a working folder above the submission's). */
  dirs?: string[];
  /** Folders under the system's (visible) folders to cover with an empty tmpfs: the grader's own
   * installation when it lives under /usr (npm install -g). */
  hide?: string[];
  /** A folder of the grader's own for files the launcher writes (/etc/passwd of the sandbox). */
  workDir: string;
  limits: Limits;
  /** An answers channel on file descriptor 3 (the module host). */
  fd3?: boolean;
}

export interface Launched {
  child: ChildProcess;
  /** The kernel limit that stopped the process, once it has (call after it exited). */
  limitHit(exitSignal: string | null, stderrTail: string): LimitName | null;
  /** The exit status and signal of the submission itself (bubblewrap reports a signal as 128+n). */
  exitOf(code: number | null, signal: NodeJS.Signals | null): { code: number | null; signal: string | null };
  /** Forks the process limit refused so far (pids cgroup; 0 without one). */
  refusedForks(): number;
  /** RLIMIT_NPROC applies (an unprivileged uid): a failed fork can be the process limit. */
  readonly nprocLimited: boolean;
  /** Kills the sandbox and everything in it (a setsid daemon too) and removes its cgroups. */
  destroy(): Promise<void>;
}

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM', 24: 'SIGXCPU', 25: 'SIGXFSZ', 31: 'SIGSYS' };

/** Read-only files of /etc that programs reasonably need (the dynamic linker's cache, Debian's alternatives). */
const ETC = ['ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'alternatives', 'localtime', 'nsswitch.conf', 'mime.types'];

function etcMounts(): string[] {
  const a: string[] = [];
  for (const e of ETC) a.push('--ro-bind-try', `/etc/${e}`, `/etc/${e}`);
  // Debian's Python reads /etc/python3.X/sitecustomize.py
  try {
    for (const d of readdirSync('/etc').filter((n) => /^python3/.test(n))) a.push('--ro-bind-try', `/etc/${d}`, `/etc/${d}`);
  } catch {
    /* no /etc */
  }
  return a;
}

let etcCache: string[] | null = null;

/** Starts one process in the sandbox of `spec.layer`. */
export function launchSandboxed(spec: LaunchSpec): Launched {
  const c = sandboxCapabilities();
  const limits = spec.limits;
  const groups = ProcessCgroups.create(limits);
  const uidSwitch = (spec.layer === 'namespaces+uid' || spec.layer === 'uid') && c.user && c.setpriv;
  const setpriv = uidSwitch ? [c.setpriv!, `--reuid=${c.user!.uid}`, `--regid=${c.user!.gid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'] : [];
  // RLIMIT_NPROC counts every process of the uid, so beside a pids cgroup it is only a loose backstop;
  // it does nothing for root
  const perUid = uidSwitch || !c.root;
  const nproc = perUid && limits.processes > 0 ? (groups.has('pids') ? limits.processes * 8 : limits.processes) : null;
  const prlimit = c.prlimit ? [c.prlimit, ...rlimitOptions(limits, nproc), '--'] : [];

  let inner: string[];
  let spawnCwd: string;
  if (hasNamespaces(spec.layer)) {
    const user = c.user && uidSwitch ? c.user : { name: 'student', uid: process.getuid?.() ?? 1000, gid: process.getgid?.() ?? 1000 };
    writeFileSync(join(spec.workDir, 'passwd'), `root:x:0:0:root:/root:/bin/sh\n${user.name}:x:${user.uid}:${user.gid}:submission:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n`);
    writeFileSync(join(spec.workDir, 'group'), `root:x:0:\n${user.name}:x:${user.gid}:\nnogroup:x:65534:\n`);
    etcCache ??= etcMounts();
    const a: string[] = [c.bwrap!, ...namespaceOptions(c.root), '--hostname', 'sandbox', ...systemMounts()];
    a.push('--proc', '/proc', '--dev', '/dev');
    a.push('--perms', '1777');
    // room for a few files of the largest size (tmpfs pages count against the memory cgroup too)
    if (limits.fileSizeMb > 0) a.push('--size', String(4 * limits.fileSizeMb * 1024 * 1024));
    a.push('--tmpfs', '/tmp');
    // bubblewrap makes the folders above a mount point 0700: made first here, 0755, so the sandbox's
    // user can reach what is mounted below them (/etc/…, /root/.pyenv/…, the submission's copy)
    const mounted = ['/proc', '/dev', ...SYSTEM_DIRS];
    const dests = ['/etc/passwd', ...spec.binds.map((b) => b.dest), ...(spec.dirs ?? [])];
    const above = new Set<string>();
    for (const d of dests) for (let p = dirname(d); p !== '/' && p !== '.'; p = dirname(p)) above.add(p);
    const hide = spec.hide ?? [];
    for (const h of hide) a.push('--tmpfs', h);
    for (const d of [...above, ...(spec.dirs ?? [])].sort((x, y) => x.length - y.length)) {
      if (d !== '/tmp' && (!mounted.some((m) => under(d, m)) || hide.some((h) => under(d, h) && d !== h))) a.push('--dir', d);
    }
    a.push(...etcCache);
    a.push('--ro-bind', join(spec.workDir, 'passwd'), '/etc/passwd', '--ro-bind', join(spec.workDir, 'group'), '/etc/group');
    for (const b of spec.binds) a.push(b.writable ? '--bind' : '--ro-bind', b.src, b.dest);
    a.push('--chdir', spec.cwd);
    if (c.root && !uidSwitch) a.push('--cap-drop', 'ALL');
    inner = [...prlimit, ...a, '--', ...setpriv, ...spec.argv];
    spawnCwd = spec.workDir;
  } else {
    inner = [...prlimit, ...setpriv, ...spec.argv];
    spawnCwd = spec.cwd;
  }
  // the launcher joins the cgroups itself before it execs anything, so nothing escapes them by forking early
  const files = groups.procsFiles();
  const argv = files.length ? ['/bin/sh', '-c', 'while [ "$1" != "--" ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"', 'nn-oracle-launch', ...files, '--', ...inner] : inner;

  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: spawnCwd,
    env: spec.env,
    stdio: spec.fd3 ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group (and session): a kill reaches all of it
  });

  let watchdogHit = false;
  let stopWatchdog = () => {};
  if (limits.memoryMb > 0 && !groups.has('memory') && child.pid !== undefined) {
    const root = child.pid;
    stopWatchdog = memoryWatchdog(
      () => (groups.has('pids') ? groups.pids() : descendants(root)),
      limits.memoryMb * 1024 * 1024,
      () => {
        watchdogHit = true;
        killAll();
      },
    );
  }
  child.once('exit', () => stopWatchdog());

  const killAll = () => {
    const pid = child.pid;
    if (pid === undefined) return;
    // without a PID namespace or cgroup, a daemon that left the process group is found by ancestry
    const tree = !hasNamespaces(spec.layer) && !groups.has('pids') ? descendants(pid) : [];
    for (const target of [-pid, pid, ...tree]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const p of groups.pids()) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };

  return {
    child,
    exitOf(code, signal) {
      if (hasNamespaces(spec.layer) && signal === null && code !== null && code > 128 && SIGNALS[code - 128]) return { code: null, signal: SIGNALS[code - 128]! };
      return { code, signal };
    },
    limitHit(signal, stderrTail) {
      if (watchdogHit || groups.oomKills() > 0) return 'memory';
      if (signal === 'SIGXCPU') return 'cpu';
      if (signal === 'SIGXFSZ' || /File too large|EFBIG/.test(stderrTail)) return 'file size';
      if (groups.pidsRefused() > 0 || (nproc !== null && /Resource temporarily unavailable|EAGAIN|can't fork|fork: retry/i.test(stderrTail))) return 'processes';
      return null;
    },
    refusedForks: () => groups.pidsRefused(),
    nprocLimited: nproc !== null,
    async destroy() {
      stopWatchdog();
      killAll();
      for (const s of [child.stdin, child.stdout, child.stderr, child.stdio[3]]) {
        // an orphan that kept a copy of a pipe must not keep the grader alive
        try {
          (s as NodeJS.ReadableStream & { destroy?: () => void } | null)?.destroy?.();
        } catch {
          /* closed */
        }
      }
      child.unref();
      await groups.destroy();
    },
  };
}

/**
 * The grader's own environment is never passed on; this is all a submission gets. `home`: its private
 * scratch folder (the sandbox's own /tmp with namespaces; a folder only the sandbox user may write without).
 */
export function sandboxEnv(extraPath: string[] = [], home = '/tmp'): Record<string, string> {
  const path = [...extraPath, '/usr/local/bin', '/usr/bin', '/bin'].filter((p, i, a) => a.indexOf(p) === i).join(':');
  return {
    PATH: path,
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    // grading calls are small: one thread per numeric library keeps a class graded in parallel from
    // oversubscribing the machine (and torch's threads from counting against the process limit)
    OMP_NUM_THREADS: '1',
    OPENBLAS_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };
}
