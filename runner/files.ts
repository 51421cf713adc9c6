/**
 * The submission's own files, copied into a fresh folder for its sandbox: the sandbox sees the copy
 * (mounted where the original was, so the command line's paths still work), never the original, the
 * folder above it or a classmate's files. The copy is bounded (bytes and files); a symbolic link is
 * kept only when it points inside the submission (a link out — to another solution, to the grader — is
 * refused, naming it); anything that is not a file, a folder or such a link (a FIFO, a socket, a device)
 * is refused too. Files are made readable (and folders traversable) by the sandbox's user; the
 * executable bit is kept.
 */
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { under } from './command.js';

/** A submission whose files cannot be copied as they are (the grade reports it as a load failure). */
export class SubmissionFilesError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'SubmissionFilesError';
  }
}

export interface CopyLimits {
  maxBytes: number;
  maxFiles: number;
}

const DEFAULT_COPY_LIMITS: CopyLimits = { maxBytes: 64 * 1024 * 1024, maxFiles: 10_000 };

export interface CopiedRoot {
  /** The original folder (as named, not resolved), where the copy is mounted in the sandbox. */
  source: string;
  /** The copy on the grader's side. */
  copy: string;
}

/**
 * The submission roots: each named path's folder (or the folder itself), nested ones merged into the
 * outermost. `paths` are absolute.
 */
export function rootsOf(paths: string[]): string[] {
  const dirs = paths.map((p) => {
    const st = lstatSync(p);
    return st.isDirectory() ? resolve(p) : dirname(resolve(p));
  });
  const sorted = [...new Set(dirs)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const d of sorted) if (!out.some((o) => under(d, o))) out.push(d);
  return out;
}

/** Copies each root into `dest/<i>`; throws SubmissionFilesError naming the first thing refused. */
export function copySubmission(roots: string[], dest: string, limits: CopyLimits = DEFAULT_COPY_LIMITS): CopiedRoot[] {
  let bytes = 0;
  let files = 0;
  const out: CopiedRoot[] = [];
  mkdirSync(dest, { recursive: true, mode: 0o755 });
  roots.forEach((root, i) => {
    const realRoot = realpathSync(root);
    const target = join(dest, String(i));
    const walk = (src: string, dst: string) => {
      mkdirSync(dst, { mode: 0o755 });
      for (const name of readdirSync(src)) {
        const from = join(src, name);
        const to = join(dst, name);
        const shown = relative(realRoot, from);
        const st = lstatSync(from);
        if (++files > limits.maxFiles) throw new SubmissionFilesError(`the submission's folder ${root} holds more than ${limits.maxFiles} files; the sandbox copies at most that many (grade a folder holding only the submission)`, root);
        if (st.isSymbolicLink()) {
          const link = readlinkSync(from);
          let resolved: string | null = null;
          try {
            resolved = realpathSync(from);
          } catch {
            /* dangling */
          }
          if (resolved === null || !under(resolved, realRoot)) {
            throw new SubmissionFilesError(`the submission's file ${shown} is a symbolic link to ${link}, outside the submission's folder: refused (the sandbox holds only the submission's own files)`, shown);
          }
          // relative to where it lands, so it resolves inside the copy
          symlinkSync(isAbsolute(link) ? relative(dirname(from), resolved) || '.' : link, to);
        } else if (st.isDirectory()) walk(from, to);
        else if (st.isFile()) {
          bytes += st.size;
          if (bytes > limits.maxBytes) throw new SubmissionFilesError(`the submission's files in ${root} are larger than ${Math.round(limits.maxBytes / 1048576)} MiB; the sandbox copies at most that much (grade a folder holding only the submission)`, root);
          copyFileSync(from, to);
          chmodSync(to, st.mode & 0o111 ? 0o755 : 0o644);
        } else throw new SubmissionFilesError(`the submission's file ${shown} is not a regular file, folder or link (a FIFO, socket or device): refused`, shown);
      }
    };
    if (!statSync(realRoot).isDirectory()) throw new SubmissionFilesError(`${root} is not a folder`, root);
    walk(realRoot, target);
    out.push({ source: root, copy: target });
  });
  return out;
}
