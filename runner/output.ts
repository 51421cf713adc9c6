/**
 * What a submission writes, read with bounded memory: lines are split on bytes (never on decoded text, so
 * a flood without newlines costs O(bytes) and no more than `maxLineBytes` of it is ever held), kept lines
 * are cut, and everything past the caps is counted instead of stored. Bytes are data: control
 * characters and invalid UTF-8 are kept as they are (invalid sequences become U+FFFD), never interpreted
 * here; the report renderers escape them.
 */

/** Splits a byte stream into lines; a line longer than `maxLineBytes` keeps its first bytes and counts the rest. */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private cut = 0;
  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: Buffer, cutBytes: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start <= chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      if (end > start) this.take(chunk.subarray(start, end));
      if (nl < 0) return;
      this.flush();
      start = nl + 1;
    }
  }

  /** The stream ended: a last line without a newline is still a line. */
  end(): void {
    if (this.size > 0 || this.cut > 0) this.flush();
  }

  private take(b: Buffer): void {
    const room = this.maxLineBytes - this.size;
    if (room >= b.length) {
      this.parts.push(Buffer.from(b)); // a copy: the chunk itself may be large and must not be kept alive
      this.size += b.length;
    } else {
      if (room > 0) {
        this.parts.push(Buffer.from(b.subarray(0, room)));
        this.size += room;
      }
      this.cut += b.length - Math.max(0, room);
    }
  }

  private flush(): void {
    let line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
    const cut = this.cut;
    this.parts = [];
    this.size = 0;
    this.cut = 0;
    this.onLine(line, cut);
  }
}

export interface OutputLimits {
  /** Most lines kept (default 200); later lines are counted. */
  maxLines: number;
  /** Most bytes of one kept line (default 1000); the rest of the line is counted. */
  maxLineBytes: number;
  /** Most bytes kept in all (default 64 KiB). */
  maxBytes: number;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxLines: 200, maxLineBytes: 1000, maxBytes: 64 * 1024 };

/** The bounded record of a submission's stdout and stderr, in order. */
export class OutputLog {
  private lines: string[] = [];
  private keptBytes = 0;
  private droppedLines = 0;
  private droppedBytes = 0;
  private cutLines = 0;
  constructor(private readonly limits: OutputLimits = DEFAULT_OUTPUT_LIMITS) {}

  /** `cutBytes`: bytes of this line already dropped by the splitter. Returns the text kept (or null). */
  add(stream: 'stdout' | 'stderr', line: Buffer, cutBytes = 0): string | null {
    const total = line.length + cutBytes;
    if (this.lines.length >= this.limits.maxLines || this.keptBytes >= this.limits.maxBytes) {
      this.droppedLines++;
      this.droppedBytes += total + 1;
      return null;
    }
    const keep = Math.min(line.length, this.limits.maxLineBytes, this.limits.maxBytes - this.keptBytes);
    let text = line.subarray(0, keep).toString('utf8');
    if (keep < total) {
      this.cutLines++;
      this.droppedBytes += total - keep;
      text += ` … (${total - keep} more bytes of this line not shown)`;
    }
    this.keptBytes += keep;
    const shown = stream === 'stderr' ? `[stderr] ${text}` : text;
    this.lines.push(shown);
    return text;
  }

  /** The kept lines, and a last line counting what was not kept. */
  snapshot(): string[] {
    if (this.droppedLines === 0) return [...this.lines];
    return [...this.lines, `… ${this.droppedLines} more lines (${this.droppedBytes} bytes in all cut or dropped) not shown`];
  }

  get dropped(): { lines: number; bytes: number; cutLines: number } {
    return { lines: this.droppedLines, bytes: this.droppedBytes, cutLines: this.cutLines };
  }
}

/**
 * How deeply a JSON text nests arrays and objects, scanning bytes (strings skipped) without parsing:
 * an answer nested thousands of levels deep is refused before JSON.parse and the checks that walk the
 * value ever see it. Stops counting once past `limit`.
 */
export function jsonDepthExceeds(text: Buffer | string, limit: number): boolean {
  const b = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
