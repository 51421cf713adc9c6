/**
 * Report formats for one graded submission:
 *   text        a table of checks with ✓/✗, the score, then each failure with its counterexample,
 *               diagnosis and the command that replays it (the default; what a student reads)
 *   json        { score, maxScore, seed, checks: [ { id, status, points, maxPoints, message,
 *               counterexample?, diagnosis? } ], ... }  (issue 6, item 7)
 *   gradescope  Gradescope's results.json (score, tests[] with name, score, max_score, status, output)
 *   junit       JUnit XML (one testcase per check; failures and errors as such)
 *   html        one self-contained page (grader/report-html.ts)
 */
import { encodeJson } from '../contract/protocol.js';
import { fmt, type CheckResult, type GradeReport } from './grade.js';

export const FORMATS = ['text', 'json', 'gradescope', 'junit', 'html'] as const;
export type ReportFormat = (typeof FORMATS)[number];

const MARK: Record<CheckResult['status'], string> = { pass: '✓', fail: '✗', error: '✗', timeout: '⏱', missing: '–' };

/** Compact JSON for counterexamples: short arrays on one line, NaN/Infinity as the protocol writes them. */
export function compactJson(v: unknown, indent = '    '): string {
  const text = encodeJson(v);
  if (text.length <= 100) return text;
  const walk = (x: unknown, pad: string): string => {
    const flat = encodeJson(x);
    if (flat.length <= 96 - pad.length || x === null || typeof x !== 'object') return flat;
    if (Array.isArray(x)) return `[\n${x.map((e) => pad + '  ' + walk(e, pad + '  ')).join(',\n')}\n${pad}]`;
    return `{\n${Object.entries(x as Record<string, unknown>)
      .map(([k, e]) => `${pad}  ${JSON.stringify(k)}: ${walk(e, pad + '  ')}`)
      .join(',\n')}\n${pad}}`;
  };
  return walk(v, indent)
    .split('\n')
    .map((l, i) => (i === 0 ? l : l))
    .join('\n');
}

function failureText(c: CheckResult): string[] {
  const out: string[] = [];
  out.push(`${MARK[c.status]} ${c.id} — ${c.status.toUpperCase()}: ${c.message}`);
  out.push(`    checks: ${c.title}`);
  if (c.diagnosis) {
    out.push(`    diagnosis: ${c.diagnosis.title}`);
    out.push(`    fix: ${c.diagnosis.fix}`);
  }
  if (c.convention) out.push(`    this matches a documented convention, not the notes': ${c.convention.text}`);
  const cx = c.counterexample;
  if (cx) {
    out.push(`    smallest failing input: ${compactJson(cx.input)}`);
    if (cx.threw !== undefined) out.push(`    it threw: ${cx.threw}`);
    if (cx.firstDifference) {
      const d = cx.firstDifference;
      out.push(`    first difference at ${d.where}: expected ${fmt(d.expected)}, got ${fmt(d.got)}${d.allowed !== undefined ? ` (allowed error ${fmt(d.allowed)})` : ''}`);
    }
    if (cx.expected !== undefined) out.push(`    expected: ${compactJson(cx.expected)}`);
    if (cx.got !== undefined) out.push(`    got:      ${compactJson(cx.got)}`);
    if (cx.note) out.push(`    note: ${cx.note}`);
  }
  if (c.replay) out.push(`    replay: ${c.replay}`);
  return out;
}

export function renderText(r: GradeReport): string {
  const w = Math.max(...r.checks.map((c) => c.id.length), 5);
  const lines: string[] = [];
  lines.push(`nn-oracle grade: ${r.submission}`);
  lines.push(`precision ${r.precision} · scope: ${r.scopeText} · seed ${r.seed} · ${(r.ms / 1000).toFixed(1)} s`);
  if (r.loadError) {
    lines.push('');
    lines.push(`the submission did not load${r.loadError.location ? ` (at ${r.loadError.location})` : ''}: ${r.loadError.message}`);
    if (r.loadError.frame) lines.push(`    ${r.loadError.frame}`);
    lines.push('no check was graded: fix the error above and submit again.');
  }
  lines.push('');
  lines.push(`    ${'check'.padEnd(w)}  ${'status'.padEnd(7)}  points`);
  for (const c of r.checks) lines.push(`  ${MARK[c.status]} ${c.id.padEnd(w)}  ${c.status.padEnd(7)}  ${c.points}/${c.maxPoints}`);
  lines.push('');
  lines.push(`score: ${r.score} / ${r.maxScore}`);
  // a submission that did not load has one message (above), not one per check
  const bad = r.loadError ? [] : r.checks.filter((c) => c.status !== 'pass');
  if (bad.length) {
    lines.push('');
    lines.push('what went wrong:');
    for (const c of bad) {
      lines.push('');
      lines.push(...failureText(c));
    }
  }
  if (r.output.length) {
    lines.push('');
    lines.push(`what the submission printed (${r.output.length} line${r.output.length > 1 ? 's' : ''}; ignored for grading):`);
    for (const l of r.output.slice(0, 40)) lines.push(`  | ${l}`);
    if (r.output.length > 40) lines.push(`  | … ${r.output.length - 40} more`);
  }
  if (r.replay) {
    lines.push('');
    lines.push(`replay this run: ${r.replay}`);
  }
  return lines.join('\n') + '\n';
}

export function toJson(r: GradeReport): object {
  return {
    score: r.score,
    maxScore: r.maxScore,
    seed: r.seed,
    submission: r.submission,
    precision: r.precision,
    scope: r.scope,
    scopeText: r.scopeText,
    ms: r.ms,
    ...(r.replay ? { replay: r.replay } : {}),
    ...(r.loadError ? { loadError: r.loadError } : {}),
    ...(r.isolation ? { isolation: r.isolation } : {}),
    ...(r.conventions ? { conventions: r.conventions } : {}),
    checks: r.checks.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      points: c.points,
      maxPoints: c.maxPoints,
      message: c.message,
      ...(c.counterexample ? { counterexample: c.counterexample } : {}),
      ...(c.diagnosis ? { diagnosis: c.diagnosis } : {}),
      ...(c.convention ? { convention: c.convention } : {}),
      ...(c.replay ? { replay: c.replay } : {}),
      seed: c.seed,
      runs: c.runs,
      ms: c.ms,
    })),
    output: r.output,
  };
}

/** Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io, "Output format"). */
export function toGradescope(r: GradeReport): object {
  return {
    score: r.score,
    execution_time: Math.round(r.ms / 1000),
    output: `nn-oracle: ${r.score}/${r.maxScore} (precision ${r.precision}, scope: ${r.scopeText}, seed ${r.seed})`,
    stdout_visibility: 'visible',
    tests: r.checks.map((c) => ({
      name: `${c.id}: ${c.title}`,
      number: c.id,
      score: c.points,
      max_score: c.maxPoints,
      status: c.status === 'pass' ? 'passed' : 'failed',
      output: c.status === 'pass' ? c.message : failureText(c).join('\n'),
      visibility: 'visible',
    })),
    ...(r.output.length ? { extra_data: { printed: r.output.slice(0, 200) } } : {}),
  };
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function toJunit(r: GradeReport): string {
  const failures = r.checks.filter((c) => c.status === 'fail').length;
  const errors = r.checks.filter((c) => c.status === 'error' || c.status === 'timeout').length;
  const skipped = r.checks.filter((c) => c.status === 'missing').length;
  const cases = r.checks.map((c) => {
    const head = `    <testcase classname="nn-oracle.${xml(c.id.split('.')[0]!)}" name="${xml(c.id)}" time="${(c.ms / 1000).toFixed(3)}">`;
    const body = failureText(c).join('\n');
    if (c.status === 'pass') return `${head}</testcase>`;
    if (c.status === 'missing') return `${head}\n      <skipped message="${xml(c.message)}"/>\n    </testcase>`;
    const tag = c.status === 'fail' ? 'failure' : 'error';
    return `${head}\n      <${tag} message="${xml(c.message)}" type="${c.status}">${xml(body)}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="nn-oracle" tests="${r.checks.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(r.ms / 1000).toFixed(3)}">`,
    `  <testsuite name="${xml(r.submission)}" tests="${r.checks.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(r.ms / 1000).toFixed(3)}">`,
    `    <properties><property name="seed" value="${r.seed}"/><property name="precision" value="${r.precision}"/><property name="score" value="${r.score}/${r.maxScore}"/></properties>`,
    ...cases,
    ...(r.output.length ? [`    <system-out>${xml(r.output.join('\n'))}</system-out>`] : []),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export async function renderReport(r: GradeReport, format: ReportFormat): Promise<string> {
  switch (format) {
    case 'text':
      return renderText(r);
    case 'json':
      return encodeJson(toJson(r)) + '\n';
    case 'gradescope':
      return JSON.stringify(toGradescope(r), null, 2) + '\n';
    case 'junit':
      return toJunit(r);
    case 'html': {
      const { renderHtmlReport } = await import('./report-html.js');
      return renderHtmlReport({ ...(toJson(r) as { score: number; maxScore: number; seed: number; checks: never[] }), submission: r.submission, precision: r.precision });
    }
  }
}
