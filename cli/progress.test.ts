import { describe, expect, it } from 'vitest';
import { QUIET_OPTION, counter, createProgress } from './progress.js';

function sink(isTTY: boolean, columns?: number) {
  const s = { text: '', isTTY, columns, write: (x: string) => ((s.text += x), true) };
  return s;
}

describe('createProgress', () => {
  it('off a terminal: one plain line per status, with the label; line() lines too; done() writes nothing', () => {
    const out = sink(false);
    const p = createProgress({ label: 'check', stream: out });
    expect(p.tty).toBe(false);
    p.status('[1/2] bp.bp1');
    p.status('[2/2] bp.bp2');
    p.line('2 passed');
    p.done();
    expect(out.text).toBe('check: [1/2] bp.bp1\ncheck: [2/2] bp.bp2\ncheck: 2 passed\n');
    expect(out.text).not.toContain('\r');
  });

  it('on a terminal: the status line rewritten in place, cleared before a line that stays and at the end', () => {
    const out = sink(true, 20);
    const p = createProgress({ stream: out });
    p.status('a');
    p.status('a much longer status than the terminal is wide');
    p.line('kept');
    p.status('b');
    p.done();
    p.done();
    expect(out.text).toBe('\r\x1b[2Ka\r\x1b[2Ka much longer stat…\r\x1b[2Kkept\n\r\x1b[2Kb\r\x1b[2K');
  });

  it('--quiet prints nothing, on a terminal or not', () => {
    for (const isTTY of [true, false]) {
      const out = sink(isTTY);
      const p = createProgress({ quiet: true, stream: out });
      p.status('x');
      p.line('y');
      p.done();
      expect(out.text).toBe('');
      expect(p.quiet).toBe(true);
    }
  });

  it('minIntervalMs thins plain status lines by the clock it is given (never line() lines)', () => {
    const out = sink(false);
    let t = 0;
    const p = createProgress({ stream: out, minIntervalMs: 1000, now: () => t });
    p.status('1');
    t = 500;
    p.status('2');
    p.line('kept');
    t = 1000;
    p.status('3');
    expect(out.text).toBe('1\nkept\n3\n');
  });

  it('counter pads to the width of the total; QUIET_OPTION is a boolean with -q', () => {
    expect(counter(3, 48)).toBe('[ 3/48]');
    expect(counter(48, 48)).toBe('[48/48]');
    expect(QUIET_OPTION.quiet).toEqual({ type: 'boolean', short: 'q' });
  });
});
